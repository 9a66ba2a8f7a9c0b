import { and, desc, eq, gt, inArray, ne, sql } from "drizzle-orm";
import type { SessionStore } from "../types";
import { sessions, users } from "./schema";
import { columns, type SqliteHandle } from "./shared";

/** Stays well under SQLite's limit on bound parameters. */
const SESSION_BATCH = 500;

const device = {
  id: sessions.id,
  createdAt: sessions.createdAt,
  expiresAt: sessions.expiresAt,
  userAgent: sessions.userAgent,
  ip: sessions.ip,
  lastSeenAt: sessions.lastSeenAt,
};

export function sqliteSessions({ db }: SqliteHandle): SessionStore {
  // Every request and handshake runs it: prepared once (see messages.ts).
  const liveSession = db
    .select({ user: columns.user, lastSeenAt: sessions.lastSeenAt })
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

    async getLiveSession(sessionId, now) {
      // Timestamps are stored as epoch milliseconds; a placeholder is bound as given, so pass that.
      return liveSession.get({ sessionId, now: now.getTime() }) ?? null;
    },

    async touchSession(sessionId, now) {
      db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, sessionId)).run();
    },

    async listUserSessions(userId, now) {
      return db
        .select(device)
        .from(sessions)
        .where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, now)))
        .orderBy(desc(sessions.createdAt), desc(sessions.id))
        .all();
    },

    async deleteSession(sessionId) {
      return db.delete(sessions).where(eq(sessions.id, sessionId)).run().changes > 0;
    },

    async deleteUserSession(userId, sessionId) {
      return db.delete(sessions).where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId))).run().changes > 0;
    },

    async deleteUserSessions(userId) {
      return db
        .delete(sessions)
        .where(eq(sessions.userId, userId))
        .returning({ id: sessions.id })
        .all()
        .map((row) => row.id);
    },

    async deleteUserSessionsExcept(userId, keepId) {
      return db
        .delete(sessions)
        .where(and(eq(sessions.userId, userId), ne(sessions.id, keepId)))
        .returning({ id: sessions.id })
        .all()
        .map((row) => row.id);
    },
  };
}
