import { and, eq, inArray, sql } from "drizzle-orm";
import type { MemberStore } from "../types";
import { roomMembers } from "./schema";
import { columns, isForeignKeyViolation, type SqliteHandle } from "./shared";

const { membership: membershipColumns } = columns;

export function sqliteMembers({ db }: SqliteHandle): MemberStore {
  // Among the statements the hot paths run: prepared once (see messages.ts).
  const membership = db
    .select(membershipColumns)
    .from(roomMembers)
    .where(and(eq(roomMembers.roomId, sql.placeholder("roomId")), eq(roomMembers.userId, sql.placeholder("userId"))))
    .prepare();

  return {
    async getMembership(roomId, userId) {
      return membership.get({ roomId, userId }) ?? null;
    },

    async ensureMembership(roomId, userId) {
      try {
        db.insert(roomMembers).values({ roomId, userId, role: "member" }).onConflictDoNothing().run();
      } catch (err) {
        if (isForeignKeyViolation(err)) return null;
        throw err;
      }
      return membership.get({ roomId, userId }) ?? null;
    },

    async listMembersWithRoles(roomId, roles) {
      return db
        .select(membershipColumns)
        .from(roomMembers)
        .where(and(eq(roomMembers.roomId, roomId), inArray(roomMembers.role, roles)))
        .all();
    },
  };
}
