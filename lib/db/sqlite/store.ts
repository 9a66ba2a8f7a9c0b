import { mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { and, asc, count, desc, eq, gt, inArray, isNull, lt, ne, sql } from "drizzle-orm";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { publicColumns } from "../columns";
import { driverError, uniqueIndexOf } from "../errors";
import { foldKey, skeletonKey } from "../keys";
import { UniqueViolation, type Message, type Store } from "../types";
import * as schema from "./schema";

const { users, rooms, messages, sessions, roomMembers } = schema;

/** Stays well under SQLite's limit on bound parameters. */
const SESSION_BATCH = 500;

const { user: userColumns, room: roomColumns, message: messageColumns, membership: membershipColumns } = publicColumns(schema);

/**
 * `exactlyTaken` tells a name that is taken as such from one that only looks like a taken one: a
 * duplicate breaks both unique indexes, and SQLite names whichever it checked first.
 */
function rethrow(err: unknown, exactlyTaken: () => boolean = () => false): never {
  const cause = driverError(err);
  if (cause instanceof Error && isUniqueConstraint(cause)) {
    const column = /UNIQUE constraint failed: (.+)$/.exec(cause.message)?.[1] ?? "";
    const index = uniqueIndexOf(column);
    if (index) throw new UniqueViolation(index.field, { cause, confusable: index.confusable && !exactlyTaken() });
  }
  throw err;
}

function isForeignKeyViolation(err: unknown): boolean {
  const cause = driverError(err);
  return cause instanceof Error && "code" in cause && cause.code === "SQLITE_CONSTRAINT_FOREIGNKEY";
}

const roomKeys = (name: string) => ({ nameKey: foldKey(name), nameSkeleton: skeletonKey(name) });

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

function isUniqueConstraint(err: unknown): boolean {
  const cause = driverError(err);
  return cause instanceof Error && "code" in cause && cause.code === "SQLITE_CONSTRAINT_UNIQUE";
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

  const selectMessages = () => db.select(messageColumns).from(messages).innerJoin(users, eq(users.id, messages.userId));
  const placeholder = sql.placeholder;

  // The statements every send, history page and handshake runs, built and prepared once: drizzle's
  // query building and SQLite's prepare were a tenth of the server's CPU per send in the profile.
  const prepared = {
    messageById: selectMessages().where(eq(messages.id, placeholder("id"))).prepare(),
    // The message is written only while its session lives, in the same statement: a deactivation or a
    // sign-out committed by any process stops the next send without a lookup of its own.
    // SQLite has one writer at a time, so the room's next version can be read in the insert itself.
    insertMessage: sqlite.prepare<{ roomId: number; userId: number; content: string; clientId: string | null; sessionId: string; now: number }, { id: number }>(
      `insert into messages (room_id, user_id, content, client_id, version)
       select :roomId, :userId, :content, :clientId,
         (select coalesce(max(version), 0) + 1 from messages where room_id = :roomId)
       where exists (
         select 1 from sessions join users on users.id = sessions.user_id
         where sessions.id = :sessionId and sessions.user_id = :userId and sessions.expires_at > :now and users.is_active
       )
       on conflict do nothing
       returning id`,
    ),
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
    changedAfter: selectMessages()
      .where(and(eq(messages.roomId, placeholder("roomId")), gt(messages.version, placeholder("changedAfter"))))
      .orderBy(asc(messages.version))
      .limit(placeholder("limit"))
      .prepare(),
    membership: db
      .select(membershipColumns)
      .from(roomMembers)
      .where(and(eq(roomMembers.roomId, placeholder("roomId")), eq(roomMembers.userId, placeholder("userId"))))
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
  const roomViews = (viewerId: number) =>
    db
      .select({ room: roomColumns, role: roomMembers.role })
      .from(rooms)
      .leftJoin(roomMembers, and(eq(roomMembers.roomId, rooms.id), eq(roomMembers.userId, viewerId)))
      .$dynamic();
  const roomNameTaken = (name: string, exceptId = 0) =>
    Boolean(db.select({ id: rooms.id }).from(rooms).where(and(eq(rooms.nameKey, foldKey(name)), ne(rooms.id, exceptId))).get());
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
          .values({ ...user, usernameKey: foldKey(user.username), usernameSkeleton: skeletonKey(user.username), email: foldKey(user.email) })
          .returning(userColumns)
          .get();
      } catch (err) {
        rethrow(err, () => Boolean(db.select({ id: users.id }).from(users).where(eq(users.usernameKey, foldKey(user.username))).get()));
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

    async listRooms({ limit, after, viewerId }) {
      const page = roomViews(viewerId);
      return after === undefined
        ? page.orderBy(desc(rooms.isDefault), asc(rooms.id)).limit(limit).all()
        : page.where(and(eq(rooms.isDefault, false), gt(rooms.id, after))).orderBy(asc(rooms.id)).limit(limit).all();
    },

    async getRoomView(id, viewerId) {
      return roomViews(viewerId).where(eq(rooms.id, id)).get() ?? null;
    },

    async getRoom(id) {
      return prepared.roomById.get({ id }) ?? null;
    },

    async getDefaultRoom() {
      return db.select(roomColumns).from(rooms).where(eq(rooms.isDefault, true)).get() ?? null;
    },

    async insertRoom(room, quota) {
      try {
        // better-sqlite3 runs the transaction synchronously: nothing else writes between count and insert.
        return db.transaction((tx) => {
          if (quota.perCreator > 0 && room.createdBy !== null) {
            const [owned] = tx.select({ n: count() }).from(rooms).where(eq(rooms.createdBy, room.createdBy)).all();
            if ((owned?.n ?? 0) >= quota.perCreator) return { status: "over_quota", quota: "perCreator" } as const;
          }
          if (quota.total > 0) {
            const [all] = tx.select({ n: count() }).from(rooms).all();
            if ((all?.n ?? 0) >= quota.total) return { status: "over_quota", quota: "total" } as const;
          }
          const created = tx.insert(rooms).values({ ...room, ...roomKeys(room.name) }).returning(roomColumns).get();
          if (room.createdBy !== null) tx.insert(roomMembers).values({ roomId: created.id, userId: room.createdBy, role: "owner" }).run();
          return { status: "created", room: created } as const;
        });
      } catch (err) {
        rethrow(err, () => roomNameTaken(room.name));
      }
    },

    async ensureDefaultRoom(room) {
      db.insert(rooms)
        .values({ ...room, ...roomKeys(room.name), isDefault: true, createdBy: null })
        .onConflictDoNothing()
        .run();
      const stored = db.select(roomColumns).from(rooms).where(eq(rooms.isDefault, true)).get();
      if (!stored) throw new Error(`a room named "${room.name}" exists but is not the default room`);
      return stored;
    },

    async updateRoom(id, patch) {
      const values = {
        ...(patch.name === undefined ? {} : { name: patch.name, ...roomKeys(patch.name) }),
        ...(patch.description === undefined ? {} : { description: patch.description }),
      };
      if (Object.keys(values).length === 0) {
        return db.select(roomColumns).from(rooms).where(eq(rooms.id, id)).get() ?? null;
      }
      try {
        return db.update(rooms).set(values).where(eq(rooms.id, id)).returning(roomColumns).get() ?? null;
      } catch (err) {
        rethrow(err, () => roomNameTaken(patch.name ?? "", id));
      }
    },

    async deleteRoom(id) {
      return db.delete(rooms).where(eq(rooms.id, id)).run().changes > 0;
    },

    async insertMessage(message) {
      return db.transaction(() => {
        let inserted: { id: number } | undefined;
        try {
          inserted = prepared.insertMessage.get({ ...message, now: Date.now() });
        } catch (err) {
          // SQLite does not say which reference failed; only a missing room is the caller's answer.
          if (isForeignKeyViolation(err) && !prepared.roomById.get({ id: message.roomId })) return { status: "no_room" } as const;
          throw err;
        }
        if (inserted) return { status: "stored", message: storedMessage(inserted.id), created: true } as const;
        const existing =
          message.clientId === null ? undefined : prepared.messageByClientId.get({ userId: message.userId, clientId: message.clientId });
        // Nothing conflicted, so the session check refused it: retries of what was stored before still get their ack.
        if (!existing) return { status: "session_ended" } as const;
        return { status: "stored", message: storedMessage(existing.id), created: false } as const;
      });
    },

    async getMessage(id) {
      return messageById(id);
    },

    async getMembership(roomId, userId) {
      return prepared.membership.get({ roomId, userId }) ?? null;
    },

    async ensureMembership(roomId, userId) {
      try {
        db.insert(roomMembers).values({ roomId, userId, role: "member" }).onConflictDoNothing().run();
      } catch (err) {
        if (isForeignKeyViolation(err)) return null;
        throw err;
      }
      return prepared.membership.get({ roomId, userId }) ?? null;
    },

    async listMembersWithRoles(roomId, roles) {
      return db
        .select(membershipColumns)
        .from(roomMembers)
        .where(and(eq(roomMembers.roomId, roomId), inArray(roomMembers.role, roles)))
        .all();
    },

    async listMessages({ roomId, limit, before, after, changedAfter }) {
      if (changedAfter !== undefined) return prepared.changedAfter.all({ roomId, changedAfter, limit });
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

