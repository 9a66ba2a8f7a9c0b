import { and, eq, inArray, sql } from "drizzle-orm";
import type { MemberStore } from "../types";
import { roomMembers } from "./schema";
import { columns, first, guarded, isMissingRoom, type PgHandle } from "./shared";

const { membership: membershipColumns } = columns;

export function pgMembers({ db }: PgHandle): MemberStore {
  // Among the statements the hot paths run: named, so prepared on the server (see messages.ts).
  const membership = db
    .select(membershipColumns)
    .from(roomMembers)
    .where(and(eq(roomMembers.roomId, sql.placeholder("roomId")), eq(roomMembers.userId, sql.placeholder("userId"))))
    .prepare("membership");

  return {
    getMembership: guarded(async (roomId, userId) => first(await membership.execute({ roomId, userId }))),

    ensureMembership: guarded(async (roomId, userId) => {
      try {
        await db.insert(roomMembers).values({ roomId, userId, role: "member" }).onConflictDoNothing();
      } catch (err) {
        if (isMissingRoom(err, "room_members_room_id_rooms_id_fk")) return null;
        throw err;
      }
      return first(await membership.execute({ roomId, userId }));
    }),

    listMembersWithRoles: guarded(async (roomId, roles) =>
      db.select(membershipColumns).from(roomMembers).where(and(eq(roomMembers.roomId, roomId), inArray(roomMembers.role, roles))),
    ),
  };
}
