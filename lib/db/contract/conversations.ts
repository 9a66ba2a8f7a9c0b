import { describe, expect } from "vitest";
import type { Message, Store } from "../types";
import { insertRoomNamed, MISSING_ID, newUser, say, send, type StoreTest } from "./fixtures";

const at = (iso: string) => new Date(iso);

async function roomWithAuthor(store: Store) {
  const room = await insertRoomNamed(store);
  const author = await store.insertUser(newUser());
  const reader = await store.insertUser(newUser());
  return { room, author, reader };
}

export function conversationsContract(it: StoreTest) {
  describe("edits, deletions, replies and reactions", () => {
    it("editMessage stores the content and the time with a new version, and refuses a missing, foreign-room or deleted message", async ({ store }) => {
      const { room, author } = await roomWithAuthor(store);
      const other = await insertRoomNamed(store);
      const { message } = await say(store, room, author, "опечтка");

      const edited = await store.editMessage({ id: message.id, roomId: room.id, content: "опечатка", at: at("2026-11-26T10:00:00.000Z") });

      expect(edited).toEqual({ ...message, content: "опечатка", editedAt: at("2026-11-26T10:00:00.000Z"), version: edited?.version });
      expect(edited?.version).toBeGreaterThan(message.version);
      expect(await store.getMessage(message.id)).toEqual(edited);
      expect(await store.editMessage({ id: message.id, roomId: other.id, content: "чужая", at: new Date() })).toBeNull();
      expect(await store.editMessage({ id: MISSING_ID, roomId: room.id, content: "нет", at: new Date() })).toBeNull();
      await store.deleteMessage({ id: message.id, roomId: room.id, at: new Date() });
      expect(await store.editMessage({ id: message.id, roomId: room.id, content: "поздно", at: new Date() })).toBeNull();
    });

    it("deleteMessage keeps a tombstone with its id and place, empties the content, drops its reactions, once", async ({ store }) => {
      const { room, author, reader } = await roomWithAuthor(store);
      const { message: before } = await say(store, room, author, "до");
      const { message } = await say(store, room, author, "секрет");
      const { message: after } = await say(store, room, author, "после");
      await store.addReaction({ messageId: message.id, roomId: room.id, userId: reader.id, emoji: "👍" }, 20);

      const deleted = await store.deleteMessage({ id: message.id, roomId: room.id, at: at("2026-11-26T11:00:00.000Z") });

      expect(deleted).toMatchObject({ id: message.id, content: "", deletedAt: at("2026-11-26T11:00:00.000Z") });
      expect(deleted?.version).toBeGreaterThan(message.version);
      const page = await store.listMessages({ roomId: room.id, limit: 10 });
      expect(page.map((m) => [m.id, m.content])).toEqual([
        [before.id, "до"],
        [message.id, ""],
        [after.id, "после"],
      ]);
      expect((await store.viewMessages(page, reader.id))[1]?.reactions).toEqual([]);
      expect(await store.deleteMessage({ id: message.id, roomId: room.id, at: new Date() })).toBeNull();
      expect(await store.deleteMessage({ id: MISSING_ID, roomId: room.id, at: new Date() })).toBeNull();
    });

    it("a reply shows the answered message as it is now: cut to 100 characters, edited, then deleted", async ({ store }) => {
      const { room, author, reader } = await roomWithAuthor(store);
      const long = `${"а".repeat(99)}бв`;
      const { message: original } = await say(store, room, author, long);
      const stored = await send(store, { roomId: room.id, userId: reader.id, content: "ответ", clientId: null, replyToId: original.id });
      if (stored.status !== "stored") throw new Error(stored.status);
      expect(stored.message.replyToId).toBe(original.id);

      const view = async () => (await store.viewMessages([stored.message], reader.id))[0]?.replyTo;
      expect(await view()).toEqual({ id: original.id, username: author.username, content: `${"а".repeat(99)}б`, deleted: false });
      await store.editMessage({ id: original.id, roomId: room.id, content: "исправлено", at: new Date() });
      expect(await view()).toMatchObject({ content: "исправлено", deleted: false });
      await store.deleteMessage({ id: original.id, roomId: room.id, at: new Date() });
      expect(await view()).toEqual({ id: original.id, username: author.username, content: "", deleted: true });
      expect((await store.viewMessages([original], reader.id))[0]?.replyTo).toBeNull();
    });

    it("reactions count per emoji in the order they first came, say whether the reader is among them, and are idempotent", async ({ store }) => {
      const { room, author, reader } = await roomWithAuthor(store);
      const third = await store.insertUser(newUser());
      const { message } = await say(store, room, author, "реакции");
      // Apart in time, so the order of first appearance does not fall back to the emoji's own order.
      const react = async (userId: number, emoji: string) => {
        await new Promise((resolve) => setTimeout(resolve, 3));
        return store.addReaction({ messageId: message.id, roomId: room.id, userId, emoji }, 20);
      };

      const first = await react(reader.id, "👍");
      expect(first).toEqual({ status: "changed", version: expect.any(Number) as number });
      expect(await react(reader.id, "👍")).toEqual({ status: "unchanged" });
      await react(third.id, "🎉");
      await react(author.id, "👍");

      const [seenByReader] = await store.viewMessages([message], reader.id);
      expect(seenByReader?.reactions).toEqual([
        { emoji: "👍", count: 2, me: true },
        { emoji: "🎉", count: 1, me: false },
      ]);
      expect((await store.viewMessages([message], null))[0]?.reactions.map((r) => r.me)).toEqual([false, false]);
      expect(await store.listReactors(message.id, "👍", 10)).toEqual([
        { id: reader.id, username: reader.username },
        { id: author.id, username: author.username },
      ]);

      const removed = await store.removeReaction({ messageId: message.id, roomId: room.id, userId: reader.id, emoji: "👍" });
      expect(removed).toEqual({ status: "changed", version: expect.any(Number) as number });
      expect(await store.removeReaction({ messageId: message.id, roomId: room.id, userId: reader.id, emoji: "👍" })).toEqual({ status: "unchanged" });
      // 👍 now first appeared with its remaining reactor, after 🎉.
      expect((await store.viewMessages([message], reader.id))[0]?.reactions).toEqual([
        { emoji: "🎉", count: 1, me: false },
        { emoji: "👍", count: 1, me: false },
      ]);
      // Each change moved the message forward on the change cursor, so a client catching up sees it.
      const latest = await store.getMessage(message.id);
      expect(latest?.version).toBe(removed.status === "changed" ? removed.version : -1);
      expect(await store.listMessages({ roomId: room.id, limit: 10, changedAfter: message.version })).toEqual([latest]);
    });

    it("a message takes at most maxDistinct emoji, though more people may add one it already has", async ({ store }) => {
      const { room, author, reader } = await roomWithAuthor(store);
      const { message } = await say(store, room, author, "много");
      const react = (userId: number, emoji: string) => store.addReaction({ messageId: message.id, roomId: room.id, userId, emoji }, 2);
      await react(author.id, "😀");
      await react(author.id, "😁");

      expect(await react(reader.id, "😂")).toEqual({ status: "too_many" });
      expect(await react(reader.id, "😀")).toMatchObject({ status: "changed" });
      expect((await store.viewMessages([message], null))[0]?.reactions.map((r) => [r.emoji, r.count])).toEqual([
        ["😀", 2],
        ["😁", 1],
      ]);
    });

    it("reactions on a missing, deleted or other room's message answer no_message", async ({ store }) => {
      const { room, author, reader } = await roomWithAuthor(store);
      const other = await insertRoomNamed(store);
      const { message } = await say(store, room, author, "x");
      const input = (overrides: object) => ({ messageId: message.id, roomId: room.id, userId: reader.id, emoji: "👍", ...overrides });

      expect(await store.addReaction(input({ roomId: other.id }), 20)).toEqual({ status: "no_message" });
      expect(await store.addReaction(input({ messageId: MISSING_ID }), 20)).toEqual({ status: "no_message" });
      await store.deleteMessage({ id: message.id, roomId: room.id, at: new Date() });
      expect(await store.addReaction(input({}), 20)).toEqual({ status: "no_message" });
      expect(await store.removeReaction(input({}))).toEqual({ status: "no_message" });
    });

    it("`around` returns about half the page before a message and the rest from it, oldest first", async ({ store }) => {
      const { room, author } = await roomWithAuthor(store);
      const ids: number[] = [];
      for (let i = 0; i < 12; i++) ids.push((await say(store, room, author, `№${i}`)).message.id);
      const around = ids[6] ?? 0;

      expect((await store.listMessages({ roomId: room.id, limit: 6, around })).map((m) => m.id)).toEqual(ids.slice(3, 9));
      expect((await store.listMessages({ roomId: room.id, limit: 5, around: ids[0] ?? 0 })).map((m) => m.id)).toEqual(ids.slice(0, 3));
      expect((await store.listMessages({ roomId: room.id, limit: 4, around: ids[11] ?? 0 })).map((m) => m.id)).toEqual(ids.slice(9, 12));
    });

    it("a reader following changed_after while others edit and react never skips a change", async ({ store }) => {
      const { room, author } = await roomWithAuthor(store);
      const people = await Promise.all(Array.from({ length: 4 }, () => store.insertUser(newUser())));
      const targets: Message[] = [];
      for (let i = 0; i < 5; i++) targets.push((await say(store, room, author, `цель ${i}`)).message);
      let cursor = Math.max(...targets.map((m) => m.version));
      const seenVersions: number[] = [];
      let changing = true;
      const reader = (async () => {
        for (;;) {
          const finished = !changing;
          const page = await store.listMessages({ roomId: room.id, limit: 10, changedAfter: cursor });
          for (const message of page) seenVersions.push(message.version);
          cursor = page.at(-1)?.version ?? cursor;
          if (page.length < 10 && finished) return;
        }
      })();
      const finalVersions = await Promise.all(
        people.map(async (person, p) => {
          for (let i = 0; i < 15; i++) {
            const target = targets[(p + i) % targets.length];
            if (!target) continue;
            if (i % 3 === 0) await store.editMessage({ id: target.id, roomId: room.id, content: `правка ${p}.${i}`, at: new Date() });
            else await store.addReaction({ messageId: target.id, roomId: room.id, userId: person.id, emoji: i % 2 ? "👍" : "🎉" }, 20);
          }
        }),
      ).then(async () => Promise.all(targets.map(async (t) => (await store.getMessage(t.id))?.version ?? 0)));
      changing = false;
      await reader;

      // Whatever the interleaving, each message's last version reached the reader.
      for (const version of finalVersions) expect(seenVersions).toContain(version);
    });
  });
}
