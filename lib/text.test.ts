import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createRoomSchema, sendMessageSchema } from "./chat/schemas";
import { registerSchema } from "./auth/schemas";
import { skeletonKey } from "./db/keys";
import { isChatError } from "./errors";
import { hasHiddenCharacters, isText, isVisible } from "./text";
import { fieldWithoutText, parseInput } from "./validation";

describe("what counts as text", () => {
  it.each([
    ["NUL", "a\u0000b"],
    ["a lone high surrogate", "a\uD800b"],
    ["a lone low surrogate", "\uDC00"],
    ["a C0 control", "a\u0007"],
    ["a C1 control", "a\u0085"],
    ["DEL", "a\u007F"],
    ["a noncharacter", "a\uFFFE"],
    ["a noncharacter of the U+FDD0 block", "\uFDD0"],
    ["a noncharacter of a supplementary plane", "\u{10FFFF}"],
  ])("refuses %s", (_name, value) => {
    expect(isText(value)).toBe(false);
  });

  it.each([
    ["Cyrillic", "Привет, мир"],
    ["tabs and line breaks", "a\tb\nc\r\n"],
    ["emoji with joiners", "👨‍👩‍👧 🏳️‍🌈"],
    ["right-to-left text", "שלום \u202B"],
    ["a surrogate pair", "𝕏"],
  ])("accepts %s", (_name, value) => {
    expect(isText(value)).toBe(true);
  });

  it("finds a string that is not text anywhere in an input, keys included, and names its top-level field", () => {
    expect(fieldWithoutText({ room_id: 1, content: "ok" })).toBeNull();
    expect(fieldWithoutText({ content: "a\u0000" })).toBe("content");
    expect(fieldWithoutText({ nested: { deeper: ["x", "\uD800"] } })).toBe("nested");
    expect(fieldWithoutText({ ["bad\u0000key"]: 1 })).toBe("bad\u0000key");
    expect(fieldWithoutText("\uDFFF")).toBe("form");
  });

  it("parseInput refuses it with invalid_input before the schema runs", () => {
    const schema = z.object({ name: z.string() });
    try {
      parseInput(schema, { name: "a\u0000" });
      expect.unreachable();
    } catch (err) {
      expect(isChatError(err) && err.code).toBe("invalid_input");
      expect(isChatError(err) && err.fields).toEqual({ name: "not_text" });
    }
  });
});

describe("names", () => {
  it.each([
    ["a zero-width space", "Общий чат\u200B"],
    ["a right-to-left override", "abc\u202Egpj.exe"],
    ["a left-to-right isolate", "\u2066room\u2069"],
    ["a soft hyphen", "ро\u00ADза"],
    ["a zero-width joiner between letters", "a\u200Db"],
    ["a word joiner", "a\u2060b"],
  ])("hide nothing: %s is refused", (_name, value) => {
    expect(hasHiddenCharacters(value)).toBe(true);
  });

  it("keep the joiners and tags inside emoji", () => {
    expect(hasHiddenCharacters("👨‍👩‍👧 семья")).toBe(false);
    expect(hasHiddenCharacters("🏴󠁧󠁢󠁥󠁮󠁧󠁿 England")).toBe(false);
    expect(hasHiddenCharacters("❤️‍🔥 #игры")).toBe(false);
  });

  it("must show something", () => {
    expect(isVisible("\u200B\u200B")).toBe(false);
    expect(isVisible(" \u3164 \u2800 ")).toBe(false);
    expect(isVisible("\uFE0F")).toBe(false);
    expect(isVisible("👍")).toBe(true);
    expect(isVisible(".")).toBe(true);
  });

  it("are folded to NFKC before they are judged and stored", () => {
    expect(createRoomSchema.parse({ name: "  ｌｏｂｂｙ ①  " }).name).toBe("lobby 1");
    expect(registerSchema.safeParse({ username: "ｖｉｃｔｉｍ", email: "a@b.cd", password: "long-password-1", password_confirm: "long-password-1" }).data?.username).toBe(
      "victim",
    );
  });

  it("refuse what hides, and a name of nothing", () => {
    expect(createRoomSchema.safeParse({ name: "Общий чат\u200B" }).success).toBe(false);
    expect(createRoomSchema.safeParse({ name: "\u200B\u200D" }).success).toBe(false);
    expect(
      registerSchema.safeParse({ username: "bob", email: "a@b.cd", password: "long-password-1", password_confirm: "long-password-1", city: "Омск\u202E" })
        .success,
    ).toBe(false);
  });

  it("messages of only invisible characters are empty", () => {
    expect(sendMessageSchema.safeParse({ room_id: 1, content: "\u200B \u200C\u2060" }).success).toBe(false);
    expect(sendMessageSchema.safeParse({ room_id: 1, content: "\u200Bпривет" }).success).toBe(true);
  });
});

describe("confusable skeletons", () => {
  it.each([
    ["victim1", "vіctim1"],
    ["Общий чат", "Οбщий чат"],
    ["Общий чат", "OБЩИЙ ЧАТ"],
    ["paypal", "рaypal"],
    ["admin", "ａｄｍｉｎ"],
  ])("%s and %s look the same", (a, b) => {
    expect(skeletonKey(a)).toBe(skeletonKey(b));
  });

  it.each([
    ["Анна", "Алла"],
    ["Ёжик", "Ежик"],
    ["room1", "room2"],
  ])("%s and %s do not", (a, b) => {
    expect(skeletonKey(a)).not.toBe(skeletonKey(b));
  });
});
