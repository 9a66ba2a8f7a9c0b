import { and, asc, count, desc, eq, gt, ne, sql } from "drizzle-orm";
import { foldKey } from "../keys";
import type { RoomStore } from "../types";
import { roomMembers, rooms } from "./schema";
import { columns, first, guarded, rethrowNamed, roomKeys, type PgHandle } from "./shared";

/** Serialises room creations, so that counting rooms against the quota and inserting one are one step. */
const ROOM_QUOTA_LOCK = 0x726f6f6dn;

const { room: roomColumns } = columns;

export function pgRooms({ db }: PgHandle): RoomStore {
  // Among the statements the hot paths run: named, so prepared on the server (see messages.ts).
  const roomById = db.select(roomColumns).from(rooms).where(eq(rooms.id, sql.placeholder("id"))).prepare("room_by_id");
  const roomViews = (viewerId: number) =>
    db
      .select({ room: roomColumns, role: roomMembers.role })
      .from(rooms)
      .leftJoin(roomMembers, and(eq(roomMembers.roomId, rooms.id), eq(roomMembers.userId, viewerId)))
      .$dynamic();
  const roomNameTaken = async (name: string, exceptId = 0) =>
    (await db.select({ id: rooms.id }).from(rooms).where(and(eq(rooms.nameKey, foldKey(name)), ne(rooms.id, exceptId)))).length > 0;

  return {
    listRooms: guarded(async ({ limit, after, viewerId }) =>
      after === undefined
        ? roomViews(viewerId).orderBy(desc(rooms.isDefault), asc(rooms.id)).limit(limit)
        : roomViews(viewerId).where(and(eq(rooms.isDefault, false), gt(rooms.id, after))).orderBy(asc(rooms.id)).limit(limit),
    ),

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
  };
}
