// The trailing slash picks the npm package over Node's deprecated built-in of the same name (punycode.js README).
import punycode from "punycode/";

/** Why a link's text could mislead: then the real host is shown beside it. */
export type LinkWarning = "userinfo" | "punycode" | "hidden";

export interface LinkDisplay {
  /** What the anchor shows: built from the parsed URL, never from the characters as sent. */
  text: string;
  /** Where the link really goes (host and port), in the same form as in `text`. */
  host: string;
  warnings: LinkWarning[];
}

/**
 * Characters that show nothing or reorder what follows: bidi controls (U+202A–U+202E, U+2066–U+2069, U+200E/F,
 * U+061C), zero-width characters and other format characters, controls, separators, private use, unassigned code
 * points, and letters that render blank (Hangul fillers, the braille blank).
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Z}\p{Co}\p{Cs}\p{Cn}\u115F\u1160\u3164\uFFA0\u2800]/u;

const PERCENT_RUN = /(?:%[0-9A-Fa-f]{2})+/g;

const percentEncode = (char: string) =>
  char.length === 1 && char.charCodeAt(0) < 0x80 ? `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}` : encodeURIComponent(char);

/**
 * Decodes the parser's percent-escapes where they hide readable letters (a Cyrillic path), keeps the rest escaped:
 * ASCII escapes may be structure (%2F, %3F), and invisible characters must stay visible as escapes.
 */
function readable(serialised: string): { text: string; hidden: boolean } {
  let hidden = false;
  const text = serialised.replace(PERCENT_RUN, (run) => {
    let decoded: string;
    try {
      decoded = decodeURIComponent(run);
    } catch {
      return run;
    }
    return Array.from(decoded, (char) => {
      if (char.charCodeAt(0) < 0x80) return percentEncode(char);
      if (!INVISIBLE.test(char)) return char;
      hidden = true;
      return percentEncode(char);
    }).join("");
  });
  return { text, hidden };
}

/** Scripts a domain label may be written in; a letter outside them makes the label unreadable for us, so punycode. */
const SCRIPTS = [
  "Latin", "Cyrillic", "Greek", "Armenian", "Georgian", "Hebrew", "Arabic", "Syriac", "Thaana", "Devanagari", "Bengali",
  "Gurmukhi", "Gujarati", "Oriya", "Tamil", "Telugu", "Kannada", "Malayalam", "Sinhala", "Thai", "Lao", "Tibetan",
  "Myanmar", "Khmer", "Mongolian", "Ethiopic", "Han", "Hiragana", "Katakana", "Hangul", "Bopomofo",
].map((name) => ({ name, pattern: new RegExp(`\\p{Script=${name}}`, "u") }));

const NEUTRAL = /[\p{Script=Common}\p{Script=Inherited}]/u;

/** The mixes UTS #39 calls "highly restrictive": Latin may sit beside the scripts written together in CJK text. */
const ALLOWED_MIXES = [
  ["Latin", "Han", "Hiragana", "Katakana"],
  ["Latin", "Han", "Bopomofo"],
  ["Latin", "Han", "Hangul"],
].map((mix) => new Set(mix));

/** Lowercase letters that pass for Latin ones: a label made only of them reads as a Latin name. */
const LATIN_LOOKALIKES: Record<string, { letters: RegExp; homeTlds: Set<string> }> = {
  Cyrillic: {
    letters: /^[асԁеһіјӏкорԛѕԝхуъьҽпгѵѡ]+$/u,
    homeTlds: new Set(["bg", "by", "kg", "kz", "mk", "mn", "rs", "ru", "su", "tj", "ua", "uz"]),
  },
  Greek: { letters: /^[αικνορτυχγω]+$/u, homeTlds: new Set(["gr", "cy"]) },
};

function scriptsOf(label: string): Set<string> | null {
  const scripts = new Set<string>();
  for (const char of label) {
    if (NEUTRAL.test(char)) continue;
    const script = SCRIPTS.find(({ pattern }) => pattern.test(char));
    if (!script) return null;
    scripts.add(script.name);
  }
  return scripts;
}

/** Whether a decoded label can be shown in Unicode without passing for another name. */
function isReadableLabel(label: string, tld: string): boolean {
  // Only letters, marks, digits and hyphens: a U+2215 "∕" inside a label would fake a path after a fake host.
  if (!/^[\p{L}\p{M}\p{Nd}-]+$/u.test(label) || INVISIBLE.test(label)) return false;
  const scripts = scriptsOf(label);
  if (!scripts) return false;
  if (scripts.size > 1 && !ALLOWED_MIXES.some((mix) => [...scripts].every((script) => mix.has(script)))) return false;
  const [only] = scripts;
  const lookalike = scripts.size === 1 && only !== undefined ? LATIN_LOOKALIKES[only] : undefined;
  // Under a Latin TLD a whole-label lookalike (Cyrillic "аррӏе.com") reads as a Latin name; its own ccTLDs (.ru) and
  // non-ASCII TLDs (.рф) are where such words are genuine.
  const latinTld = /^[a-z]+$/.test(tld);
  return !(lookalike && latinTld && !lookalike.homeTlds.has(tld) && lookalike.letters.test(label.replace(/[^\p{L}]/gu, "")));
}

/** The hostname in Unicode when every label reads as what it is, otherwise the parser's ASCII (xn--) form. */
function displayHostname(hostname: string): { text: string; punycode: boolean } {
  const labels = hostname.split(".");
  if (!labels.some((label) => label.startsWith("xn--"))) return { text: hostname, punycode: false };
  const tld = labels.findLast((label) => label !== "") ?? "";
  try {
    const decoded = labels.map((label) => (label.startsWith("xn--") ? punycode.toUnicode(label) : label));
    if (decoded.every((label) => label === "" || isReadableLabel(label, tld))) return { text: decoded.join("."), punycode: false };
  } catch {
    // An xn-- label that does not decode is shown as the parser has it.
  }
  return { text: hostname, punycode: true };
}

/**
 * How to show a parsed http(s) link so that it cannot pass for another destination. `typed` is the text as sent, used
 * only to leave out the root "/" the parser adds, so "https://example.com" reads as written.
 */
export function describeLink(url: URL, typed: string): LinkDisplay {
  const warnings: LinkWarning[] = [];
  const hostname = displayHostname(url.hostname);
  const host = url.port ? `${hostname.text}:${url.port}` : hostname.text;
  if (hostname.punycode) warnings.push("punycode");

  let hidden = INVISIBLE.test(typed);
  const show = (part: string) => {
    const shown = readable(part);
    hidden ||= shown.hidden;
    return shown.text;
  };
  let userinfo = "";
  if (url.username || url.password) {
    userinfo = `${show(url.username)}${url.password ? `:${show(url.password)}` : ""}@`;
    warnings.push("userinfo");
  }
  const bareRoot = url.pathname === "/" && !url.search && !url.hash && !typed.endsWith("/");
  const rest = `${bareRoot ? "" : show(url.pathname)}${show(url.search)}${show(url.hash)}`;
  if (hidden) warnings.push("hidden");
  return { text: `${url.protocol}//${userinfo}${host}${rest}`, host, warnings };
}
