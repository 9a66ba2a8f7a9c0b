import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { hashPassword } from "../lib/auth/password";
import { SESSION_COOKIE, SESSION_TTL_MS } from "../lib/auth/session";
import { encodeSessionToken } from "../lib/auth/session-token";
import { foldKey, skeletonKey } from "../lib/db/keys";
import { BENCH_SECRET } from "./procs";

/**
 * Users, sessions and history go straight into the database (argon2 at ~50 ms a user cannot make
 * 10,000 accounts in a benchmark's time). Each seeded user has a real argon2id hash and a real
 * server-side session row; its cookie is the Auth.js JWT the login form would set ({sub, sid},
 * encrypted with the server's secret and the cookie name as salt), so every socket handshake runs the
 * product's full check: decrypt the JWT, look the session up, check the user is active.
 */
export interface BenchDb {
  dialect: "sqlite" | "postgres";
  seedUsers(count: number, tag: string): Promise<number[]>;
  seedSessions(userIds: number[]): Promise<string[]>;
  defaultRoomId(): Promise<number>;
  createRoom(name: string): Promise<number>;
  /** Bulk insert of `count` messages, oldest first; returns the first and last id. */
  seedMessages(roomId: number, userId: number, count: number): Promise<{ firstId: number; lastId: number }>;
  /** client_id → stored message id, for client_ids starting with `prefix`. */
  storedClientIds(prefix: string): Promise<Map<string, number>>;
  /** Bulk insert of many rooms, their members, bans, blocks and messages (bench/rooms.ts plans them). */
  seedRoomWorld(world: RoomWorld): Promise<SeededWorld>;
  close(): Promise<void>;
}

export const USER_BATCH = 1_000;
export const MESSAGE_BATCH = 50_000;
export const MEMBER_BATCH = 5_000;
export const historyContent = (i: number) => `История сообщение №${i}: lorem ipsum dolor sit amet, consectetur adipiscing.`;

/** A room as the store would write it; `name` is unique among the world's named rooms. */
export interface WorldRoom {
  kind: "public" | "private" | "direct";
  name: string;
  createdBy: number | null;
  isGroup: boolean;
  directKey: string | null;
}

/** Rooms are referred to by their index in `rooms`, which is also their insertion (and so id) order. */
export interface RoomWorld {
  rooms: WorldRoom[];
  members: { room: number; userId: number; role: "owner" | "moderator" | "member" }[];
  bans: { room: number; userId: number; bannedBy: number }[];
  blocks: { blockerId: number; blockedId: number }[];
  /** Message k, in order of arrival: its room (an index into `rooms`) and its author. */
  messageRooms: Int32Array;
  messageAuthors: Int32Array;
}

export interface SeededWorld {
  /** The stored id of each planned room, by index. */
  roomIds: number[];
  firstMessageId: number;
  lastMessageId: number;
}

/** Room names and keys as the store derives them (roomKeys in lib/db/{sqlite,pg}/shared.ts); a conversation has none. */
export const worldRoomColumns = (room: WorldRoom) => ({
  name: room.name,
  name_key: room.kind === "direct" ? "" : foldKey(room.name),
  name_skeleton: room.kind === "direct" ? null : skeletonKey(room.name),
  description: "",
  created_by: room.createdBy,
  kind: room.kind,
  is_group: room.isGroup,
  direct_key: room.directKey,
});

/** What names a planned room among the stored ones: its name, or a conversation's key. */
export const worldRoomKey = (room: { name: string; direct_key: string | null }) => room.direct_key ?? room.name;

let passwordHash: Promise<string> | undefined;
export const benchPasswordHash = () => (passwordHash ??= hashPassword("bench-password-123"));


export function openPgBenchDb(url: string): BenchDb {
  const sql = postgres(url, { max: 4, onnotice: () => {} });
  return {
    dialect: "postgres",
    async seedUsers(count, tag) {
      const hash = await benchPasswordHash();
      const ids: number[] = [];
      for (let start = 0; start < count; start += USER_BATCH) {
        const rows = [];
        for (let i = start; i < Math.min(count, start + USER_BATCH); i++) {
          const name = `b_${tag}_${i}`;
          rows.push({ username: name, username_key: name, email: `${name}@bench.example`, password_hash: hash, city: "Бенчмарк" });
        }
        const inserted = await sql<{ id: number }[]>`insert into users ${sql(rows)} returning id`;
        ids.push(...inserted.map((row) => row.id));
      }
      return ids;
    },
    async seedSessions(userIds) {
      const expires = new Date(Date.now() + SESSION_TTL_MS.browser);
      const ids = userIds.map(() => randomBytes(32).toString("base64url"));
      for (let start = 0; start < userIds.length; start += USER_BATCH) {
        const rows = userIds.slice(start, start + USER_BATCH).map((userId, i) => ({ id: ids[start + i] ?? "", user_id: userId, expires_at: expires }));
        await sql`insert into sessions ${sql(rows)}`;
      }
      return ids;
    },
    async defaultRoomId() {
      const [row] = await sql<{ id: number }[]>`select id from rooms where is_default`;
      if (!row) throw new Error("no default room");
      return row.id;
    },
    async createRoom(name) {
      const [row] = await sql<{ id: number }[]>`insert into rooms (name, name_key, description) values (${name}, ${name.toLowerCase()}, '') returning id`;
      if (!row) throw new Error("room insert returned nothing");
      return row.id;
    },
    async seedMessages(roomId, userId, count) {
      let firstId = 0;
      let lastId = 0;
      for (let start = 0; start < count; start += MESSAGE_BATCH * 4) {
        const end = Math.min(count, start + MESSAGE_BATCH * 4);
        const [row] = await sql<{ first: number; last: number }[]>`
          with inserted as (
            insert into messages (room_id, user_id, content, created_at, version)
            select ${roomId}, ${userId}, 'История сообщение №' || g || ': lorem ipsum dolor sit amet, consectetur adipiscing.',
                   now() - (${count} - g) * interval '1 millisecond', nextval('message_versions')
            from generate_series(${start}::int, ${end - 1}::int) as g
            order by g
            returning id)
          select min(id)::int as first, max(id)::int as last from inserted`;
        if (start === 0) firstId = row?.first ?? 0;
        lastId = row?.last ?? lastId;
      }
      // A million rows arriving at once is a bulk load no real room sees: settle it as time would
      // (statistics, the vacuum that autovacuum would otherwise start mid-measurement, a checkpoint).
      await sql`vacuum (analyze) messages`;
      // CHECKPOINT needs a superuser or pg_checkpoint; without it the checkpointer gets there on its own.
      await sql`checkpoint`.catch(() => undefined);
      return { firstId, lastId };
    },
    async storedClientIds(prefix) {
      const rows = await sql<{ client_id: string; id: number }[]>`select client_id, id from messages where client_id like ${prefix + "%"}`;
      return new Map(rows.map((row) => [row.client_id, row.id]));
    },
    async seedRoomWorld(world) {
      const roomIds: number[] = [];
      const byKey = new Map<string, number>();
      for (let start = 0; start < world.rooms.length; start += USER_BATCH) {
        const rows = world.rooms.slice(start, start + USER_BATCH).map(worldRoomColumns);
        const inserted = await sql<{ id: number; name: string; direct_key: string | null }[]>`insert into rooms ${sql(rows)} returning id, name, direct_key`;
        for (const row of inserted) byKey.set(worldRoomKey(row), row.id);
      }
      for (const room of world.rooms) {
        const id = byKey.get(worldRoomKey({ name: room.name, direct_key: room.directKey }));
        if (id === undefined) throw new Error(`seeded room ${room.name || room.directKey} has no id`);
        roomIds.push(id);
      }
      const idOf = (room: number) => roomIds[room] ?? 0;
      for (let start = 0; start < world.members.length; start += MEMBER_BATCH) {
        const rows = world.members.slice(start, start + MEMBER_BATCH).map((m) => ({ room_id: idOf(m.room), user_id: m.userId, role: m.role }));
        await sql`insert into room_members ${sql(rows)}`;
      }
      if (world.bans.length > 0) await sql`insert into room_bans ${sql(world.bans.map((b) => ({ room_id: idOf(b.room), user_id: b.userId, banned_by: b.bannedBy })))}`;
      if (world.blocks.length > 0) await sql`insert into user_blocks ${sql(world.blocks.map((b) => ({ blocker_id: b.blockerId, blocked_id: b.blockedId })))}`;

      const total = world.messageRooms.length;
      let firstMessageId = 0;
      let lastMessageId = 0;
      for (let start = 0; start < total; start += MESSAGE_BATCH * 4) {
        const end = Math.min(total, start + MESSAGE_BATCH * 4);
        // Two integer arrays as array literals: one parameter each, whatever the batch's size.
        const roomList = `{${Array.from(world.messageRooms.subarray(start, end), idOf).join(",")}}`;
        const authorList = `{${world.messageAuthors.subarray(start, end).join(",")}}`;
        const [row] = await sql<{ first: number; last: number }[]>`
          with inserted as (
            insert into messages (room_id, user_id, content, created_at, version)
            select t.room_id, t.user_id, 'История сообщение №' || (${start}::int + t.k - 1) || ': lorem ipsum dolor sit amet, consectetur adipiscing.',
                   now() - (${total}::int - ${start}::int - t.k) * interval '1 millisecond', nextval('message_versions')
            from unnest(${roomList}::int[], ${authorList}::int[]) with ordinality as t(room_id, user_id, k)
            order by t.k
            returning id)
          select min(id)::int as first, max(id)::int as last from inserted`;
        if (start === 0) firstMessageId = row?.first ?? 0;
        lastMessageId = row?.last ?? lastMessageId;
      }
      // Settle the bulk load as time would (see seedMessages): statistics, visibility map, a checkpoint.
      await sql`vacuum (analyze)`;
      await sql`checkpoint`.catch(() => undefined);
      return { roomIds, firstMessageId, lastMessageId };
    },
    async close() {
      await sql.end({ timeout: 5 });
    },
  };
}

/** The session cookie the login form sets for this user and session. */
export async function mintCookie(userId: number, sessionId: string): Promise<string> {
  const jwt = await encodeSessionToken({
    token: { sub: String(userId), sid: sessionId },
    secret: BENCH_SECRET,
    salt: SESSION_COOKIE,
    maxAge: SESSION_TTL_MS.remembered / 1000,
  });
  return `${SESSION_COOKIE}=${jwt}`;
}

/** Seeds `count` users with sessions and returns one cookie header per user. */
export async function seedSignedInUsers(db: BenchDb, count: number, tag: string): Promise<{ userIds: number[]; cookies: string[] }> {
  const userIds = await db.seedUsers(count, tag);
  const sessionIds = await db.seedSessions(userIds);
  const cookies = await Promise.all(userIds.map((id, i) => mintCookie(id, sessionIds[i] ?? "")));
  return { userIds, cookies };
}

/** A fresh database on the PostgreSQL server of BENCH_DATABASE_URL; drop() removes it. */
export async function createPgDatabase(adminUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `discock_bench_${process.pid}_${Date.now()}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  await admin.end({ timeout: 5 });
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const again = postgres(adminUrl, { max: 1, onnotice: () => {} });
      try {
        await again.unsafe(`drop database if exists "${name}" with (force)`);
      } finally {
        await again.end({ timeout: 5 });
      }
    },
  };
}
