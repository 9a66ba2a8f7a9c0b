import type { EmojiData } from "emoji-picker-react/primitives";

/**
 * The reader's dataset, each emoji also findable by its names in the other language: a Russian reader who types
 * "fire" finds 🔥 as one who types «огонь» does. The picker shows an emoji's last name, so the reader's go last.
 */
export function withNamesFrom(reader: EmojiData, other: EmojiData): EmojiData {
  const otherNames = new Map<string, string[]>();
  for (const emojis of Object.values(other.emojis)) for (const emoji of emojis) otherNames.set(emoji.u, emoji.n);
  const emojis = Object.fromEntries(
    Object.entries(reader.emojis).map(([category, list]) => [
      category,
      list.map((emoji) => ({ ...emoji, n: [...(otherNames.get(emoji.u) ?? []).filter((name) => !emoji.n.includes(name)), ...emoji.n] })),
    ]),
  );
  return { ...reader, emojis };
}
