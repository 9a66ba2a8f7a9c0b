/* eslint-disable @typescript-eslint/require-await -- better-sqlite3 is synchronous; these methods are
   async only to fit the BenchDb interface (the same exception lib/db/sqlite/store.ts has). */
import { randomBytes } from "node:crypto";
import Database from "better-sqlite3";
import { SESSION_TTL_MS } from "../lib/auth/session";
import { benchPasswordHash, historyContent, MESSAGE_BATCH, USER_BATCH, worldRoomColumns, type BenchDb } from "./seed";

export function openSqliteBenchDb(file: string): BenchDb {
  const sqlite = new Database(file);
  sqlite.pragma("busy_timeout = 10000");
  return {
    dialect: "sqlite",
    async seedUsers(count, tag) {
      const hash = await benchPasswordHash();
      const insert = sqlite.prepare(
        "insert into users (username, username_key, email, password_hash, city) values (?, ?, ?, ?, ?)",
      );
      const ids: number[] = [];
      for (let start = 0; start < count; start += USER_BATCH) {
        sqlite.transaction(() => {
          for (let i = start; i < Math.min(count, start + USER_BATCH); i++) {
            const name = `b_${tag}_${i}`;
            ids.push(Number(insert.run(name, name, `${name}@bench.example`, hash, "Бенчмарк").lastInsertRowid));
          }
        })();
      }
      return ids;
    },
    async seedSessions(userIds) {
      const insert = sqlite.prepare("insert into sessions (id, user_id, expires_at) values (?, ?, ?)");
      const expires = Date.now() + SESSION_TTL_MS.browser;
      const ids = userIds.map(() => randomBytes(32).toString("base64url"));
      sqlite.transaction(() => {
        userIds.forEach((userId, i) => insert.run(ids[i], userId, expires));
      })();
      return ids;
    },
    async defaultRoomId() {
      const row = sqlite.prepare("select id from rooms where is_default = 1").get() as { id: number } | undefined;
      if (!row) throw new Error("no default room");
      return row.id;
    },
    async createRoom(name) {
      return Number(sqlite.prepare("insert into rooms (name, name_key, description) values (?, ?, '')").run(name, name.toLowerCase()).lastInsertRowid);
    },
    async seedMessages(roomId, userId, count) {
      // Versions continue the room's own, as the store's insert would number them.
      const insert = sqlite.prepare(
        "insert into messages (room_id, user_id, content, created_at, version) values (?, ?, ?, ?, (select coalesce(max(version), 0) + 1 from messages where room_id = ?))",
      );
      const base = Date.now() - count;
      let firstId = 0;
      let lastId = 0;
      for (let start = 0; start < count; start += MESSAGE_BATCH) {
        // Batches of 50k keep each write transaction short, so the running server is not blocked for long.
        sqlite.transaction(() => {
          for (let i = start; i < Math.min(count, start + MESSAGE_BATCH); i++) {
            lastId = Number(insert.run(roomId, userId, historyContent(i), base + i, roomId).lastInsertRowid);
            if (i === 0) firstId = lastId;
          }
        })();
      }
      // Fold the bulk load's write-ahead log into the database file, as SQLite's own checkpoints would over time.
      sqlite.pragma("wal_checkpoint(TRUNCATE)");
      return { firstId, lastId };
    },
    async storedClientIds(prefix) {
      const rows = sqlite
        .prepare("select client_id as clientId, id from messages where client_id >= ? and client_id < ?")
        .all(prefix, prefix + "\uffff") as { clientId: string; id: number }[];
      return new Map(rows.map((row) => [row.clientId, row.id]));
    },
    async seedRoomWorld(world) {
      const insertRoom = sqlite.prepare(
        "insert into rooms (name, name_key, name_skeleton, description, created_by, kind, is_group, direct_key) values (?, ?, ?, ?, ?, ?, ?, ?)",
      );
      const insertMember = sqlite.prepare("insert into room_members (room_id, user_id, role) values (?, ?, ?)");
      const insertBan = sqlite.prepare("insert into room_bans (room_id, user_id, banned_by) values (?, ?, ?)");
      const insertBlock = sqlite.prepare("insert into user_blocks (blocker_id, blocked_id) values (?, ?)");
      const roomIds: number[] = [];
      const idOf = (room: number) => roomIds[room] ?? 0;
      sqlite.transaction(() => {
        for (const room of world.rooms) {
          const c = worldRoomColumns(room);
          roomIds.push(Number(insertRoom.run(c.name, c.name_key, c.name_skeleton, c.description, c.created_by, c.kind, c.is_group ? 1 : 0, c.direct_key).lastInsertRowid));
        }
        for (const m of world.members) insertMember.run(idOf(m.room), m.userId, m.role);
        for (const b of world.bans) insertBan.run(idOf(b.room), b.userId, b.bannedBy);
        for (const b of world.blocks) insertBlock.run(b.blockerId, b.blockedId);
      })();

      // Versions numbered per room as the store's insert does (max(version) + 1), kept here instead of read back.
      const insertMessage = sqlite.prepare("insert into messages (room_id, user_id, content, created_at, version) values (?, ?, ?, ?, ?)");
      const versions = new Map<number, number>();
      const total = world.messageRooms.length;
      const base = Date.now() - total;
      let firstMessageId = 0;
      let lastMessageId = 0;
      for (let start = 0; start < total; start += MESSAGE_BATCH) {
        sqlite.transaction(() => {
          for (let k = start; k < Math.min(total, start + MESSAGE_BATCH); k++) {
            const roomId = idOf(world.messageRooms[k] ?? 0);
            const version = (versions.get(roomId) ?? 0) + 1;
            versions.set(roomId, version);
            lastMessageId = Number(insertMessage.run(roomId, world.messageAuthors[k] ?? 0, historyContent(k), base + k, version).lastInsertRowid);
            if (k === 0) firstMessageId = lastMessageId;
          }
        })();
      }
      sqlite.pragma("wal_checkpoint(TRUNCATE)");
      return { roomIds, firstMessageId, lastMessageId };
    },
    async close() {
      sqlite.close();
    },
  };
}

