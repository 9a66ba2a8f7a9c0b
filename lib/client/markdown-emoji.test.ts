import { expect, test } from "vitest";
import { isJumboEmoji } from "./markdown-emoji";

test.each(["😀", "👍🏽", " 🎉 🎉 ", "👨‍👩‍👧🇷🇺1️⃣", "❤️", "😀\n😀"])("%j is jumbo", (content) => {
  expect(isJumboEmoji(content)).toBe(true);
});

test.each(["", " ", "😀😀😀😀", "ok 👍", "👍!", "1", "#", "©", "❤", "**😀**", "`😀`", "||😀||", "\u200D", "😀\u200D"])("%j is not", (content) => {
  expect(isJumboEmoji(content)).toBe(false);
});
