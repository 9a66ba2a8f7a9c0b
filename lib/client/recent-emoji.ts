/** Per account: another account signed in later in this browser has its own. */
export const recentEmojiKey = (userId: number) => `discock:recent-emoji:${userId}`;

/** How many the picker's row of recently used emoji holds. */
export const RECENT_EMOJI_MAX = 8;

export interface RecentEmojiDeps {
  /** Read lazily and inside try: it throws where storage is disabled, and does not exist on the server. */
  storage: () => Pick<Storage, "getItem" | "setItem">;
}

/** The emoji I reacted with lately, newest first, kept in localStorage. */
export class RecentEmoji {
  constructor(
    private readonly key: string,
    private readonly deps: RecentEmojiDeps,
  ) {}

  list(): string[] {
    try {
      const parsed: unknown = JSON.parse(this.deps.storage().getItem(this.key) ?? "[]");
      return Array.isArray(parsed) ? parsed.filter((item): item is string => typeof item === "string").slice(0, RECENT_EMOJI_MAX) : [];
    } catch {
      return [];
    }
  }

  use(emoji: string): void {
    const next = [emoji, ...this.list().filter((item) => item !== emoji)].slice(0, RECENT_EMOJI_MAX);
    try {
      this.deps.storage().setItem(this.key, JSON.stringify(next));
    } catch {
      // Storage disabled or full: the row stays as it was.
    }
  }
}
