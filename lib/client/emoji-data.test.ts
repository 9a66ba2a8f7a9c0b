import ru from "emoji-picker-react/data/emojis-ru";
import en from "emoji-picker-react/data/emojis-en";
import { describe, expect, test } from "vitest";
import { withNamesFrom } from "./emoji-data";

const namesOf = (data: typeof ru, unified: string) => Object.values(data.emojis).flat().find((emoji) => emoji.u === unified)?.n;

describe("the picker's dataset", () => {
  test("finds an emoji by its names in both languages, and still calls it by the reader's", () => {
    const forRussian = namesOf(withNamesFrom(ru, en), "1f525");
    expect(forRussian).toEqual(expect.arrayContaining(["огонь", "fire"]));
    expect(forRussian?.at(-1)).toBe(namesOf(ru, "1f525")?.at(-1));
    expect(namesOf(withNamesFrom(en, ru), "1f525")?.at(-1)).toBe("fire");
  });

  test("keeps the reader's categories and every emoji in its place", () => {
    const merged = withNamesFrom(ru, en);
    expect(merged.categories).toEqual(ru.categories);
    expect(Object.values(merged.emojis).flat().map((e) => e.u)).toEqual(Object.values(ru.emojis).flat().map((e) => e.u));
  });
});
