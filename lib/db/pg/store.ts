import path from "node:path";
import { and, asc, count, desc, eq, gt, inArray, isNull, lt, ne, sql } from "drizzle-orm";
import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { publicColumns } from "../columns";
import { driverError, uniqueIndexOf } from "../errors";
import { foldKey, skeletonKey } from "../keys";
import { StoreUnavailable, UniqueViolation, type Message, type Store } from "../types";
import * as schema from "./schema";

const { users, rooms, messages, sessions, roomMembers } = schema;

/** Any constant works; it only has to be the same for every instance migrating this database. */
const MIGRATION_LOCK_KEY = 0x646973636f636bn;
/** The first key of the two-key advisory lock that orders message inserts within a room. */
const ROOM_INSERT_LOCK = 0x6d7367;
/** Serialises room creations, so that counting rooms against the quota and inserting one are one step. */
const ROOM_QUOTA_LOCK = 0x726f6f6dn;

const { user: userColumns, room: roomColumns, message: messageColumns, membership: membershipColumns } = publicColumns(schema);

const CONNECTION_ERROR_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
  "57P01",
  "57P03",
  "53300",
]);

function rethrow(err: unknown): never {
  const cause = driverError(err);
  if (cause instanceof Error && "code" in cause) {
    if (cause.code === "23505" && "constraint_name" in cause && typeof cause.constraint_name === "string") {
      const index = uniqueIndexOf(cause.constraint_name);
      if (index) throw new UniqueViolation(index.field, { cause, confusable: index.confusable });
    }
    if (typeof cause.code === "string" && CONNECTION_ERROR_CODES.has(cause.code)) {
      throw new StoreUnavailable(`PostgreSQL is unavailable (${cause.code})`, { cause });
    }
  }
  throw err;
}

/** An insert refused by a row's room foreign key: the room does not exist (any more). */
function isMissingRoom(err: unknown, constraint = "messages_room_id_rooms_id_fk"): boolean {
  const cause = driverError(err);
  return cause instanceof Error && "code" in cause && cause.code === "23503" && "constraint_name" in cause && cause.constraint_name === constraint;
}

/**
 * As rethrow, but tells a name that is taken as such from one that only looks like a taken one: a
 * duplicate breaks both unique indexes, and PostgreSQL names whichever it checked first.
 */
async function rethrowNamed(err: unknown, exactlyTaken: () => Promise<boolean>): Promise<never> {
  try {
    rethrow(err);
  } catch (mapped) {
    if (mapped instanceof UniqueViolation && mapped.confusable && (await exactlyTaken())) {
      throw new UniqueViolation(mapped.field, { cause: mapped.cause });
    }
    throw mapped;
  }
}

function guarded<Args extends unknown[], Result>(run: (...args: Args) => Promise<Result>) {
  return async (...args: Args): Promise<Result> => {
    try {
      return await run(...args);
    } catch (err) {
      rethrow(err);
    }
  };
}

const roomKeys = (name: string) => ({ nameKey: foldKey(name), nameSkeleton: skeletonKey(name) });

const isUniqueConstraint = (err: unknown) => {
  const cause = driverError(err);
  return cause instanceof Error && "code" in cause && cause.code === "23505";
};

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

  const selectMessages = () => db.select(messageColumns).from(messages).innerJoin(users, eq(users.id, messages.userId));
  const first = <T>(rows: T[]): T | null => rows[0] ?? null;
  const placeholder = sql.placeholder;

  // The statements every send, history page and handshake runs, built once. Named, they also become
  // server-side prepared statements on each pooled connection (drizzle sends unnamed ones otherwise,
  // which PostgreSQL parses and plans on every call).
  const prepared = {
    messageById: selectMessages().where(eq(messages.id, placeholder("id"))).prepare("message_by_id"),
    messageByClientId: db
      .select({ id: messages.id })
      .from(messages)
      .where(and(eq(messages.userId, placeholder("userId")), eq(messages.clientId, placeholder("clientId"))))
      .prepare("message_by_client_id"),
    roomById: db.select(roomColumns).from(rooms).where(eq(rooms.id, placeholder("id"))).prepare("room_by_id"),
    sessionUser: db
      .select(userColumns)
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(and(eq(sessions.id, placeholder("sessionId")), gt(sessions.expiresAt, placeholder("now"))))
      .prepare("session_user"),
    latestPage: selectMessages()
      .where(eq(messages.roomId, placeholder("roomId")))
      .orderBy(desc(messages.id))
      .limit(placeholder("limit"))
      .prepare("latest_page"),
    pageBefore: selectMessages()
      .where(and(eq(messages.roomId, placeholder("roomId")), lt(messages.id, placeholder("before"))))
      .orderBy(desc(messages.id))
      .limit(placeholder("limit"))
      .prepare("page_before"),
    pageAfter: selectMessages()
      .where(and(eq(messages.roomId, placeholder("roomId")), gt(messages.id, placeholder("after"))))
      .orderBy(asc(messages.id))
      .limit(placeholder("limit"))
      .prepare("page_after"),
    changedAfter: selectMessages()
      .where(and(eq(messages.roomId, placeholder("roomId")), gt(messages.version, placeholder("changedAfter"))))
      .orderBy(asc(messages.version))
      .limit(placeholder("limit"))
      .prepare("changed_after"),
    membership: db
      .select(membershipColumns)
      .from(roomMembers)
      .where(and(eq(roomMembers.roomId, placeholder("roomId")), eq(roomMembers.userId, placeholder("userId"))))
      .prepare("membership"),
    pageBetween: selectMessages()
      .where(
        and(eq(messages.roomId, placeholder("roomId")), gt(messages.id, placeholder("after")), lt(messages.id, placeholder("before"))),
      )
      .orderBy(asc(messages.id))
      .limit(placeholder("limit"))
      .prepare("page_between"),
  };
  const roomViews = (viewerId: number) =>
    db
      .select({ room: roomColumns, role: roomMembers.role })
      .from(rooms)
      .leftJoin(roomMembers, and(eq(roomMembers.roomId, rooms.id), eq(roomMembers.userId, viewerId)))
      .$dynamic();
  const roomNameTaken = async (name: string, exceptId = 0) =>
    (await db.select({ id: rooms.id }).from(rooms).where(and(eq(rooms.nameKey, foldKey(name)), ne(rooms.id, exceptId)))).length > 0;
  const storedMessage = async (id: number): Promise<Message> => {
    const message = first(await prepared.messageById.execute({ id }));
    if (!message) throw new Error(`message ${id} vanished after it was written`);
    return message;
  };

  return {
    dialect: "postgres",

    ping: guarded(async () => {
      await client`select 1`;
    }),

    async close() {
      await client.end({ timeout: 5 });
    },

    insertUser: guarded(async (user) => {
      const [created] = await db
        .insert(users)
        .values({ ...user, usernameKey: foldKey(user.username), usernameSkeleton: skeletonKey(user.username), email: foldKey(user.email) })
        .returning(userColumns)
        .catch((err: unknown) =>
          rethrowNamed(err, async () => (await db.select({ id: users.id }).from(users).where(eq(users.usernameKey, foldKey(user.username)))).length > 0),
        );
      if (!created) throw new Error("insert into users returned no row");
      return created;
    }),

    getUserById: guarded(async (id) => first(await db.select(userColumns).from(users).where(eq(users.id, id)))),

    getUserByUsername: guarded(async (username) =>
      first(await db.select(userColumns).from(users).where(eq(users.usernameKey, foldKey(username)))),
    ),

    setUserActive: guarded(async (userId, active) => {
      const updated = await db.update(users).set({ isActive: active }).where(eq(users.id, userId)).returning({ id: users.id });
      return updated.length > 0;
    }),

    setUserPasswordHash: guarded(async (userId, passwordHash) => {
      const updated = await db.update(users).set({ passwordHash }).where(eq(users.id, userId)).returning({ id: users.id });
      return updated.length > 0;
    }),

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

    getSessionUser: guarded(async (sessionId, now) => first(await prepared.sessionUser.execute({ sessionId, now: now.toISOString() }))),

    deleteSession: guarded(async (sessionId) => {
      const deleted = await db.delete(sessions).where(eq(sessions.id, sessionId)).returning({ id: sessions.id });
      return deleted.length > 0;
    }),

    deleteUserSessions: guarded(async (userId) => {
      const deleted = await db.delete(sessions).where(eq(sessions.userId, userId)).returning({ id: sessions.id });
      return deleted.map((row) => row.id);
    }),

    listRooms: guarded(async ({ limit, after, viewerId }) =>
      after === undefined
        ? roomViews(viewerId).orderBy(desc(rooms.isDefault), asc(rooms.id)).limit(limit)
        : roomViews(viewerId).where(and(eq(rooms.isDefault, false), gt(rooms.id, after))).orderBy(asc(rooms.id)).limit(limit),
    ),

    getRoomView: guarded(async (id, viewerId) => first(await roomViews(viewerId).where(eq(rooms.id, id)))),

    getRoom: guarded(async (id) => first(await prepared.roomById.execute({ id }))),

    getDefaultRoom: guarded(async () =>
      first(await db.select(roomColumns).from(rooms).where(eq(rooms.isDefault, true))),
    ),

    insertRoom: guarded(async (room, quota) =>
      db
        .transaction(async (tx) => {
        // Taken before the counts, which read committed rows in statements of their own after it:
        // concurrent creations queue here, and each counts what those before it created.
        await tx.execute(sql`select pg_advisory_xact_lock(${ROOM_QUOTA_LOCK.toString()}::bigint)`);
        if (quota.perCreator > 0 && room.createdBy !== null) {
          const [owned] = await tx.select({ n: count() }).from(rooms).where(eq(rooms.createdBy, room.createdBy));
          if ((owned?.n ?? 0) >= quota.perCreator) return { status: "over_quota", quota: "perCreator" } as const;
        }
        if (quota.total > 0) {
          const [all] = await tx.select({ n: count() }).from(rooms);
          if ((all?.n ?? 0) >= quota.total) return { status: "over_quota", quota: "total" } as const;
        }
        const [created] = await tx.insert(rooms).values({ ...room, ...roomKeys(room.name) }).returning(roomColumns);
        if (!created) throw new Error("insert into rooms returned no row");
        if (room.createdBy !== null) await tx.insert(roomMembers).values({ roomId: created.id, userId: room.createdBy, role: "owner" });
        return { status: "created", room: created } as const;
      })
        .catch((err: unknown) => rethrowNamed(err, () => roomNameTaken(room.name))),
    ),

    ensureDefaultRoom: guarded(async (room) => {
      await db
        .insert(rooms)
        .values({ ...room, ...roomKeys(room.name), isDefault: true, createdBy: null })
        .onConflictDoNothing();
      const stored = first(await db.select(roomColumns).from(rooms).where(eq(rooms.isDefault, true)));
      if (!stored) throw new Error(`a room named "${room.name}" exists but is not the default room`);
      return stored;
    }),

    updateRoom: guarded(async (id, patch) => {
      const values = {
        ...(patch.name === undefined ? {} : { name: patch.name, ...roomKeys(patch.name) }),
        ...(patch.description === undefined ? {} : { description: patch.description }),
      };
      if (Object.keys(values).length === 0) {
        return first(await db.select(roomColumns).from(rooms).where(eq(rooms.id, id)));
      }
      return first(
        await db
          .update(rooms)
          .set(values)
          .where(eq(rooms.id, id))
          .returning(roomColumns)
          .catch((err: unknown) => rethrowNamed(err, () => roomNameTaken(patch.name ?? "", id))),
      );
    }),

    deleteRoom: guarded(async (id) => {
      const deleted = await db.delete(rooms).where(eq(rooms.id, id)).returning({ id: rooms.id });
      return deleted.length > 0;
    }),

    insertMessage: guarded(async (message) => {
      // Sequence values are taken at insert but become visible at commit, so without the lock a reader
      // could see id 11 before id 10 commits and page past it with after=11. One writer per room at a
      // time makes ids visible in order, which is what keyset catch-up relies on. The lock is taken in
      // the insert's own statement (its implicit transaction holds it until commit), and the same
      // statement returns the row with its author: one round trip for a send. The column aliases are
      // the Message fields of types.ts; drizzle has postgres.js hand bigints and timestamps over as text.
      // The row is written only while the sender's session lives, checked in the same statement: a
      // deactivation or sign-out committed by any process stops the next send without a lookup of its own.
      const rows = await client<(Omit<Message, "id" | "createdAt" | "version"> & { id: string; createdAt: string; version: string })[]>`
        with room_lock as (select pg_advisory_xact_lock(${ROOM_INSERT_LOCK}::int, ${message.roomId}::int)),
        inserted as (
          insert into messages (room_id, user_id, content, client_id, version)
          select ${message.roomId}::int, ${message.userId}::int, ${message.content}::text, ${message.clientId ?? null}::text,
            nextval('message_versions') from room_lock
          where exists (
            select 1 from sessions join users on users.id = sessions.user_id
            where sessions.id = ${message.sessionId}::text and sessions.user_id = ${message.userId}::int
              and sessions.expires_at > now() and users.is_active
          )
          on conflict (user_id, client_id) do nothing
          returning id, room_id, user_id, content, created_at, client_id, version
        )
        select inserted.id, inserted.room_id as "roomId", inserted.user_id as "userId", inserted.content,
          inserted.created_at as "createdAt", inserted.client_id as "clientId", inserted.version, users.username, users.city as "userCity"
        from inserted join users on users.id = inserted.user_id`.catch((err: unknown) => {
        if (isMissingRoom(err)) return null;
        throw err;
      });
      if (!rows) return { status: "no_room" } as const;
      const [inserted] = rows;
      if (inserted) {
        const message = { ...inserted, id: Number(inserted.id), version: Number(inserted.version), createdAt: new Date(inserted.createdAt) };
        return { status: "stored", message, created: true } as const;
      }
      // The conflicting insert has committed (ON CONFLICT waits for it), so the row is visible now.
      const [existing] =
        message.clientId === null ? [] : await prepared.messageByClientId.execute({ userId: message.userId, clientId: message.clientId });
      // Nothing conflicted, so the session check refused it: retries of what was stored before still get their ack.
      if (!existing) return { status: "session_ended" } as const;
      return { status: "stored", message: await storedMessage(existing.id), created: false } as const;
    }),

    getMessage: guarded(async (id) => first(await prepared.messageById.execute({ id }))),

    getMembership: guarded(async (roomId, userId) => first(await prepared.membership.execute({ roomId, userId }))),

    ensureMembership: guarded(async (roomId, userId) => {
      try {
        await db.insert(roomMembers).values({ roomId, userId, role: "member" }).onConflictDoNothing();
      } catch (err) {
        if (isMissingRoom(err, "room_members_room_id_rooms_id_fk")) return null;
        throw err;
      }
      return first(await prepared.membership.execute({ roomId, userId }));
    }),

    listMembersWithRoles: guarded(async (roomId, roles) =>
      db.select(membershipColumns).from(roomMembers).where(and(eq(roomMembers.roomId, roomId), inArray(roomMembers.role, roles))),
    ),

    listMessages: guarded(async ({ roomId, limit, before, after, changedAfter }) => {
      if (changedAfter !== undefined) return prepared.changedAfter.execute({ roomId, changedAfter, limit });
      if (after !== undefined) {
        return before === undefined
          ? prepared.pageAfter.execute({ roomId, after, limit })
          : prepared.pageBetween.execute({ roomId, after, before, limit });
      }
      const page =
        before === undefined ? await prepared.latestPage.execute({ roomId, limit }) : await prepared.pageBefore.execute({ roomId, before, limit });
      return page.reverse();
    }),
  };
}


