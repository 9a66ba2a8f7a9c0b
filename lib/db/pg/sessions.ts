import { and, desc, eq, gt, inArray, ne, sql } from "drizzle-orm";
import type { SessionStore } from "../types";
import { sessions, users } from "./schema";
import { columns, first, guarded, type PgHandle } from "./shared";

const device = {
  id: sessions.id,
  createdAt: sessions.createdAt,
  expiresAt: sessions.expiresAt,
  userAgent: sessions.userAgent,
  ip: sessions.ip,
  lastSeenAt: sessions.lastSeenAt,
};

export function pgSessions({ db }: PgHandle): SessionStore {
  // Every request and handshake runs it: a named, server-side prepared statement (see messages.ts).
  const liveSession = db
    .select({ user: columns.user, lastSeenAt: sessions.lastSeenAt })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, sql.placeholder("sessionId")), gt(sessions.expiresAt, sql.placeholder("now"))))
    .prepare("live_session");

  return {
    liveSessionIds: guarded(async (sessionIds, now) => {
      if (sessionIds.length === 0) return [];
      const rows = await db
        .select({ id: sessions.id })
        .from(sessions)
        .innerJoin(users, eq(users.id, sessions.userId))
        .where(and(inArray(sessions.id, sessionIds), gt(sessions.expiresAt, now), eq(users.isActive, true)));
      return rows.map((row) => row.id);
    }),

    insertSession: guarded(async (session) => {
      await db.insert(sessions).values(session);
    }),

    getLiveSession: guarded(async (sessionId, now) => first(await liveSession.execute({ sessionId, now: now.toISOString() }))),

    touchSession: guarded(async (sessionId, now) => {
      await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, sessionId));
    }),

    listUserSessions: guarded(async (userId, now) =>
      db
        .select(device)
        .from(sessions)
        .where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, now)))
        .orderBy(desc(sessions.createdAt), desc(sessions.id)),
    ),

    deleteSession: guarded(async (sessionId) => {
      const deleted = await db.delete(sessions).where(eq(sessions.id, sessionId)).returning({ id: sessions.id });
      return deleted.length > 0;
    }),

    deleteUserSession: guarded(async (userId, sessionId) => {
      const deleted = await db
        .delete(sessions)
        .where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId)))
        .returning({ id: sessions.id });
      return deleted.length > 0;
    }),

    deleteUserSessions: guarded(async (userId) => {
      const deleted = await db.delete(sessions).where(eq(sessions.userId, userId)).returning({ id: sessions.id });
      return deleted.map((row) => row.id);
    }),

    deleteUserSessionsExcept: guarded(async (userId, keepId) => {
      const deleted = await db
        .delete(sessions)
        .where(and(eq(sessions.userId, userId), ne(sessions.id, keepId)))
        .returning({ id: sessions.id });
      return deleted.map((row) => row.id);
    }),
  };
}
