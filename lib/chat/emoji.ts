import emojiRegex from "emoji-regex";

/**
 * Exactly one emoji as Unicode defines them (RGI sequences: skin tones, ZWJ families, flags, keycaps):
 * what a reaction is. Text, two emoji, or a joiner holding together things that are not one emoji are not.
 */
export function isSingleEmoji(text: string): boolean {
  const matches = [...text.matchAll(emojiRegex())];
  return matches.length === 1 && matches[0]?.[0] === text;
}
