import path from "node:path";
import { eq, isNull } from "drizzle-orm";
import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { skeletonKey } from "../keys";
import type { Store } from "../types";
import { pgAudit } from "./audit";
import { pgMembers } from "./members";
import { pgMessages } from "./messages";
import { pgRooms } from "./rooms";
import * as schema from "./schema";
import { pgSessions } from "./sessions";
import { guarded, isUniqueConstraint, rethrow } from "./shared";
import { pgUsers } from "./users";

const { users, rooms } = schema;

/** Any constant works; it only has to be the same for every instance migrating this database. */
const MIGRATION_LOCK_KEY = 0x646973636f636bn;

/**
 * Names stored before skeletons existed get theirs at start. A name already confusable with another
 * keeps none (the unique index would refuse it); both stay usable, and no new lookalike can join them.
 */
async function backfillSkeletons(db: PostgresJsDatabase<typeof schema>) {
  for (const user of await db.select({ id: users.id, username: users.username }).from(users).where(isNull(users.usernameSkeleton))) {
    await db
      .update(users)
      .set({ usernameSkeleton: skeletonKey(user.username) })
      .where(eq(users.id, user.id))
      .catch((err: unknown) => {
        if (!isUniqueConstraint(err)) throw err;
      });
  }
  for (const room of await db.select({ id: rooms.id, name: rooms.name }).from(rooms).where(isNull(rooms.nameSkeleton))) {
    await db
      .update(rooms)
      .set({ nameSkeleton: skeletonKey(room.name) })
      .where(eq(rooms.id, room.id))
      .catch((err: unknown) => {
        if (!isUniqueConstraint(err)) throw err;
      });
  }
}

async function migrateUnderLock(url: string, migrationsFolder: string) {
  // One connection, so the session-level advisory lock covers every migration statement.
  const client = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    await client`select pg_advisory_lock(${MIGRATION_LOCK_KEY.toString()}::bigint)`;
    await migrate(drizzle(client), { migrationsFolder });
  } finally {
    await client.end({ timeout: 5 });
  }
}

export async function openPgStore(
  url: string,
  migrationsFolder = path.join(process.cwd(), "drizzle", "pg"),
): Promise<Store> {
  try {
    await migrateUnderLock(url, migrationsFolder);
  } catch (err) {
    rethrow(err);
  }
  const client = postgres(url, { max: 10, onnotice: () => {}, connect_timeout: 10 });
  const db = drizzle(client, { schema });
  try {
    await backfillSkeletons(db);
  } catch (err) {
    await client.end({ timeout: 5 });
    rethrow(err);
  }

  const handle = { client, db };
  return {
    dialect: "postgres",

    ping: guarded(async () => {
      await client`select 1`;
    }),

    async close() {
      await client.end({ timeout: 5 });
    },

    ...pgUsers(handle),
    ...pgSessions(handle),
    ...pgRooms(handle),
    ...pgMembers(handle),
    ...pgMessages(handle),
    ...pgAudit(handle),
  };
}
