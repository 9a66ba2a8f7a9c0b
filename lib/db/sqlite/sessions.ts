import { and, eq, gt, inArray, sql } from "drizzle-orm";
import type { SessionStore } from "../types";
import { sessions, users } from "./schema";
import { columns, type SqliteHandle } from "./shared";

/** Stays well under SQLite's limit on bound parameters. */
const SESSION_BATCH = 500;

export function sqliteSessions({ db }: SqliteHandle): SessionStore {
  // Every handshake runs it: prepared once (see messages.ts).
  const sessionUser = db
    .select(columns.user)
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, sql.placeholder("sessionId")), gt(sessions.expiresAt, sql.placeholder("now"))))
    .prepare();

  return {
    async liveSessionIds(sessionIds, now) {
      const live: string[] = [];
      for (let start = 0; start < sessionIds.length; start += SESSION_BATCH) {
        const batch = sessionIds.slice(start, start + SESSION_BATCH);
        const rows = db
          .select({ id: sessions.id })
          .from(sessions)
          .innerJoin(users, eq(users.id, sessions.userId))
          .where(and(inArray(sessions.id, batch), gt(sessions.expiresAt, now), eq(users.isActive, true)))
          .all();
        live.push(...rows.map((row) => row.id));
      }
      return live;
    },

    async insertSession(session) {
      db.insert(sessions).values(session).run();
    },

    async getSessionUser(sessionId, now) {
      return (
        // Timestamps are stored as epoch milliseconds; a placeholder is bound as given, so pass that.
        sessionUser.get({ sessionId, now: now.getTime() }) ?? null
      );
    },

    async deleteSession(sessionId) {
      return db.delete(sessions).where(eq(sessions.id, sessionId)).run().changes > 0;
    },

    async deleteUserSessions(userId) {
      return db
        .delete(sessions)
        .where(eq(sessions.userId, userId))
        .returning({ id: sessions.id })
        .all()
        .map((row) => row.id);
    },
  };
}
