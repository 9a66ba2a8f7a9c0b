import { and, asc, count, desc, eq, inArray, sql } from "drizzle-orm";
import { directKeyOf } from "../direct-key";
import type { MemberStore } from "../types";
import { roomBans, roomMembers, rooms, users } from "./schema";
import { columns, isForeignKeyViolation, isUniqueConstraint, type SqliteHandle } from "./shared";

const { membership: membershipColumns } = columns;

const memberEntry = {
  userId: roomMembers.userId,
  username: users.username,
  city: users.city,
  role: roomMembers.role,
  joinedAt: roomMembers.joinedAt,
  timedOutUntil: roomMembers.timedOutUntil,
};
const roleOrder = sql`case ${roomMembers.role} when 'owner' then 0 when 'moderator' then 1 else 2 end`;

export function sqliteMembers({ db }: SqliteHandle): MemberStore {
  // Among the statements the hot paths run: prepared once (see messages.ts).
  const membership = db
    .select(membershipColumns)
    .from(roomMembers)
    .where(and(eq(roomMembers.roomId, sql.placeholder("roomId")), eq(roomMembers.userId, sql.placeholder("userId"))))
    .prepare();
  type Transaction = Parameters<Parameters<typeof db.transaction>[0]>[0];

  /** A group conversation whose people change takes the key of its new set, unless another conversation has it. */
  const rekeyDirect = (tx: Transaction, roomId: number) => {
    const room = tx.select({ kind: rooms.kind }).from(rooms).where(eq(rooms.id, roomId)).get();
    if (room?.kind !== "direct") return;
    const ids = tx.select({ userId: roomMembers.userId }).from(roomMembers).where(eq(roomMembers.roomId, roomId)).all();
    // A group that shrinks to two stays a group: the pair's one-to-one conversation is another one, blocks and all.
    const directKey = ids.length > 2 ? directKeyOf(ids.map((row) => row.userId)) : null;
    try {
      tx.update(rooms).set({ directKey }).where(eq(rooms.id, roomId)).run();
    } catch (err) {
      if (!isUniqueConstraint(err)) throw err;
      tx.update(rooms).set({ directKey: null }).where(eq(rooms.id, roomId)).run();
    }
  };

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

    async listMembers(roomId, limit) {
      return db
        .select(memberEntry)
        .from(roomMembers)
        .innerJoin(users, eq(users.id, roomMembers.userId))
        .where(eq(roomMembers.roomId, roomId))
        .orderBy(roleOrder, asc(users.usernameKey))
        .limit(limit)
        .all();
    },

    async listMembersAmong(roomId, userIds) {
      if (userIds.length === 0) return [];
      return db
        .select(memberEntry)
        .from(roomMembers)
        .innerJoin(users, eq(users.id, roomMembers.userId))
        .where(and(eq(roomMembers.roomId, roomId), inArray(roomMembers.userId, userIds)))
        .orderBy(roleOrder, asc(users.usernameKey))
        .all();
    },

    async countMembers(roomId) {
      return db.select({ n: count() }).from(roomMembers).where(eq(roomMembers.roomId, roomId)).get()?.n ?? 0;
    },

    async listMemberIds(roomId) {
      return db
        .select({ userId: roomMembers.userId })
        .from(roomMembers)
        .where(eq(roomMembers.roomId, roomId))
        .all()
        .map((row) => row.userId);
    },

    async getMemberTarget(roomId, userId) {
      const user = db
        .select({ id: users.id, username: users.username, city: users.city, role: users.role, isActive: users.isActive })
        .from(users)
        .where(eq(users.id, userId))
        .get();
      if (!user) return null;
      const banned = Boolean(db.select({ userId: roomBans.userId }).from(roomBans).where(and(eq(roomBans.roomId, roomId), eq(roomBans.userId, userId))).get());
      return { user, membership: membership.get({ roomId, userId }) ?? null, banned };
    },

    async addMember(roomId, userId) {
      try {
        return db.transaction(
          (tx) => {
            if (tx.select({ userId: roomBans.userId }).from(roomBans).where(and(eq(roomBans.roomId, roomId), eq(roomBans.userId, userId))).get()) {
              return { status: "banned" } as const;
            }
            const added = tx.insert(roomMembers).values({ roomId, userId, role: "member" }).onConflictDoNothing().run().changes > 0;
            if (!added) return { status: "exists" } as const;
            rekeyDirect(tx, roomId);
            const stored = tx.select(membershipColumns).from(roomMembers).where(and(eq(roomMembers.roomId, roomId), eq(roomMembers.userId, userId))).get();
            if (!stored) throw new Error("a membership vanished inside its own transaction");
            return { status: "added", membership: stored } as const;
          },
          { behavior: "immediate" },
        );
      } catch (err) {
        if (isForeignKeyViolation(err)) return { status: "no_room" } as const;
        throw err;
      }
    },

    async removeMember(roomId, userId) {
      return db.transaction(
        (tx) => {
          const removed = tx.delete(roomMembers).where(and(eq(roomMembers.roomId, roomId), eq(roomMembers.userId, userId))).run().changes > 0;
          if (removed) rekeyDirect(tx, roomId);
          return removed;
        },
        { behavior: "immediate" },
      );
    },

    async setMemberRole(roomId, userId, role) {
      return (
        db
          .update(roomMembers)
          .set({ role })
          .where(and(eq(roomMembers.roomId, roomId), eq(roomMembers.userId, userId), sql`${roomMembers.role} <> 'owner'`))
          .returning(membershipColumns)
          .get() ?? null
      );
    },

    async transferOwnership(roomId, fromUserId, toUserId) {
      return db.transaction(
        (tx) => {
          const heir = tx.select({ userId: roomMembers.userId }).from(roomMembers).where(and(eq(roomMembers.roomId, roomId), eq(roomMembers.userId, toUserId))).get();
          if (!heir) return false;
          const demoted = tx
            .update(roomMembers)
            .set({ role: "moderator" })
            .where(and(eq(roomMembers.roomId, roomId), eq(roomMembers.userId, fromUserId), eq(roomMembers.role, "owner")))
            .run().changes;
          if (demoted === 0) return false;
          tx.update(roomMembers).set({ role: "owner", timedOutUntil: null }).where(and(eq(roomMembers.roomId, roomId), eq(roomMembers.userId, toUserId))).run();
          tx.update(rooms).set({ createdBy: toUserId }).where(eq(rooms.id, roomId)).run();
          return true;
        },
        { behavior: "immediate" },
      );
    },

    async setTimedOutUntil(roomId, userId, until) {
      return (
        db
          .update(roomMembers)
          .set({ timedOutUntil: until })
          .where(and(eq(roomMembers.roomId, roomId), eq(roomMembers.userId, userId)))
          .returning(membershipColumns)
          .get() ?? null
      );
    },

    async ban(roomId, userId, bannedBy, reason) {
      return db.transaction(
        (tx) => {
          const banned = tx.insert(roomBans).values({ roomId, userId, bannedBy, reason }).onConflictDoNothing().run().changes > 0;
          tx.delete(roomMembers).where(and(eq(roomMembers.roomId, roomId), eq(roomMembers.userId, userId))).run();
          return banned;
        },
        { behavior: "immediate" },
      );
    },

    async unban(roomId, userId) {
      return db.delete(roomBans).where(and(eq(roomBans.roomId, roomId), eq(roomBans.userId, userId))).run().changes > 0;
    },

    async listBans(roomId) {
      return db
        .select({ roomId: roomBans.roomId, userId: roomBans.userId, username: users.username, reason: roomBans.reason, createdAt: roomBans.createdAt })
        .from(roomBans)
        .innerJoin(users, eq(users.id, roomBans.userId))
        .where(eq(roomBans.roomId, roomId))
        .orderBy(desc(roomBans.createdAt))
        .all();
    },
  };
}
