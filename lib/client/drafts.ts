/** Per account and room: another account signed in later in this browser never sees these. */
export const draftKey = (userId: number, roomId: number) => `discock:draft:${userId}:${roomId}`;

export interface DraftsDeps {
  /** Read lazily and inside try: it throws where storage is disabled, and does not exist on the server. */
  storage: () => Pick<Storage, "getItem" | "setItem" | "removeItem">;
}

/**
 * What the user has typed and not sent, per room. Memory is the truth and storage a copy, so typing still works
 * where storage throws (disabled, full) and only surviving a reload is lost.
 */
export class Drafts {
  private readonly memory = new Map<string, string>();
  private readonly listeners = new Set<() => void>();

  constructor(private readonly deps: DraftsDeps) {}

  read(key: string): string {
    let text = this.memory.get(key);
    if (text === undefined) {
      text = this.load(key);
      this.memory.set(key, text);
    }
    return text;
  }

  write(key: string, text: string) {
    this.memory.set(key, text);
    try {
      // A blank draft is no draft: nothing is left behind in storage for every room ever opened.
      if (text.trim() === "") this.deps.storage().removeItem(key);
      else this.deps.storage().setItem(key, text);
    } catch {
      // Kept in memory for this page.
    }
    this.notify();
  }

  /** Storage changed under us (another tab; null: cleared): the next read goes back to it. */
  forget(key: string | null) {
    if (key === null) this.memory.clear();
    else if (!this.memory.delete(key)) return;
    this.notify();
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private load(key: string): string {
    try {
      return this.deps.storage().getItem(key) ?? "";
    } catch {
      return "";
    }
  }

  private notify() {
    for (const listener of this.listeners) listener();
  }
}
