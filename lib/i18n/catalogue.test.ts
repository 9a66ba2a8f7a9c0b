import { describe, expect, it } from "vitest";
import { createTranslator } from "use-intl/core";
import { CATALOGUE } from "./catalogue";
import { LOCALES, type Locale } from "./locale";
import { errorText, LIMIT_VALUES } from "./translate";

type Tree = { [key: string]: string | Tree };

/** Every leaf of a catalogue as "namespace.key.subkey" → its message. */
function leaves(tree: Tree, prefix = ""): Map<string, string> {
  const found = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") found.set(path, value);
    else for (const [leaf, message] of leaves(value, path)) found.set(leaf, message);
  }
  return found;
}

const catalogues = LOCALES.map((locale) => ({ locale, messages: leaves(CATALOGUE[locale] as unknown as Tree) }));

/** A value for each argument a message names: enough to render it, whatever it counts. */
function sampleValues(message: string): Record<string, string | number> {
  const names = [...message.matchAll(/\{\s*(\w+)\s*(?:,|\})/g)].map((match) => match[1] ?? "");
  return { ...LIMIT_VALUES, ...Object.fromEntries(names.map((name) => [name, 3])) };
}

describe("the catalogue", () => {
  it.each(catalogues.flatMap(({ locale }) => LOCALES.filter((other) => other !== locale).map((other) => ({ locale, other }))))(
    "has every $locale key in $other too",
    ({ locale, other }) => {
      const theirs = catalogues.find((c) => c.locale === other)?.messages ?? new Map();
      const mine = catalogues.find((c) => c.locale === locale)?.messages ?? new Map();
      expect([...mine.keys()].filter((key) => !theirs.has(key))).toEqual([]);
    },
  );

  it.each(catalogues)("renders every $locale message without an error or an empty result", ({ locale, messages }) => {
    const problems: string[] = [];
    const t = createTranslator({ locale, messages: CATALOGUE[locale], onError: (error) => problems.push(error.message) }) as unknown as {
      (key: string, values?: Record<string, string | number>): string;
      markup: (key: string, values: Record<string, string | number | ((chunks: string) => string)>) => string;
    };
    for (const [key, message] of messages) {
      // Rich messages (<kbd>, <strong>) get each tag as a function, as components give them.
      const tags = [...message.matchAll(/<(\w+)>/g)].map((match) => match[1] ?? "");
      const text =
        tags.length > 0
          ? t.markup(key, { ...sampleValues(message), ...Object.fromEntries(tags.map((tag) => [tag, (chunks: string) => chunks])) })
          : t(key, sampleValues(message));
      if (!text.trim() || text === key) problems.push(`${key}: rendered as «${text}»`);
    }
    expect(problems).toEqual([]);
  });

  it("counts in Russian with one, few and many, and in English with one and other", () => {
    const seconds = (locale: Locale, n: number) => errorText(locale, "too_many_messages", { seconds: n });
    expect([1, 2, 5, 21, 22, 25].map((n) => seconds("ru", n))).toEqual([
      "Слишком много сообщений. Подождите 1 секунду.",
      "Слишком много сообщений. Подождите 2 секунды.",
      "Слишком много сообщений. Подождите 5 секунд.",
      "Слишком много сообщений. Подождите 21 секунду.",
      "Слишком много сообщений. Подождите 22 секунды.",
      "Слишком много сообщений. Подождите 25 секунд.",
    ]);
    expect([1, 2].map((n) => seconds("en", n))).toEqual(["Too many messages. Wait 1 second.", "Too many messages. Wait 2 seconds."]);
  });

  it("names the schemas' own limits in their sentences", () => {
    expect(errorText("ru", "message_too_long")).toBe("Сообщение не длиннее 2\u00A0000 символов");
    expect(errorText("en", "room_name_too_long")).toBe("The name can be at most 100 characters long");
  });
});
