import { and, asc, count, desc, eq, gt, ne, sql } from "drizzle-orm";
import { directKeyOf } from "../direct-key";
import { foldKey } from "../keys";
import { lastMessageIdOf, roomViewColumns } from "../room-view";
import type { DirectPerson, RoomStore } from "../types";
import { roomMembers, rooms, users } from "./schema";
import { columns, first, guarded, isUniqueConstraint, rethrowNamed, roomKeys, type PgHandle } from "./shared";

/** Serialises room creations, so that counting rooms against the quota and inserting one are one step. */
const ROOM_QUOTA_LOCK = 0x726f6f6dn;

const { room: roomColumns } = columns;

export function pgRooms({ db }: PgHandle): RoomStore {
  // Among the statements the hot paths run: named, so prepared on the server (see messages.ts).
  const roomById = db.select(roomColumns).from(rooms).where(eq(rooms.id, sql.placeholder("id"))).prepare("room_by_id");
  const roomViews = (viewerId: number) =>
    db
      .select(roomViewColumns({ roomColumns, rooms, roomMembers }, viewerId))
      .from(rooms)
      .leftJoin(roomMembers, and(eq(roomMembers.roomId, rooms.id), eq(roomMembers.userId, viewerId)))
      .$dynamic();
  const roomNameTaken = async (name: string, exceptId = 0) =>
    (await db.select({ id: rooms.id }).from(rooms).where(and(eq(rooms.nameKey, foldKey(name)), eq(rooms.kind, "public"), ne(rooms.id, exceptId))))
      .length > 0;
  // The room list's statements, prepared once and named: the viewer, the cursor and the limits are bound per call.
  const viewer = sql.placeholder("viewerId");
  const listed = () =>
    db
      .select(roomViewColumns({ roomColumns, rooms, roomMembers }, viewer))
      .from(rooms)
      .leftJoin(roomMembers, and(eq(roomMembers.roomId, rooms.id), eq(roomMembers.userId, viewer)));
  // Neither the default room nor any public room is listed to someone banned from it.
  const notBanned = () => sql`not exists (select 1 from room_bans where room_bans.room_id = ${rooms.id} and room_bans.user_id = ${viewer})`;
  const defaultRoomView = listed().where(and(eq(rooms.isDefault, true), notBanned())).prepare("list_rooms_default");
  const publicRoomsAfter = listed()
    .where(
      and(
        eq(rooms.kind, "public"),
        eq(rooms.isDefault, false),
        gt(rooms.id, sql.placeholder("after")),
        notBanned(),
      ),
    )
    .orderBy(asc(rooms.id))
    .limit(sql.placeholder("limit"))
    .prepare("list_rooms_public");
  // The viewer's private rooms and conversations, read from their memberships (room_members_user_id):
  // as many rows as they have rooms, however many private rooms and conversations others have. Latest
  // activity first, rooms without a message last (ids are positive, so this is coalesce(max(id), 0) desc).
  const ownRooms = db
    .select(roomViewColumns({ roomColumns, rooms, roomMembers }, viewer))
    .from(roomMembers)
    .innerJoin(rooms, eq(rooms.id, roomMembers.roomId))
    .where(and(eq(roomMembers.userId, viewer), ne(rooms.kind, "public")))
    .orderBy(sql`${lastMessageIdOf(rooms)} desc nulls last`, desc(rooms.id))
    .limit(sql.placeholder("ownLimit"))
    .prepare("list_rooms_own");
  const nameOf = async (id: number) => first(await db.select({ name: rooms.name }).from(rooms).where(eq(rooms.id, id)))?.name ?? "";
  const byDirectKey = async (directKey: string) => first(await db.select(roomColumns).from(rooms).where(eq(rooms.directKey, directKey)));

  // The people of a page's conversations: one named statement whatever their number, the ids bound as one
  // array; ordered by the membership key (room, user).
  const directPeople = db
    .select({ roomId: roomMembers.roomId, id: users.id, username: users.username, city: users.city })
    .from(roomMembers)
    .innerJoin(users, eq(users.id, roomMembers.userId))
    .where(sql`${roomMembers.roomId} = any(${sql.placeholder("roomIds")}::int[])`)
    .orderBy(asc(roomMembers.roomId), asc(roomMembers.userId))
    .prepare("direct_people");
  return {
    listRooms: guarded(async ({ limit, ownLimit, after, viewerId }) => {
      if (after !== undefined) return publicRoomsAfter.execute({ viewerId, after, limit });
      // Three indexed reads on three pooled connections at once: one round trip's wait, not three.
      const [defaultRoom, own, page] = await Promise.all([
        defaultRoomView.execute({ viewerId }),
        ownRooms.execute({ viewerId, ownLimit }),
        publicRoomsAfter.execute({ viewerId, after: 0, limit }),
      ]);
      return [...defaultRoom, ...own, ...page];
    }),

    openDirect: guarded(async (userIds) => {
      const directKey = directKeyOf(userIds);
      const found = await byDirectKey(directKey);
      if (found) return { room: found, created: false };
      try {
        return await db.transaction(async (tx) => {
          const [room] = await tx
            .insert(rooms)
            .values({ name: "", nameKey: "", nameSkeleton: null, description: "", createdBy: null, kind: "direct", isGroup: userIds.length > 2, directKey })
            .returning(roomColumns);
          if (!room) throw new Error("insert into rooms returned no row");
          await tx.insert(roomMembers).values(userIds.map((userId) => ({ roomId: room.id, userId, role: "member" as const })));
          return { room, created: true };
        });
      } catch (err) {
        // Opened by someone else at the same moment: the unique key let one of us in, and it is theirs.
        if (!isUniqueConstraint(err)) throw err;
        const existing = await byDirectKey(directKey);
        if (!existing) throw err;
        return { room: existing, created: false };
      }
    }),

    listDirectPeople: guarded(async (roomIds) => {
      const people = new Map<number, DirectPerson[]>();
      if (roomIds.length === 0) return people;
      const rows = await directPeople.execute({ roomIds });
      for (const { roomId, ...person } of rows) people.set(roomId, [...(people.get(roomId) ?? []), person]);
      return people;
    }),

    getRoomView: guarded(async (id, viewerId) => first(await roomViews(viewerId).where(eq(rooms.id, id)))),

    getRoom: guarded(async (id) => first(await roomById.execute({ id }))),

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
          const [all] = await tx.select({ n: count() }).from(rooms).where(ne(rooms.kind, "direct"));
          if ((all?.n ?? 0) >= quota.total) return { status: "over_quota", quota: "total" } as const;
        }
        const [created] = await tx.insert(rooms).values({ ...room, kind: room.kind ?? "public", ...roomKeys(room.name) }).returning(roomColumns);
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
        ...(patch.kind === undefined ? {} : { kind: patch.kind }),
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
          // A patch that only makes the room public collides under the name it already has.
          .catch((err: unknown) => rethrowNamed(err, async () => roomNameTaken(patch.name ?? (await nameOf(id)), id))),
      );
    }),

    deleteRoom: guarded(async (id) => {
      const deleted = await db.delete(rooms).where(eq(rooms.id, id)).returning({ id: rooms.id });
      return deleted.length > 0;
    }),
  };
}
