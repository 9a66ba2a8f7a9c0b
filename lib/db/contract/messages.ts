import { describe, expect } from "vitest";
import type { Room, Store, User } from "../types";
import { expectRecent, idsOf, insertRoomNamed, MISSING_ID, newUser, say, send, sessionOf, type StoreTest, tag } from "./fixtures";

export function messagesContract(it: StoreTest) {
  describe("messages", () => {
    it("insertMessage returns the stored message with its author's name and city", async ({ store }) => {
      const user = await store.insertUser(newUser({ username: `Пётр_${tag()}`, city: "Тверь" }));
      const room = await insertRoomNamed(store);
      const clientId = `c_${tag()}`;

      const { message, created } = await say(store, room, user, "Привет, мир", clientId);

      expect(created).toBe(true);
      expect(message).toEqual({
        id: message.id,
        roomId: room.id,
        userId: user.id,
        content: "Привет, мир",
        createdAt: message.createdAt,
        clientId,
        version: message.version,
        username: user.username,
        userCity: "Тверь",
        editedAt: null,
        deletedAt: null,
        replyToId: null,
      });
      expectRecent(message.createdAt);
      expect(await store.getMessage(message.id)).toEqual(message);
      expect(await store.listMessages({ roomId: room.id, limit: 10 })).toEqual([message]);
    });

    it("insertMessage into a missing room is refused and stores nothing", async ({ store }) => {
      const user = await store.insertUser(newUser());
      const deleted = await insertRoomNamed(store);
      await store.deleteRoom(deleted.id);

      expect(await send(store, { roomId: deleted.id, userId: user.id, content: "в пустоту", clientId: `c_${tag()}` })).toEqual({ status: "refused" });
      expect(await send(store, { roomId: MISSING_ID, userId: user.id, content: "в пустоту", clientId: null })).toEqual({ status: "refused" });
      expect(await store.listMessages({ roomId: deleted.id, limit: 10 })).toEqual([]);
    });

    it("insertMessage stores nothing once the sender's session has ended, expired or its user was deactivated", async ({ store }) => {
      const room = await insertRoomNamed(store);
      const author = await store.insertUser(newUser());
      const stranger = await store.insertUser(newUser());
      const { message: before } = await say(store, room, author, "пока можно", `c_${tag()}`);
      const ended = await sessionOf(store, author.id);
      const expired = `s_${tag()}`;
      await store.insertSession({ id: expired, userId: author.id, expiresAt: new Date(Date.now() - 1_000) });
      const strangers = await sessionOf(store, stranger.id);
      const attempt = (sessionId: string, clientId: string | null = null) =>
        store.insertMessage({ roomId: room.id, userId: author.id, content: "поздно", clientId, sessionId });

      expect(await attempt(expired)).toEqual({ status: "refused" });
      // Another user's live session does not make a send in the author's name.
      expect(await attempt(strangers)).toEqual({ status: "refused" });
      await store.deleteSession(ended);
      expect(await attempt(ended)).toEqual({ status: "refused" });
      expect(await attempt(ended, `c_${tag()}`)).toEqual({ status: "refused" });
      // A retry of what was stored before still gets its ack, and nothing new is written.
      expect(await attempt(ended, before.clientId)).toEqual({ status: "stored", message: before, created: false });

      const deactivated = await store.insertUser(newUser());
      const live = await sessionOf(store, deactivated.id);
      await store.setUserActive(deactivated.id, false);
      expect(await store.insertMessage({ roomId: room.id, userId: deactivated.id, content: "нельзя", clientId: null, sessionId: live })).toEqual({
        status: "refused",
      });
      expect(await store.listMessages({ roomId: room.id, limit: 10 })).toEqual([before]);
    });

    it("getMessage returns null for a missing message", async ({ store }) => {
      expect(await store.getMessage(MISSING_ID)).toBeNull();
    });

    it("a repeated (userId, clientId) returns the stored message with created=false", async ({ store }) => {
      const user = await store.insertUser(newUser());
      const room = await insertRoomNamed(store);
      const clientId = `c_${tag()}`;

      const first = await say(store, room, user, "раз", clientId);
      const again = await say(store, room, user, "два", clientId);

      expect(first.created).toBe(true);
      expect(again).toEqual({ status: "stored", message: first.message, created: false });
      expect(await store.listMessages({ roomId: room.id, limit: 10 })).toEqual([first.message]);
    });

    it("the same clientId from another user is another message", async ({ store }) => {
      const alice = await store.insertUser(newUser());
      const bob = await store.insertUser(newUser());
      const room = await insertRoomNamed(store);
      const clientId = `c_${tag()}`;

      const fromAlice = await say(store, room, alice, "A", clientId);
      const fromBob = await say(store, room, bob, "B", clientId);

      expect(fromAlice.created).toBe(true);
      expect(fromBob.created).toBe(true);
      expect(fromBob.message.id).not.toBe(fromAlice.message.id);
      expect(fromBob.message).toMatchObject({ userId: bob.id, content: "B", clientId });
      expect(await store.listMessages({ roomId: room.id, limit: 10 })).toEqual([fromAlice.message, fromBob.message]);
    });

    it("a null clientId never deduplicates", async ({ store }) => {
      const user = await store.insertUser(newUser());
      const room = await insertRoomNamed(store);
      const send = () => say(store, room, user, "то же");

      const first = await send();
      const second = await send();

      expect([first.created, second.created]).toEqual([true, true]);
      expect(second.message.id).not.toBe(first.message.id);
      expect(second.message.clientId).toBeNull();
      expect(await store.listMessages({ roomId: room.id, limit: 10 })).toEqual([first.message, second.message]);
    });

    it("concurrent inserts with one clientId store one message", async ({ store }) => {
      const user = await store.insertUser(newUser());
      const room = await insertRoomNamed(store);
      const clientId = `c_${tag()}`;

      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) => say(store, room, user, `попытка ${i}`, clientId)),
      );

      const stored = await store.listMessages({ roomId: room.id, limit: 20 });
      expect(stored).toHaveLength(1);
      expect(results.filter((r) => r.created)).toHaveLength(1);
      for (const { message } of results) expect(message).toEqual(stored[0]);
    });

    it("ids increase monotonically across rooms and users", async ({ store }) => {
      const alice = await store.insertUser(newUser());
      const bob = await store.insertUser(newUser());
      const a = await insertRoomNamed(store);
      const b = await insertRoomNamed(store);
      const sends: Array<[Room, User]> = [[a, alice], [b, alice], [a, bob], [b, bob], [b, alice], [a, bob]];

      const ids: number[] = [];
      for (const [room, user] of sends) {
        const { message } = await say(store, room, user, "·");
        ids.push(message.id);
      }

      expect(ids).toEqual([...ids].sort((x, y) => x - y));
      expect(new Set(ids).size).toBe(ids.length);
    });
  });

  describe("listMessages keyset pages", () => {
    const TOTAL = 57;

    /** TOTAL messages in one room, with messages in another room interleaved so ids have gaps. */
    async function seedRoom(store: Store) {
      const user = await store.insertUser(newUser());
      const room = await insertRoomNamed(store);
      const other = await insertRoomNamed(store);
      const ids: number[] = [];
      for (let i = 0; i < TOTAL; i++) {
        if (i % 6 === 0) await say(store, other, user, `чужое ${i}`);
        const { message } = await say(store, room, user, `#${i}`);
        ids.push(message.id);
      }
      return { roomId: room.id, ids };
    }

    it("without cursors returns the latest `limit` messages, oldest first", async ({ store }) => {
      const { roomId, ids } = await seedRoom(store);

      const page = await store.listMessages({ roomId, limit: 20 });

      expect(idsOf(page)).toEqual(ids.slice(-20));
      expect(page.map((m) => m.content)).toEqual(Array.from({ length: 20 }, (_, i) => `#${TOTAL - 20 + i}`));
      expect(page.every((m) => m.roomId === roomId)).toBe(true);
    });

    it("walking back with `before` returns every message of the room exactly once", async ({ store }) => {
      const { roomId, ids } = await seedRoom(store);

      const seen: number[] = [];
      const sizes: number[] = [];
      let page = await store.listMessages({ roomId, limit: 20 });
      // Bounded so a cursor that is ignored fails the assertions instead of looping until the timeout.
      for (let step = 0; step < 10 && page.length > 0; step++) {
        seen.unshift(...idsOf(page));
        sizes.push(page.length);
        expect(page.every((m) => m.roomId === roomId)).toBe(true);
        page = await store.listMessages({ roomId, limit: 20, before: page[0]?.id });
      }

      expect(page).toEqual([]);
      expect(sizes).toEqual([20, 20, TOTAL - 40]);
      expect(seen).toEqual(ids);
    });

    it("`after` returns the next `limit` messages in ascending order", async ({ store }) => {
      const { roomId, ids } = await seedRoom(store);

      expect(idsOf(await store.listMessages({ roomId, limit: 20, after: ids[9] }))).toEqual(ids.slice(10, 30));
      expect(idsOf(await store.listMessages({ roomId, limit: 20, after: ids[49] }))).toEqual(ids.slice(50));
      expect(await store.listMessages({ roomId, limit: 20, after: ids.at(-1) })).toEqual([]);
    });

    it("`after` and `before` together bound both sides", async ({ store }) => {
      const { roomId, ids } = await seedRoom(store);

      const both = await store.listMessages({ roomId, limit: 20, after: ids[5], before: ids[15] });
      expect(idsOf(both)).toEqual(ids.slice(6, 15));
      const capped = await store.listMessages({ roomId, limit: 3, after: ids[5], before: ids[40] });
      expect(idsOf(capped)).toEqual(ids.slice(6, 9));
      expect(await store.listMessages({ roomId, limit: 20, after: ids[5], before: ids[6] })).toEqual([]);
    });

    it("respects the limit", async ({ store }) => {
      const { roomId, ids } = await seedRoom(store);

      expect(idsOf(await store.listMessages({ roomId, limit: 1 }))).toEqual(ids.slice(-1));
      expect(idsOf(await store.listMessages({ roomId, limit: 100 }))).toEqual(ids);
      expect(idsOf(await store.listMessages({ roomId, limit: 5, before: ids[30] }))).toEqual(ids.slice(25, 30));
      expect(await store.listMessages({ roomId, limit: 20, before: ids[0] })).toEqual([]);
    });
  });

  describe("change cursor", () => {
    it("gives every stored message a version that grows within its room", async ({ store }) => {
      const user = await store.insertUser(newUser());
      const [a, b] = [await insertRoomNamed(store), await insertRoomNamed(store)];
      const versions = [];
      for (const room of [a, b, a, a, b]) versions.push({ room: room.id, version: (await say(store, room, user, "v")).message.version });
      const inA = versions.filter((v) => v.room === a.id).map((v) => v.version);
      expect(inA).toEqual([...inA].sort((x, y) => x - y));
      expect(new Set(inA).size).toBe(3);

      const page = await store.listMessages({ roomId: a.id, limit: 10, changedAfter: inA[0] });
      expect(page.map((m) => m.version)).toEqual(inA.slice(1));
      expect(await store.listMessages({ roomId: a.id, limit: 1, changedAfter: 0 })).toHaveLength(1);
      expect(await store.getMessage(page[0]?.id ?? 0)).toMatchObject({ version: inA[1] });
    });

    it("a reader following changed_after while many writers insert into one room never skips a change", async ({ store }) => {
      const room = await insertRoomNamed(store);
      const writers = await Promise.all(Array.from({ length: 6 }, () => store.insertUser(newUser())));
      const seen: number[] = [];
      let writing = true;
      const follow = async (until: () => boolean) => {
        let cursor = 0;
        for (;;) {
          // Asked before the read, so the last pass starts after every write has finished.
          const finished = until();
          const page = await store.listMessages({ roomId: room.id, limit: 25, changedAfter: cursor });
          for (const message of page) seen.push(message.id);
          cursor = page.at(-1)?.version ?? cursor;
          if (page.length < 25 && finished) return;
        }
      };
      const reader = follow(() => !writing);
      const written = (
        await Promise.all(
          writers.map(async (writer) => {
            const ids: number[] = [];
            for (let i = 0; i < 40; i++) ids.push((await say(store, room, writer, `№${i}`)).message.id);
            return ids;
          }),
        )
      ).flat();
      writing = false;
      await reader;

      expect([...seen].sort((x, y) => x - y)).toEqual([...written].sort((x, y) => x - y));
      expect(new Set(seen).size).toBe(seen.length);
    });
  });
}
