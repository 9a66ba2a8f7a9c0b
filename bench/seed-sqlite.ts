/* eslint-disable @typescript-eslint/require-await -- better-sqlite3 is synchronous; these methods are
   async only to fit the BenchDb interface (the same exception lib/db/sqlite/store.ts has). */
import { randomBytes } from "node:crypto";
import Database from "better-sqlite3";
import { SESSION_TTL_MS } from "../lib/auth/session";
import { benchPasswordHash, historyContent, MESSAGE_BATCH, USER_BATCH, type BenchDb } from "./seed";

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
    async close() {
      sqlite.close();
    },
  };
}

