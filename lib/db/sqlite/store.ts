import { mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { eq, isNull } from "drizzle-orm";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { skeletonKey } from "../keys";
import type { Store } from "../types";
import { sqliteAudit } from "./audit";
import { sqliteMembers } from "./members";
import { sqliteMessages } from "./messages";
import { sqliteRooms } from "./rooms";
import * as schema from "./schema";
import { sqliteSessions } from "./sessions";
import { isUniqueConstraint } from "./shared";
import { sqliteUsers } from "./users";

const { users, rooms } = schema;

/**
 * Names stored before skeletons existed get theirs at start. A name already confusable with another
 * keeps none (the unique index would refuse it); both stay usable, and no new lookalike can join them.
 */
function backfillSkeletons(db: BetterSQLite3Database<typeof schema>) {
  for (const user of db.select({ id: users.id, username: users.username }).from(users).where(isNull(users.usernameSkeleton)).all()) {
    try {
      db.update(users).set({ usernameSkeleton: skeletonKey(user.username) }).where(eq(users.id, user.id)).run();
    } catch (err) {
      if (!isUniqueConstraint(err)) throw err;
    }
  }
  for (const room of db.select({ id: rooms.id, name: rooms.name }).from(rooms).where(isNull(rooms.nameSkeleton)).all()) {
    try {
      db.update(rooms).set({ nameSkeleton: skeletonKey(room.name) }).where(eq(rooms.id, room.id)).run();
    } catch (err) {
      if (!isUniqueConstraint(err)) throw err;
    }
  }
}

export function openSqliteStore(file: string, migrationsFolder = path.join(process.cwd(), "drizzle", "sqlite")): Store {
  mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  // WAL makes NORMAL durable against process crashes; only an OS crash can lose the last commits.
  sqlite.pragma("synchronous = NORMAL");
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder });
  backfillSkeletons(db);

  const handle = { sqlite, db };
  return {
    dialect: "sqlite",

    async ping() {
      sqlite.prepare("select 1").get();
    },

    async close() {
      if (sqlite.open) sqlite.close();
    },

    ...sqliteUsers(handle),
    ...sqliteSessions(handle),
    ...sqliteRooms(handle),
    ...sqliteMembers(handle),
    ...sqliteMessages(handle),
    ...sqliteAudit(handle),
  };
}
