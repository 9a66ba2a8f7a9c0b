import { mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { and, asc, desc, eq, gt, inArray, lt, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { publicColumns } from "../columns";
import { driverError, uniqueFieldOfIndex } from "../errors";
import { foldKey } from "../keys";
import { UniqueViolation, type Message, type Store } from "../types";
import * as schema from "./schema";

const { users, rooms, messages, sessions } = schema;

/** Stays well under SQLite's limit on bound parameters. */
const SESSION_BATCH = 500;

const { user: userColumns, room: roomColumns, message: messageColumns } = publicColumns(schema);

function rethrow(err: unknown): never {
  const cause = driverError(err);
  if (cause instanceof Error && "code" in cause && cause.code === "SQLITE_CONSTRAINT_UNIQUE") {
    const column = /UNIQUE constraint failed: (.+)$/.exec(cause.message)?.[1] ?? "";
    const field = uniqueFieldOfIndex(column);
    if (field) throw new UniqueViolation(field, { cause });
  }
  throw err;
}

function isForeignKeyViolation(err: unknown): boolean {
  const cause = driverError(err);
  return cause instanceof Error && "code" in cause && cause.code === "SQLITE_CONSTRAINT_FOREIGNKEY";
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

  const selectMessages = () => db.select(messageColumns).from(messages).innerJoin(users, eq(users.id, messages.userId));
  const placeholder = sql.placeholder;

  // The statements every send, history page and handshake runs, built and prepared once: drizzle's
  // query building and SQLite's prepare were a tenth of the server's CPU per send in the profile.
  const prepared = {
    messageById: selectMessages().where(eq(messages.id, placeholder("id"))).prepare(),
    insertMessage: db
      .insert(messages)
      .values({
        roomId: placeholder("roomId"),
        userId: placeholder("userId"),
        content: placeholder("content"),
        clientId: placeholder("clientId"),
      })
      .onConflictDoNothing()
      .returning({ id: messages.id })
      .prepare(),
    messageByClientId: db
      .select({ id: messages.id })
      .from(messages)
      .where(and(eq(messages.userId, placeholder("userId")), eq(messages.clientId, placeholder("clientId"))))
      .prepare(),
    roomById: db.select(roomColumns).from(rooms).where(eq(rooms.id, placeholder("id"))).prepare(),
    sessionUser: db
      .select(userColumns)
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(and(eq(sessions.id, placeholder("sessionId")), gt(sessions.expiresAt, placeholder("now"))))
      .prepare(),
    latestPage: selectMessages()
      .where(eq(messages.roomId, placeholder("roomId")))
      .orderBy(desc(messages.id))
      .limit(placeholder("limit"))
      .prepare(),
    pageBefore: selectMessages()
      .where(and(eq(messages.roomId, placeholder("roomId")), lt(messages.id, placeholder("before"))))
      .orderBy(desc(messages.id))
      .limit(placeholder("limit"))
      .prepare(),
    pageAfter: selectMessages()
      .where(and(eq(messages.roomId, placeholder("roomId")), gt(messages.id, placeholder("after"))))
      .orderBy(asc(messages.id))
      .limit(placeholder("limit"))
      .prepare(),
    pageBetween: selectMessages()
      .where(
        and(eq(messages.roomId, placeholder("roomId")), gt(messages.id, placeholder("after")), lt(messages.id, placeholder("before"))),
      )
      .orderBy(asc(messages.id))
      .limit(placeholder("limit"))
      .prepare(),
  };
  const messageById = (id: number): Message | null => prepared.messageById.get({ id }) ?? null;
  const storedMessage = (id: number): Message => {
    const message = messageById(id);
    if (!message) throw new Error(`message ${id} vanished inside its own transaction`);
    return message;
  };

  return {
    dialect: "sqlite",

    async ping() {
      sqlite.prepare("select 1").get();
    },

    async close() {
      if (sqlite.open) sqlite.close();
    },

    async insertUser(user) {
      try {
        return db
          .insert(users)
          .values({ ...user, usernameKey: foldKey(user.username), email: foldKey(user.email) })
          .returning(userColumns)
          .get();
      } catch (err) {
        rethrow(err);
      }
    },

    async getUserById(id) {
      return db.select(userColumns).from(users).where(eq(users.id, id)).get() ?? null;
    },

    async getUserByUsername(username) {
      return db.select(userColumns).from(users).where(eq(users.usernameKey, foldKey(username))).get() ?? null;
    },

    async setUserActive(userId, active) {
      return db.update(users).set({ isActive: active }).where(eq(users.id, userId)).run().changes > 0;
    },

    async setUserPasswordHash(userId, passwordHash) {
      return db.update(users).set({ passwordHash }).where(eq(users.id, userId)).run().changes > 0;
    },

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
        prepared.sessionUser.get({ sessionId, now: now.getTime() }) ?? null
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

    async listRooms() {
      return db.select(roomColumns).from(rooms).orderBy(desc(rooms.isDefault), asc(rooms.id)).all();
    },

    async getRoom(id) {
      return prepared.roomById.get({ id }) ?? null;
    },

    async getDefaultRoom() {
      return db.select(roomColumns).from(rooms).where(eq(rooms.isDefault, true)).get() ?? null;
    },

    async insertRoom(room) {
      try {
        return db
          .insert(rooms)
          .values({ ...room, nameKey: foldKey(room.name) })
          .returning(roomColumns)
          .get();
      } catch (err) {
        rethrow(err);
      }
    },

    async ensureDefaultRoom(room) {
      db.insert(rooms)
        .values({ ...room, nameKey: foldKey(room.name), isDefault: true, createdBy: null })
        .onConflictDoNothing()
        .run();
      const stored = db.select(roomColumns).from(rooms).where(eq(rooms.isDefault, true)).get();
      if (!stored) throw new Error(`a room named "${room.name}" exists but is not the default room`);
      return stored;
    },

    async updateRoom(id, patch) {
      const values = {
        ...(patch.name === undefined ? {} : { name: patch.name, nameKey: foldKey(patch.name) }),
        ...(patch.description === undefined ? {} : { description: patch.description }),
      };
      if (Object.keys(values).length === 0) {
        return db.select(roomColumns).from(rooms).where(eq(rooms.id, id)).get() ?? null;
      }
      try {
        return db.update(rooms).set(values).where(eq(rooms.id, id)).returning(roomColumns).get() ?? null;
      } catch (err) {
        rethrow(err);
      }
    },

    async deleteRoom(id) {
      return db.delete(rooms).where(eq(rooms.id, id)).run().changes > 0;
    },

    async insertMessage(message) {
      return db.transaction(() => {
        let inserted: { id: number } | undefined;
        try {
          inserted = prepared.insertMessage.get({ ...message });
        } catch (err) {
          // SQLite does not say which reference failed; only a missing room is the caller's answer.
          if (isForeignKeyViolation(err) && !prepared.roomById.get({ id: message.roomId })) return null;
          throw err;
        }
        if (inserted) return { message: storedMessage(inserted.id), created: true };
        const existing = prepared.messageByClientId.get({ userId: message.userId, clientId: message.clientId ?? "" });
        if (!existing) throw new Error("message insert conflicted but no message holds its client_id");
        return { message: storedMessage(existing.id), created: false };
      });
    },

    async getMessage(id) {
      return messageById(id);
    },

    async listMessages({ roomId, limit, before, after }) {
      if (after !== undefined) {
        return before === undefined
          ? prepared.pageAfter.all({ roomId, after, limit })
          : prepared.pageBetween.all({ roomId, after, before, limit });
      }
      const page = before === undefined ? prepared.latestPage.all({ roomId, limit }) : prepared.pageBefore.all({ roomId, before, limit });
      return page.reverse();
    },
  };
}

