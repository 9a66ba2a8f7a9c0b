import { describe, expect, test } from "vitest";
import { RECENT_EMOJI_MAX, RecentEmoji, recentEmojiKey } from "./recent-emoji";
import { memoryStorage } from "./testing/fixtures";

describe("recently used emoji", () => {
  test("newest first, each once, at most a row of them, per account", () => {
    const storage = memoryStorage();
    const mine = new RecentEmoji(recentEmojiKey(1), { storage: () => storage });
    for (const emoji of ["👍", "🔥", "😂", "👍"]) mine.use(emoji);
    expect(mine.list()).toEqual(["👍", "😂", "🔥"]);
    for (let i = 0; i < 20; i++) mine.use(String.fromCodePoint(0x1f600 + i));
    expect(mine.list()).toHaveLength(RECENT_EMOJI_MAX);
    expect(new RecentEmoji(recentEmojiKey(2), { storage: () => storage }).list()).toEqual([]);
  });

  test("whatever storage holds that is not a list of emoji, or storage that throws, gives an empty row", () => {
    const storage = memoryStorage();
    storage.setItem(recentEmojiKey(1), '{"x":1}');
    expect(new RecentEmoji(recentEmojiKey(1), { storage: () => storage }).list()).toEqual([]);
    storage.setItem(recentEmojiKey(1), '["👍", 5, null]');
    expect(new RecentEmoji(recentEmojiKey(1), { storage: () => storage }).list()).toEqual(["👍"]);
    const broken = new RecentEmoji(recentEmojiKey(1), {
      storage: () => {
        throw new Error("disabled");
      },
    });
    broken.use("👍");
    expect(broken.list()).toEqual([]);
  });
});
