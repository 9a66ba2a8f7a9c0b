// The time zone of the city a user wrote in their profile, for the local time on a profile card.
// Server-only: the place list behind it is 1.9 MB of JSON.

import { createRequire } from "node:module";
import { LRUCache } from "lru-cache";

/**
 * A row of city-timezones' data as it really is: its typings promise a zone on every row, but 48 rows
 * have none (Perm and Penza among them).
 */
interface Place {
  city: string;
  city_ascii: string;
  pop: number;
  iso3: string;
  province: string;
  timezone: string | null;
}

/** Longer than any place name in the data (39), short enough that junk costs nothing to refuse. */
const MAX_LENGTH = 100;

/** BGN/PCGN romanization, the one the data's Russian names follow (Yekaterinburg, Naberezhnyye Chelny). */
const LATIN: Record<string, string> = {
  а: "a", б: "b", в: "v", г: "g", д: "d", ж: "zh", з: "z", и: "i", й: "y", к: "k", л: "l", м: "m",
  н: "n", о: "o", п: "p", р: "r", с: "s", т: "t", у: "u", ф: "f", х: "kh", ц: "ts", ч: "ch", ш: "sh",
  щ: "shch", ъ: "", ы: "y", ь: "", э: "e", ю: "yu", я: "ya",
};
/** After these, and first in a word, е is romanized "ye". */
const YE_AFTER = new Set([..."аеёиоуыэюяйъь"]);

function romanize(text: string): string {
  let latin = "";
  let previous = "";
  for (const letter of text) {
    // ё as е: Russian writers often drop its dots, and the data spells Орёл "Orel".
    if (letter === "е" || letter === "ё") latin += previous === "" || YE_AFTER.has(previous) ? "ye" : "e";
    else latin += LATIN[letter] ?? letter;
    previous = /\p{L}/u.test(letter) ? letter : "";
  }
  return latin;
}

/**
 * One key for all the ways a name is written: case, accents, punctuation and spacing do not matter,
 * and "St." is "Saint". Spellings of Russian names that the data and Russians writing in Latin letters
 * mix are folded: -iy/-yy/-y (Nizhny Novgorod, Velikiy Novgorod, Groznyy) and a first Ye/E
 * (Yekaterinburg, Ekaterinburg).
 */
function keyOf(name: string): string {
  return romanize(name.toLowerCase().normalize("NFC"))
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .replace(/['’ʼ]/g, "")
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .map((word) => (word === "st" ? "saint" : word.replace(/yy/g, "y").replace(/iy$/, "y").replace(/^ye/, "e")))
    .join(" ");
}

/** Names, as keys, that the data knows under another one: mostly Russian exonyms, romanized. */
const EXONYMS = new Map(
  Object.entries({
    moskva: "moscow",
    "sankt peterburg": "saint petersburg",
    spb: "saint petersburg",
    piter: "saint petersburg",
    "rostov na donu": "rostov",
    "rostov on don": "rostov",
    kharkov: "kharkiv",
    gomel: "homyel",
    kiyev: "kyiv",
    kiev: "kyiv",
    kishinev: "chisinau",
    tallin: "tallinn",
    vilnyus: "vilnius",
    khelsinki: "helsinki",
    varshava: "warsaw",
    praga: "prague",
    vena: "vienna",
    gamburg: "hamburg",
    myunkhen: "munich",
    parizh: "paris",
    rim: "rome",
    afiny: "athens",
    stambul: "istanbul",
    lissabon: "lisbon",
    "tel aviv": "tel aviv yafo",
    iyerusalim: "jerusalem",
    dubay: "dubai",
    deli: "delhi",
    pekin: "beijing",
    seul: "seoul",
    "ulan bator": "ulaanbaatar",
    tokio: "tokyo",
    // Sidney, Nebraska (6,000 people) would otherwise answer for Сидней.
    sidney: "sydney",
    "nyu york": "new york",
    vashington: "washington d c",
    washington: "washington d c",
    chikago: "chicago",
    "san frantsisko": "san francisco",
    "los andzheles": "los angeles",
  }),
);

/**
 * A row without a zone takes its province's zone when every other place there agrees on one:
 * right for Perm and Penza, and no guess where a province spans several zones.
 */
function provinceZones(places: readonly Place[]): Map<string, string | null> {
  const agreed = new Map<string, string | null>();
  for (const { iso3, province, timezone } of places) {
    if (!timezone || !province) continue;
    const key = `${iso3}/${province}`;
    const known = agreed.get(key);
    agreed.set(key, known === undefined || known === timezone ? timezone : null);
  }
  return agreed;
}

let placeByKey: Map<string, { zone: string; pop: number }> | undefined;

/** Loaded on the first lookup, not at import, so a process that shows no profile card never pays for it. */
function places(): Map<string, { zone: string; pop: number }> {
  if (placeByKey) return placeByKey;
  const { cityMapping } = createRequire(import.meta.url)("city-timezones") as { cityMapping: readonly Place[] };
  const byProvince = provinceZones(cityMapping);
  placeByKey = new Map();
  for (const place of cityMapping) {
    const zone = place.timezone ?? byProvince.get(`${place.iso3}/${place.province}`);
    if (!zone) continue;
    // Namesakes: whoever writes "London" or "St. Petersburg" most likely means the big one.
    for (const key of new Set([keyOf(place.city), keyOf(place.city_ascii)])) {
      const known = placeByKey.get(key);
      if (!known || place.pop > known.pop) placeByKey.set(key, { zone, pop: place.pop });
    }
  }
  return placeByKey;
}

/** The ICU of the running Node may not know a zone the data names (Europe/Kyiv is a 2022 name). */
function isKnownZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat(undefined, { timeZone });
    return true;
  } catch (error) {
    if (error instanceof RangeError) return false;
    throw error;
  }
}

function lookUp(city: string): string | null {
  const key = keyOf(city);
  const zone = places().get(EXONYMS.get(key) ?? key)?.zone;
  return zone && isKnownZone(zone) ? zone : null;
}

/** lru-cache holds no null; this stands for "no zone". */
const NO_ZONE = "";
/** A profile card asks on every render, and the same few cities come up again and again. */
const answers = new LRUCache<string, string>({ max: 5_000 });

/** The IANA time zone of a city named in Russian or English, or null when the name is not a known city. */
export function timeZoneOfCity(city: string): string | null {
  if (city.length > MAX_LENGTH) return null;
  let zone = answers.get(city);
  if (zone === undefined) {
    zone = lookUp(city) ?? NO_ZONE;
    answers.set(city, zone);
  }
  return zone || null;
}
