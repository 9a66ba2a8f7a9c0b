import { and, eq, gt, inArray, sql } from "drizzle-orm";
import type { SessionStore } from "../types";
import { sessions, users } from "./schema";
import { columns, first, guarded, type PgHandle } from "./shared";

export function pgSessions({ db }: PgHandle): SessionStore {
  // Every handshake runs it: a named, server-side prepared statement (see messages.ts).
  const sessionUser = db
    .select(columns.user)
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, sql.placeholder("sessionId")), gt(sessions.expiresAt, sql.placeholder("now"))))
    .prepare("session_user");

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

    getSessionUser: guarded(async (sessionId, now) => first(await sessionUser.execute({ sessionId, now: now.toISOString() }))),

    deleteSession: guarded(async (sessionId) => {
      const deleted = await db.delete(sessions).where(eq(sessions.id, sessionId)).returning({ id: sessions.id });
      return deleted.length > 0;
    }),

    deleteUserSessions: guarded(async (userId) => {
      const deleted = await db.delete(sessions).where(eq(sessions.userId, userId)).returning({ id: sessions.id });
      return deleted.map((row) => row.id);
    }),
  };
}
