import { and, asc, count, desc, eq, gt, ne, sql } from "drizzle-orm";
import { foldKey } from "../keys";
import type { RoomStore } from "../types";
import { roomMembers, rooms } from "./schema";
import { columns, rethrow, roomKeys, type SqliteHandle } from "./shared";

const { room: roomColumns } = columns;

export function sqliteRooms({ db }: SqliteHandle): RoomStore {
  // Among the statements the hot paths run: prepared once (see messages.ts).
  const roomById = db.select(roomColumns).from(rooms).where(eq(rooms.id, sql.placeholder("id"))).prepare();
  const roomViews = (viewerId: number) =>
    db
      .select({ room: roomColumns, role: roomMembers.role })
      .from(rooms)
      .leftJoin(roomMembers, and(eq(roomMembers.roomId, rooms.id), eq(roomMembers.userId, viewerId)))
      .$dynamic();
  const roomNameTaken = (name: string, exceptId = 0) =>
    Boolean(db.select({ id: rooms.id }).from(rooms).where(and(eq(rooms.nameKey, foldKey(name)), ne(rooms.id, exceptId))).get());

  return {
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
  };
}
