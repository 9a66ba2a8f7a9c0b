import emojiRegex from "emoji-regex";

const JUMBO_MAX = 3;

/** Drawn as a picture: a character that is one by default, or one asked to be (VS16, a keycap). */
const PICTURE = /\p{Emoji_Presentation}|\uFE0F|\u20E3/u;

/**
 * A message of one to three emoji and nothing else (spaces aside) is shown large, as on Discord. Emoji are Unicode's
 * RGI sequences (skin tones, ZWJ families, flags, keycaps) drawn as pictures: "©" or "❤" without VS16 are text.
 */
export function isJumboEmoji(content: string): boolean {
  const text = content.replace(/\s+/g, "");
  if (text.length === 0) return false;
  let count = 0;
  let covered = 0;
  for (const match of text.matchAll(emojiRegex())) {
    if (match.index !== covered || !PICTURE.test(match[0]) || ++count > JUMBO_MAX) return false;
    covered += match[0].length;
  }
  return count > 0 && covered === text.length;
}
