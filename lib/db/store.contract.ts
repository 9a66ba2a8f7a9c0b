import { randomBytes } from "node:crypto";
import { describe, expect, test } from "vitest";
import {
  UniqueViolation,
  type Message,
  type NewMessage,
  type NewRoom,
  type NewUser,
  type Room,
  type RoomQuota,
  type Store,
  type UniqueField,
  type User,
} from "./types";

export interface OpenedStore {
  store: Store;
  cleanup: () => Promise<void>;
}

const DEFAULT_ROOM = { name: "Общий чат", description: "Комната для всех" };
/** Fits PostgreSQL's int4 ids, and no test creates that many rows. */
const MISSING_ID = 2_000_000_000;

const tag = () => randomBytes(6).toString("hex");

function newUser(overrides: Partial<NewUser> = {}): NewUser {
  const t = tag();
  return { username: `user_${t}`, email: `${t}@example.test`, passwordHash: `h_${t}`, city: "Омск", ...overrides };
}

const NO_QUOTA: RoomQuota = { perCreator: 0, total: 0 };

export async function createRoom(store: Store, room: NewRoom, quota = NO_QUOTA): Promise<Room> {
  const result = await store.insertRoom(room, quota);
  if (result.status !== "created") throw new Error(`room ${room.name} was over the ${result.quota} quota`);
  return result.room;
}

async function insertRoomNamed(store: Store, name = `room_${tag()}`) {
  return createRoom(store, { name, description: "", createdBy: null });
}

/** Every room, read page by page as clients do. */
export async function allRooms(store: Store, pageSize = 2): Promise<Room[]> {
  const rooms: Room[] = [];
  for (let after: number | undefined; ; ) {
    const page = (await store.listRooms({ limit: pageSize, after, viewerId: MISSING_ID })).map((view) => view.room);
    rooms.push(...page);
    const last = page.at(-1);
    if (page.length < pageSize || !last) return rooms;
    after = last.id;
  }
}

const inAnHour = () => new Date(Date.now() + 3_600_000);

/** A live session per user and database, as a signed-in sender has. */
const openSessions = new WeakMap<Store, Map<number, string>>();
async function sessionOf(store: Store, userId: number): Promise<string> {
  const byUser = openSessions.get(store) ?? new Map<number, string>();
  openSessions.set(store, byUser);
  let id = byUser.get(userId);
  if (!id) {
    id = `s_${tag()}`;
    await store.insertSession({ id, userId, expiresAt: inAnHour() });
    byUser.set(userId, id);
  }
  return id;
}

export async function send(store: Store, message: Omit<NewMessage, "sessionId">) {
  return store.insertMessage({ ...message, sessionId: await sessionOf(store, message.userId) });
}

async function expectUniqueViolation(attempt: Promise<unknown>, field: UniqueField) {
  await expect(attempt).rejects.toBeInstanceOf(UniqueViolation);
  await expect(attempt).rejects.toHaveProperty("field", field);
}

/** Catches a timestamp stored in the wrong unit or time zone, not just a missing one. */
function expectRecent(date: Date) {
  expect(date).toBeInstanceOf(Date);
  expect(Math.abs(date.getTime() - Date.now())).toBeLessThan(60_000);
}

async function say(store: Store, room: Room, user: User, content: string, clientId: string | null = null) {
  const stored = await send(store, { roomId: room.id, userId: user.id, content, clientId });
  if (stored.status !== "stored") throw new Error(`message to room ${room.id} was not stored: ${stored.status}`);
  return stored;
}

const idsOf = (messages: Message[]) => messages.map((m) => m.id);

export function storeContract(name: string, makeStore: () => Promise<OpenedStore>) {
  const it = test.extend<{ store: Store; freshStore: Store }>({
    // One database per file keeps PostgreSQL fast; tests that share it create their own users and rooms.
    store: [
      async ({}, provide) => {
        const { store, cleanup } = await makeStore();
        await provide(store);
        await cleanup();
      },
      { scope: "file" },
    ],
    // For tests about database-wide state: the single default room, the order of every room, close().
    freshStore: async ({}, provide) => {
      const { store, cleanup } = await makeStore();
      await provide(store);
      await cleanup();
    },
  });

  describe(`Store contract: ${name}`, () => {
    describe("users", () => {
      it("insertUser returns the stored row; lookups find it by id and by username in any case", async ({ store }) => {
        const t = tag();
        const input = newUser({ username: `Mixed_${t}`, email: `Mixed_${t}@Example.TEST`, city: "Тагил" });

        const user = await store.insertUser(input);

        // Every key is listed so the row's exact shape is pinned; id and createdAt are checked just below.
        expect(user).toEqual({
          id: user.id,
          username: `Mixed_${t}`,
          email: `mixed_${t}@example.test`,
          passwordHash: input.passwordHash,
          city: "Тагил",
          createdAt: user.createdAt,
          isActive: true,
        });
        expect(user.id).toBeGreaterThan(0);
        expectRecent(user.createdAt);
        expect(await store.getUserById(user.id)).toEqual(user);
        expect(await store.getUserByUsername(`mIXED_${t}`)).toEqual(user);
        expect(await store.getUserByUsername(`MIXED_${t.toUpperCase()}`)).toEqual(user);
      });

      it("finds a Cyrillic username case-insensitively", async ({ store }) => {
        const t = tag();
        const user = await store.insertUser(newUser({ username: `Иван_${t}` }));

        expect(await store.getUserByUsername(`иВАН_${t}`)).toEqual(user);
        expect(await store.getUserByUsername(`ИВАН_${t}`)).toEqual(user);
      });

      it("returns null for a missing user", async ({ store }) => {
        expect(await store.getUserById(MISSING_ID)).toBeNull();
        expect(await store.getUserByUsername(`nobody_${tag()}`)).toBeNull();
      });

      it.for([
        ["ASCII", "Alice", "aLICE"],
        ["Cyrillic", "Иван", "иВАН"],
      ] as const)("refuses a username differing only in case (%s)", async ([, stored, attempted], { store }) => {
        const t = tag();
        const original = await store.insertUser(newUser({ username: `${stored}_${t}` }));
        const duplicate = newUser({ username: `${attempted}_${t}` });

        await expectUniqueViolation(store.insertUser(duplicate), "username");

        expect(await store.getUserByUsername(`${attempted}_${t}`)).toEqual(original);
        // The refused row would hold this email; a new user can still take it, so nothing was written.
        const other = await store.insertUser(newUser({ email: duplicate.email }));
        expect(other.email).toBe(duplicate.email);
      });

      it("lets two accounts give one email address, so registering reveals nothing about it", async ({ store }) => {
        const t = tag();
        const first = await store.insertUser(newUser({ email: `Bob_${t}@Example.test` }));
        const second = await store.insertUser(newUser({ email: `bob_${t}@EXAMPLE.TEST` }));

        expect(second.email).toBe(first.email);
      });

      it.for([
        ["a Cyrillic і for a Latin i", "victim_{t}1", "vіctim_{t}1"],
        ["a Greek Omicron for a Cyrillic О", "Олег_{t}", "Οлег_{t}"],
        ["rn for m", "mary_{t}", "rnary_{t}"],
      ] as const)("refuses a username confusable with a taken one (%s)", async ([, stored, attempted], { store }) => {
        const t = tag();
        const original = await store.insertUser(newUser({ username: stored.replace("{t}", t) }));
        const lookalike = newUser({ username: attempted.replace("{t}", t) });

        const attempt = store.insertUser(lookalike);
        await expectUniqueViolation(attempt, "username");
        await expect(attempt).rejects.toHaveProperty("confusable", true);
        expect(await store.getUserByUsername(lookalike.username)).toBeNull();
        expect(await store.getUserByUsername(original.username)).toEqual(original);
      });

      it("lets exactly one of several concurrent inserts of one username win", async ({ store }) => {
        const t = tag();
        const spellings = [`racer_${t}`, `RACER_${t}`, `Racer_${t}`, `rAcEr_${t}`, `racer_${t.toUpperCase()}`];

        const results = await Promise.allSettled(spellings.map((username) => store.insertUser(newUser({ username }))));

        const fulfilled = results.filter((r) => r.status === "fulfilled");
        const rejected = results.filter((r) => r.status === "rejected");
        expect(fulfilled).toHaveLength(1);
        expect(rejected).toHaveLength(spellings.length - 1);
        for (const { reason } of rejected) {
          expect(reason).toBeInstanceOf(UniqueViolation);
          expect(reason).toHaveProperty("field", "username");
        }
        expect(await store.getUserByUsername(`racer_${t}`)).toEqual(fulfilled[0]?.value);
      });
    });

    describe("rooms", () => {
      it("ensureDefaultRoom creates the default room once", async ({ freshStore: store }) => {
        expect(await store.getDefaultRoom()).toBeNull();

        const first = await store.ensureDefaultRoom(DEFAULT_ROOM);
        const second = await store.ensureDefaultRoom(DEFAULT_ROOM);

        expect(first).toEqual({
          id: first.id,
          name: DEFAULT_ROOM.name,
          description: DEFAULT_ROOM.description,
          createdBy: null,
          createdAt: first.createdAt,
          isDefault: true,
        });
        expectRecent(first.createdAt);
        expect(second).toEqual(first);
        expect(await store.getDefaultRoom()).toEqual(first);
        expect(await allRooms(store)).toEqual([first]);
      });

      it("concurrent ensureDefaultRoom calls create one room", async ({ freshStore: store }) => {
        const rooms = await Promise.all(Array.from({ length: 5 }, () => store.ensureDefaultRoom(DEFAULT_ROOM)));

        const stored = await allRooms(store);
        expect(stored).toHaveLength(1);
        expect(stored[0]?.isDefault).toBe(true);
        expect(rooms.map((r) => r.id)).toEqual(Array.from({ length: 5 }, () => stored[0]?.id));
      });

      it("insertRoom returns the stored row", async ({ store }) => {
        const creator = await store.insertUser(newUser());
        const roomName = `Кухня_${tag()}`;

        const room = await createRoom(store, { name: roomName, description: "О еде", createdBy: creator.id });

        expect(room).toEqual({
          id: room.id,
          name: roomName,
          description: "О еде",
          createdBy: creator.id,
          createdAt: room.createdAt,
          isDefault: false,
        });
        expectRecent(room.createdAt);
        expect(await store.getRoom(room.id)).toEqual(room);
      });

      it.for([
        ["ASCII", "Lobby", "lOBBY"],
        ["Cyrillic", "Комната", "кОМНАТА"],
      ] as const)("refuses a room name differing only in case (%s)", async ([, stored, attempted], { store }) => {
        const t = tag();
        const original = await insertRoomNamed(store, `${stored}_${t}`);

        await expectUniqueViolation(insertRoomNamed(store, `${attempted}_${t}`), "name");

        const same = (await allRooms(store)).filter((r) => r.name.toLowerCase() === original.name.toLowerCase());
        expect(same).toEqual([original]);
      });

      it("refuses a room name that only looks like a taken one, and says so", async ({ store }) => {
        const t = tag();
        const original = await insertRoomNamed(store, `Общий чат ${t}`);

        for (const lookalike of [`Οбщий чат ${t}`, `Oбщий чат ${t}`, `Общий чaт ${t}`]) {
          const attempt = insertRoomNamed(store, lookalike);
          await expectUniqueViolation(attempt, "name");
          await expect(attempt).rejects.toHaveProperty("confusable", true);
        }
        const renamed = await insertRoomNamed(store);
        await expect(store.updateRoom(renamed.id, { name: `Οбщий чат ${t}` })).rejects.toHaveProperty("confusable", true);
        expect((await allRooms(store)).filter((r) => r.name.endsWith(t))).toEqual([original]);
      });

      it("counts rooms against the quota in the same step as the insert, even when creations race", async ({ freshStore: store }) => {
        const [alice, bob] = await Promise.all([store.insertUser(newUser()), store.insertUser(newUser())]);
        const quota = { perCreator: 3, total: 5 };
        const attempts = await Promise.all(
          Array.from({ length: 12 }, () => store.insertRoom({ name: `a_${tag()}`, description: "", createdBy: alice.id }, quota)),
        );
        expect(attempts.filter((a) => a.status === "created")).toHaveLength(3);
        expect(attempts.filter((a) => a.status === "over_quota" && a.quota === "perCreator")).toHaveLength(9);

        const others = await Promise.all(
          Array.from({ length: 6 }, () => store.insertRoom({ name: `b_${tag()}`, description: "", createdBy: bob.id }, quota)),
        );
        expect(others.filter((a) => a.status === "created")).toHaveLength(2);
        expect(others.filter((a) => a.status === "over_quota" && a.quota === "total")).toHaveLength(4);
        expect(await allRooms(store)).toHaveLength(5);
        // Without a quota, nothing is counted.
        expect((await store.insertRoom({ name: `c_${tag()}`, description: "", createdBy: alice.id }, NO_QUOTA)).status).toBe("created");
      });

      it("listRooms pages by id after the default room, with neither gaps nor repeats", async ({ freshStore: store }) => {
        const rooms = [];
        for (let i = 0; i < 7; i++) rooms.push(await insertRoomNamed(store));
        const lobby = await store.ensureDefaultRoom(DEFAULT_ROOM);

        const first = await store.listRooms({ limit: 3, viewerId: MISSING_ID });
        expect(first.map((v) => v.room.id)).toEqual([lobby.id, rooms[0]?.id, rooms[1]?.id]);
        expect((await store.listRooms({ limit: 3, after: rooms[1]?.id, viewerId: MISSING_ID })).map((v) => v.room.id)).toEqual(
          rooms.slice(2, 5).map((r) => r.id),
        );
        expect((await allRooms(store, 3)).map((r) => r.id)).toEqual([lobby.id, ...rooms.map((r) => r.id)]);
      });

      it("getRoom returns null for a missing room", async ({ store }) => {
        expect(await store.getRoom(MISSING_ID)).toBeNull();
      });

      it("listRooms puts the default room first, then the others by id", async ({ freshStore: store }) => {
        const a = await insertRoomNamed(store);
        const b = await insertRoomNamed(store);
        const lobby = await store.ensureDefaultRoom(DEFAULT_ROOM);
        const c = await insertRoomNamed(store);

        expect((await allRooms(store)).map((r) => r.id)).toEqual([lobby.id, a.id, b.id, c.id]);
      });

      it("updateRoom changes the name or the description and stores it", async ({ store }) => {
        const room = await createRoom(store, { name: `old_${tag()}`, description: "было", createdBy: null });
        const newName = `Новое_${tag()}`;

        const renamed = await store.updateRoom(room.id, { name: newName });
        expect(renamed).toEqual({ ...room, name: newName });
        const described = await store.updateRoom(room.id, { description: "стало" });
        expect(described).toEqual({ ...room, name: newName, description: "стало" });

        expect(await store.getRoom(room.id)).toEqual(described);
        await expectUniqueViolation(insertRoomNamed(store, newName.toUpperCase()), "name");
        expect(await insertRoomNamed(store, room.name)).toMatchObject({ name: room.name });
      });

      it("updateRoom may change the case of the room's own name", async ({ store }) => {
        const room = await insertRoomNamed(store, `case_${tag()}`);

        const renamed = await store.updateRoom(room.id, { name: room.name.toUpperCase() });

        expect(renamed).toEqual({ ...room, name: room.name.toUpperCase() });
        expect(await store.getRoom(room.id)).toEqual(renamed);
      });

      it("updateRoom to a taken name throws UniqueViolation and changes nothing", async ({ store }) => {
        const taken = await insertRoomNamed(store, `Taken_${tag()}`);
        const room = await insertRoomNamed(store);

        await expectUniqueViolation(store.updateRoom(room.id, { name: taken.name.toLowerCase() }), "name");
        await expectUniqueViolation(
          store.updateRoom(room.id, { name: taken.name.toUpperCase(), description: "не сохранится" }),
          "name",
        );

        expect(await store.getRoom(room.id)).toEqual(room);
        expect(await store.getRoom(taken.id)).toEqual(taken);
      });

      it("updateRoom returns null for a missing room", async ({ store }) => {
        const newName = `ghost_${tag()}`;

        expect(await store.updateRoom(MISSING_ID, { name: newName })).toBeNull();
        expect(await store.updateRoom(MISSING_ID, {})).toBeNull();
        expect((await allRooms(store)).some((r) => r.name === newName)).toBe(false);
      });

      it("updateRoom with an empty patch returns the room unchanged", async ({ store }) => {
        const room = await createRoom(store, { name: `same_${tag()}`, description: "как есть", createdBy: null });

        expect(await store.updateRoom(room.id, {})).toEqual(room);
        expect(await store.getRoom(room.id)).toEqual(room);
      });

      it("deleteRoom deletes the room and its messages, then reports false", async ({ store }) => {
        const user = await store.insertUser(newUser());
        const doomed = await insertRoomNamed(store);
        const kept = await insertRoomNamed(store);
        const { message: gone } = await say(store, doomed, user, "исчезну");
        const { message: survivor } = await say(store, kept, user, "останусь");

        expect(await store.deleteRoom(doomed.id)).toBe(true);
        expect(await store.deleteRoom(doomed.id)).toBe(false);

        expect(await store.getRoom(doomed.id)).toBeNull();
        expect(await store.getMessage(gone.id)).toBeNull();
        expect(await store.listMessages({ roomId: doomed.id, limit: 10 })).toEqual([]);
        expect(await store.getRoom(kept.id)).toEqual(kept);
        expect(await store.getMessage(survivor.id)).toEqual(survivor);
      });
    });

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
        });
        expectRecent(message.createdAt);
        expect(await store.getMessage(message.id)).toEqual(message);
        expect(await store.listMessages({ roomId: room.id, limit: 10 })).toEqual([message]);
      });

      it("insertMessage into a missing room answers no_room and stores nothing", async ({ store }) => {
        const user = await store.insertUser(newUser());
        const deleted = await insertRoomNamed(store);
        await store.deleteRoom(deleted.id);

        expect(await send(store, { roomId: deleted.id, userId: user.id, content: "в пустоту", clientId: `c_${tag()}` })).toEqual({ status: "no_room" });
        expect(await send(store, { roomId: MISSING_ID, userId: user.id, content: "в пустоту", clientId: null })).toEqual({ status: "no_room" });
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

        expect(await attempt(expired)).toEqual({ status: "session_ended" });
        // Another user's live session does not make a send in the author's name.
        expect(await attempt(strangers)).toEqual({ status: "session_ended" });
        await store.deleteSession(ended);
        expect(await attempt(ended)).toEqual({ status: "session_ended" });
        expect(await attempt(ended, `c_${tag()}`)).toEqual({ status: "session_ended" });
        // A retry of what was stored before still gets its ack, and nothing new is written.
        expect(await attempt(ended, before.clientId)).toEqual({ status: "stored", message: before, created: false });

        const deactivated = await store.insertUser(newUser());
        const live = await sessionOf(store, deactivated.id);
        await store.setUserActive(deactivated.id, false);
        expect(await store.insertMessage({ roomId: room.id, userId: deactivated.id, content: "нельзя", clientId: null, sessionId: live })).toEqual({
          status: "session_ended",
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

    describe("memberships", () => {
      it("makes a room's creator its owner, and nobody the owner of the default room", async ({ freshStore: store }) => {
        const creator = await store.insertUser(newUser());
        const room = await createRoom(store, { name: `own_${tag()}`, description: "", createdBy: creator.id });
        const lobby = await store.ensureDefaultRoom(DEFAULT_ROOM);

        const membership = await store.getMembership(room.id, creator.id);
        expect(membership).toMatchObject({ roomId: room.id, userId: creator.id, role: "owner" });
        expectRecent(membership?.joinedAt ?? new Date(0));
        expect(await store.listMembersWithRoles(lobby.id, ["owner", "moderator"])).toEqual([]);
        // Each room of the list carries the viewer's role, in the same query.
        const views = await store.listRooms({ limit: 10, viewerId: creator.id });
        expect(views).toEqual([
          { room: lobby, role: null },
          { room, role: "owner" },
        ]);
        expect(await store.getRoomView(room.id, creator.id)).toEqual({ room, role: "owner" });
        expect(await store.getRoomView(room.id, MISSING_ID)).toEqual({ room, role: null });
        expect(await store.getRoomView(MISSING_ID, creator.id)).toBeNull();
      });

      it("ensureMembership writes a member once, even when joins race, and never demotes the owner", async ({ store }) => {
        const [owner, joiner] = await Promise.all([store.insertUser(newUser()), store.insertUser(newUser())]);
        const room = await createRoom(store, { name: `join_${tag()}`, description: "", createdBy: owner.id });

        const joined = await Promise.all(Array.from({ length: 6 }, () => store.ensureMembership(room.id, joiner.id)));
        expect(new Set(joined.map((m) => JSON.stringify(m))).size).toBe(1);
        expect(joined[0]).toMatchObject({ roomId: room.id, userId: joiner.id, role: "member" });
        expectRecent(joined[0]?.joinedAt ?? new Date(0));
        expect(await store.ensureMembership(room.id, owner.id)).toMatchObject({ role: "owner" });
        expect(await store.listMembersWithRoles(room.id, ["owner", "moderator"])).toEqual([expect.objectContaining({ userId: owner.id, role: "owner" })]);
        expect(await store.getMembership(room.id, MISSING_ID)).toBeNull();
      });

      it("ensureMembership answers null for a room that is gone, and memberships go with their room", async ({ store }) => {
        const user = await store.insertUser(newUser());
        const room = await createRoom(store, { name: `gone_${tag()}`, description: "", createdBy: user.id });
        await store.deleteRoom(room.id);

        expect(await store.getMembership(room.id, user.id)).toBeNull();
        expect(await store.ensureMembership(room.id, user.id)).toBeNull();
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

    describe("sessions", () => {

      it("getSessionUser returns the session's user until it expires", async ({ store }) => {
        const user = await store.insertUser(newUser());
        const id = `sid_${tag()}`;
        const expiresAt = inAnHour();
        await store.insertSession({ id, userId: user.id, expiresAt });

        expect(await store.getSessionUser(id, new Date())).toEqual(user);
        expect(await store.getSessionUser(id, new Date(expiresAt.getTime() + 1))).toBeNull();
        expect(await store.getSessionUser(`sid_${tag()}`, new Date())).toBeNull();
      });

      it("deleteSession ends one session and reports whether it existed", async ({ store }) => {
        const user = await store.insertUser(newUser());
        const [kept, ended] = [`sid_${tag()}`, `sid_${tag()}`];
        await store.insertSession({ id: kept, userId: user.id, expiresAt: inAnHour() });
        await store.insertSession({ id: ended, userId: user.id, expiresAt: inAnHour() });

        expect(await store.deleteSession(ended)).toBe(true);
        expect(await store.deleteSession(ended)).toBe(false);
        expect(await store.getSessionUser(ended, new Date())).toBeNull();
        expect(await store.getSessionUser(kept, new Date())).toEqual(user);
      });

      it("deleteUserSessions ends every session of one user only", async ({ store }) => {
        const user = await store.insertUser(newUser());
        const other = await store.insertUser(newUser());
        const ids = [`sid_${tag()}`, `sid_${tag()}`];
        for (const id of ids) await store.insertSession({ id, userId: user.id, expiresAt: inAnHour() });
        const othersId = `sid_${tag()}`;
        await store.insertSession({ id: othersId, userId: other.id, expiresAt: inAnHour() });

        expect((await store.deleteUserSessions(user.id)).sort()).toEqual([...ids].sort());
        for (const id of ids) expect(await store.getSessionUser(id, new Date())).toBeNull();
        expect(await store.getSessionUser(othersId, new Date())).toEqual(other);
        expect(await store.deleteUserSessions(user.id)).toEqual([]);
      });

      it("liveSessionIds keeps live sessions of active users only", async ({ store }) => {
        const user = await store.insertUser(newUser());
        const [live, expired, ofInactive, missing] = [`sid_${tag()}`, `sid_${tag()}`, `sid_${tag()}`, `sid_${tag()}`];
        const inactive = await store.insertUser(newUser());
        await store.insertSession({ id: live, userId: user.id, expiresAt: inAnHour() });
        await store.insertSession({ id: expired, userId: user.id, expiresAt: new Date(Date.now() - 1000) });
        await store.insertSession({ id: ofInactive, userId: inactive.id, expiresAt: inAnHour() });
        await store.setUserActive(inactive.id, false);

        expect(await store.liveSessionIds([live, expired, ofInactive, missing], new Date())).toEqual([live]);
        expect(await store.liveSessionIds([], new Date())).toEqual([]);
      });

      it("setUserPasswordHash stores the new hash and reports a missing user", async ({ store }) => {
        const user = await store.insertUser(newUser());
        expect(await store.setUserPasswordHash(user.id, "new-hash")).toBe(true);
        expect((await store.getUserById(user.id))?.passwordHash).toBe("new-hash");
        expect(await store.setUserPasswordHash(MISSING_ID, "x")).toBe(false);
      });

      it("setUserActive stores the flag and reports a missing user", async ({ store }) => {
        const user = await store.insertUser(newUser());
        expect(await store.setUserActive(user.id, false)).toBe(true);
        expect((await store.getUserById(user.id))?.isActive).toBe(false);
        expect(await store.setUserActive(user.id, true)).toBe(true);
        expect((await store.getUserById(user.id))?.isActive).toBe(true);
        expect(await store.setUserActive(MISSING_ID, false)).toBe(false);
      });
    });

    describe("connection", () => {
      it("ping resolves", async ({ store }) => {
        await expect(store.ping()).resolves.toBeUndefined();
      });

      it("close ends the store and may be called again", async ({ freshStore: store }) => {
        await store.close();

        await expect(store.ping()).rejects.toThrow();
        await expect(store.close()).resolves.toBeUndefined();
      });
    });
  });
}
