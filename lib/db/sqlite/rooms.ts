import { and, asc, count, desc, eq, gt, ne, sql } from "drizzle-orm";
import { directKeyOf } from "../direct-key";
import { foldKey } from "../keys";
import { lastMessageIdOf, roomViewColumns } from "../room-view";
import type { DirectPerson, RoomStore } from "../types";
import { roomMembers, rooms, users } from "./schema";
import { columns, rethrow, roomKeys, type SqliteHandle } from "./shared";

const { room: roomColumns } = columns;

export function sqliteRooms({ db }: SqliteHandle): RoomStore {
  // Among the statements the hot paths run: prepared once (see messages.ts).
  const roomById = db.select(roomColumns).from(rooms).where(eq(rooms.id, sql.placeholder("id"))).prepare();
  const roomViews = (viewerId: number) =>
    db
      .select(roomViewColumns({ roomColumns, rooms, roomMembers }, viewerId))
      .from(rooms)
      .leftJoin(roomMembers, and(eq(roomMembers.roomId, rooms.id), eq(roomMembers.userId, viewerId)))
      .$dynamic();
  const publicNameTaken = (name: string, exceptId = 0) =>
    Boolean(
      db
        .select({ id: rooms.id })
        .from(rooms)
        .where(and(eq(rooms.nameKey, foldKey(name)), eq(rooms.kind, "public"), ne(rooms.id, exceptId)))
        .get(),
    );
  // The room list's statements, prepared once: the viewer, the cursor and the limits are bound per call.
  const viewer = sql.placeholder("viewerId");
  const listed = () =>
    db
      .select(roomViewColumns({ roomColumns, rooms, roomMembers }, viewer))
      .from(rooms)
      .leftJoin(roomMembers, and(eq(roomMembers.roomId, rooms.id), eq(roomMembers.userId, viewer)));
  // Neither the default room nor any public room is listed to someone banned from it.
  const notBanned = () => sql`not exists (select 1 from room_bans where room_bans.room_id = ${rooms.id} and room_bans.user_id = ${viewer})`;
  const defaultRoomView = listed().where(and(eq(rooms.isDefault, true), notBanned())).prepare();
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
    .prepare();
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
    .prepare();

  // The people of a page's conversations: one statement whatever their number, the ids bound as one JSON
  // array; ordered by the membership key (room, user), which needs no sort.
  const directPeople = db
    .select({ roomId: roomMembers.roomId, id: users.id, username: users.username, city: users.city })
    .from(roomMembers)
    .innerJoin(users, eq(users.id, roomMembers.userId))
    .where(sql`${roomMembers.roomId} in (select value from json_each(${sql.placeholder("roomIds")}))`)
    .orderBy(asc(roomMembers.roomId), asc(roomMembers.userId))
    .prepare();
  return {
    async listRooms({ limit, ownLimit, after, viewerId }) {
      const publicPage = publicRoomsAfter.all({ viewerId, after: after ?? 0, limit });
      if (after !== undefined) return publicPage;
      return [...defaultRoomView.all({ viewerId }), ...ownRooms.all({ viewerId, ownLimit }), ...publicPage];
    },

    async getRoomView(id, viewerId) {
      return roomViews(viewerId).where(eq(rooms.id, id)).get() ?? null;
    },

    async openDirect(userIds) {
      const directKey = directKeyOf(userIds);
      // Immediate: the lookup and the insert are one write transaction, so another process opening the
      // same conversation waits and then finds it.
      return db.transaction(
        (tx) => {
        const found = tx.select(roomColumns).from(rooms).where(eq(rooms.directKey, directKey)).get();
        if (found) return { room: found, created: false };
        const room = tx
          .insert(rooms)
          .values({ name: "", nameKey: "", nameSkeleton: null, description: "", createdBy: null, kind: "direct", isGroup: userIds.length > 2, directKey })
          .returning(roomColumns)
          .get();
        tx.insert(roomMembers)
          .values(userIds.map((userId) => ({ roomId: room.id, userId, role: "member" as const })))
          .run();
        return { room, created: true };
        },
        { behavior: "immediate" },
      );
    },

    async listDirectPeople(roomIds) {
      const people = new Map<number, DirectPerson[]>();
      if (roomIds.length === 0) return people;
      const rows = directPeople.all({ roomIds: JSON.stringify(roomIds) });
      for (const { roomId, ...person } of rows) people.set(roomId, [...(people.get(roomId) ?? []), person]);
      return people;
    },

    async getRoom(id) {
      return roomById.get({ id }) ?? null;
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
            const [all] = tx.select({ n: count() }).from(rooms).where(ne(rooms.kind, "direct")).all();
            if ((all?.n ?? 0) >= quota.total) return { status: "over_quota", quota: "total" } as const;
          }
          const created = tx.insert(rooms).values({ ...room, kind: room.kind ?? "public", ...roomKeys(room.name) }).returning(roomColumns).get();
          if (room.createdBy !== null) tx.insert(roomMembers).values({ roomId: created.id, userId: room.createdBy, role: "owner" }).run();
          return { status: "created", room: created } as const;
        });
      } catch (err) {
        rethrow(err, () => publicNameTaken(room.name));
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
        ...(patch.kind === undefined ? {} : { kind: patch.kind }),
      };
      if (Object.keys(values).length === 0) {
        return db.select(roomColumns).from(rooms).where(eq(rooms.id, id)).get() ?? null;
      }
      try {
        return db.update(rooms).set(values).where(eq(rooms.id, id)).returning(roomColumns).get() ?? null;
      } catch (err) {
        // A patch that only makes the room public collides under the name it already has.
        rethrow(err, () => publicNameTaken(patch.name ?? db.select({ name: rooms.name }).from(rooms).where(eq(rooms.id, id)).get()?.name ?? "", id));
      }
    },

    async deleteRoom(id) {
      return db.delete(rooms).where(eq(rooms.id, id)).run().changes > 0;
    },
  };
}
