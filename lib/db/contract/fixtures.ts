import { randomBytes } from "node:crypto";
import { expect, test, type TestAPI } from "vitest";
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
} from "../types";

/**
 * Reads rows straight from the store's database, on a connection of its own, for what the Store does not
 * answer (a column it keeps inside, a count of rows). Written portably: both dialects run the same text;
 * cast counts to integer, since PostgreSQL hands bigints over as text.
 */
export type ReadRows = (query: string) => Promise<Record<string, unknown>[]>;

export interface OpenedStore {
  store: Store;
  rows: ReadRows;
  cleanup: () => Promise<void>;
}

export const DEFAULT_ROOM = { name: "Общий чат", description: "Комната для всех" };
/** Fits PostgreSQL's int4 ids, and no test creates that many rows. */
export const MISSING_ID = 2_000_000_000;

export const tag = () => randomBytes(6).toString("hex");

export function newUser(overrides: Partial<NewUser> = {}): NewUser {
  const t = tag();
  return { username: `user_${t}`, email: `${t}@example.test`, passwordHash: `h_${t}`, city: "Омск", ...overrides };
}

export const NO_QUOTA: RoomQuota = { perCreator: 0, total: 0 };

export async function createRoom(store: Store, room: NewRoom, quota = NO_QUOTA): Promise<Room> {
  const result = await store.insertRoom(room, quota);
  if (result.status !== "created") throw new Error(`room ${room.name} was over the ${result.quota} quota`);
  return result.room;
}

export async function insertRoomNamed(store: Store, name = `room_${tag()}`) {
  return createRoom(store, { name, description: "", createdBy: null });
}

/** Every room, read page by page as clients do. */
export async function allRooms(store: Store, pageSize = 2): Promise<Room[]> {
  const rooms: Room[] = [];
  for (let after: number | undefined; ; ) {
    const page = (await store.listRooms({ ownLimit: 200, limit: pageSize, after, viewerId: MISSING_ID })).map((view) => view.room);
    rooms.push(...page);
    const publicRooms = page.filter((room) => room.kind === "public" && !room.isDefault);
    const last = publicRooms.at(-1);
    if (publicRooms.length < pageSize || !last) return rooms;
    after = last.id;
  }
}

export const inAnHour = () => new Date(Date.now() + 3_600_000);

/** A live session per user and database, as a signed-in sender has. */
const openSessions = new WeakMap<Store, Map<number, string>>();
export async function sessionOf(store: Store, userId: number): Promise<string> {
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

export async function expectUniqueViolation(attempt: Promise<unknown>, field: UniqueField) {
  await expect(attempt).rejects.toBeInstanceOf(UniqueViolation);
  await expect(attempt).rejects.toHaveProperty("field", field);
}

/** Catches a timestamp stored in the wrong unit or time zone, not just a missing one. */
export function expectRecent(date: Date) {
  expect(date).toBeInstanceOf(Date);
  expect(Math.abs(date.getTime() - Date.now())).toBeLessThan(60_000);
}

export async function say(store: Store, room: Room, user: User, content: string, clientId: string | null = null) {
  const stored = await send(store, { roomId: room.id, userId: user.id, content, clientId });
  if (stored.status !== "stored") throw new Error(`message to room ${room.id} was not stored: ${stored.status}`);
  return stored;
}

export const idsOf = (messages: Message[]) => messages.map((m) => m.id);


interface StoreFixtures {
  /** The database every test of the file shares, with its raw reader. */
  shared: OpenedStore;
  store: Store;
  rows: ReadRows;
  freshStore: Store;
}

export type StoreTest = TestAPI<StoreFixtures>;

export function storeTest(makeStore: () => Promise<OpenedStore>): StoreTest {
  return test.extend<StoreFixtures>({
    // One database per file keeps PostgreSQL fast; tests that share it create their own users and rooms.
    shared: [
      async ({}, provide) => {
        const opened = await makeStore();
        await provide(opened);
        await opened.cleanup();
      },
      { scope: "file" },
    ],
    store: [async ({ shared }, provide) => provide(shared.store), { scope: "file" }],
    rows: [async ({ shared }, provide) => provide(shared.rows), { scope: "file" }],
    // For tests about database-wide state: the single default room, the order of every room, close().
    freshStore: async ({}, provide) => {
      const { store, cleanup } = await makeStore();
      await provide(store);
      await cleanup();
    },
  });
}

/** A count read with `rows`: `query` selects one integer named n. */
export async function countRows(rows: ReadRows, query: string): Promise<number> {
  const [row] = await rows(query);
  return Number(row?.n);
}
