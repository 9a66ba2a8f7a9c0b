import { and, asc, count, desc, eq, inArray, sql } from "drizzle-orm";
import { directKeyOf } from "../direct-key";
import type { MemberStore } from "../types";
import { roomBans, roomMembers, rooms, users } from "./schema";
import { columns, first, guarded, isMissingRoom, isUniqueConstraint, type PgHandle } from "./shared";

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

export function pgMembers({ db }: PgHandle): MemberStore {
  // Among the statements the hot paths run: named, so prepared on the server (see messages.ts).
  const membership = db
    .select(membershipColumns)
    .from(roomMembers)
    .where(and(eq(roomMembers.roomId, sql.placeholder("roomId")), eq(roomMembers.userId, sql.placeholder("userId"))))
    .prepare("membership");
  type Transaction = Parameters<Parameters<typeof db.transaction>[0]>[0];
  const bannedIn = async (tx: Transaction | typeof db, roomId: number, userId: number) =>
    (await tx.select({ userId: roomBans.userId }).from(roomBans).where(and(eq(roomBans.roomId, roomId), eq(roomBans.userId, userId)))).length > 0;

  /**
   * A group conversation whose people change takes the key of its new set, unless another conversation
   * has it. Runs under the room's row lock (taken first), so two changes to one conversation queue.
   * Two conversations re-keyed to the same set at once both find the key free; the unique index makes
   * the later one wait and then refuses it, so the update runs in a savepoint and falls back to no key.
   */
  const rekeyDirect = async (tx: Transaction, roomId: number) => {
    const ids = await tx.select({ userId: roomMembers.userId }).from(roomMembers).where(eq(roomMembers.roomId, roomId));
    // A group that shrinks to two stays a group: the pair's one-to-one conversation is another one, blocks and all.
    const directKey = ids.length > 2 ? directKeyOf(ids.map((row) => row.userId)) : null;
    try {
      await tx.transaction(async (savepoint) => {
        await savepoint.execute(sql`update rooms set direct_key = case
            when exists (select 1 from rooms taken where taken.direct_key = ${directKey}::text and taken.id <> ${roomId}) then null
            else ${directKey}::text end
          where id = ${roomId} and kind = 'direct'`);
      });
    } catch (err) {
      if (!isUniqueConstraint(err)) throw err;
      await tx.execute(sql`update rooms set direct_key = null where id = ${roomId} and kind = 'direct'`);
    }
  };
  const lockRoom = (tx: Transaction, roomId: number) => tx.execute(sql`select id from rooms where id = ${roomId} for update`);

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

    listMembers: guarded(async (roomId, limit) =>
      db
        .select(memberEntry)
        .from(roomMembers)
        .innerJoin(users, eq(users.id, roomMembers.userId))
        .where(eq(roomMembers.roomId, roomId))
        .orderBy(roleOrder, asc(users.usernameKey))
        .limit(limit),
    ),

    listMembersAmong: guarded(async (roomId, userIds) => {
      if (userIds.length === 0) return [];
      return db
        .select(memberEntry)
        .from(roomMembers)
        .innerJoin(users, eq(users.id, roomMembers.userId))
        .where(and(eq(roomMembers.roomId, roomId), inArray(roomMembers.userId, userIds)))
        .orderBy(roleOrder, asc(users.usernameKey));
    }),

    countMembers: guarded(async (roomId) => {
      const [row] = await db.select({ n: count() }).from(roomMembers).where(eq(roomMembers.roomId, roomId));
      return row?.n ?? 0;
    }),

    listMemberIds: guarded(async (roomId) =>
      (await db.select({ userId: roomMembers.userId }).from(roomMembers).where(eq(roomMembers.roomId, roomId))).map((row) => row.userId),
    ),

    getMemberTarget: guarded(async (roomId, userId) => {
      const user = first(
        await db
          .select({ id: users.id, username: users.username, city: users.city, role: users.role, isActive: users.isActive })
          .from(users)
          .where(eq(users.id, userId)),
      );
      if (!user) return null;
      return { user, membership: first(await membership.execute({ roomId, userId })), banned: await bannedIn(db, roomId, userId) };
    }),

    addMember: guarded(async (roomId, userId) =>
      db.transaction(async (tx) => {
        const locked = await lockRoom(tx, roomId);
        if (locked.length === 0) return { status: "no_room" } as const;
        if (await bannedIn(tx, roomId, userId)) return { status: "banned" } as const;
        const [added] = await tx.insert(roomMembers).values({ roomId, userId, role: "member" }).onConflictDoNothing().returning(membershipColumns);
        if (!added) return { status: "exists" } as const;
        await rekeyDirect(tx, roomId);
        return { status: "added", membership: added } as const;
      }),
    ),

    removeMember: guarded(async (roomId, userId) =>
      db.transaction(async (tx) => {
        await lockRoom(tx, roomId);
        const removed = await tx
          .delete(roomMembers)
          .where(and(eq(roomMembers.roomId, roomId), eq(roomMembers.userId, userId)))
          .returning({ userId: roomMembers.userId });
        if (removed.length > 0) await rekeyDirect(tx, roomId);
        return removed.length > 0;
      }),
    ),

    setMemberRole: guarded(async (roomId, userId, role) =>
      first(
        await db
          .update(roomMembers)
          .set({ role })
          .where(and(eq(roomMembers.roomId, roomId), eq(roomMembers.userId, userId), sql`${roomMembers.role} <> 'owner'`))
          .returning(membershipColumns),
      ),
    ),

    transferOwnership: guarded(async (roomId, fromUserId, toUserId) =>
      db.transaction(async (tx) => {
        await lockRoom(tx, roomId);
        const heir = await tx
          .select({ userId: roomMembers.userId })
          .from(roomMembers)
          .where(and(eq(roomMembers.roomId, roomId), eq(roomMembers.userId, toUserId)));
        if (heir.length === 0) return false;
        const demoted = await tx
          .update(roomMembers)
          .set({ role: "moderator" })
          .where(and(eq(roomMembers.roomId, roomId), eq(roomMembers.userId, fromUserId), eq(roomMembers.role, "owner")))
          .returning({ userId: roomMembers.userId });
        if (demoted.length === 0) return false;
        await tx
          .update(roomMembers)
          .set({ role: "owner", timedOutUntil: null })
          .where(and(eq(roomMembers.roomId, roomId), eq(roomMembers.userId, toUserId)));
        await tx.update(rooms).set({ createdBy: toUserId }).where(eq(rooms.id, roomId));
        return true;
      }),
    ),

    setTimedOutUntil: guarded(async (roomId, userId, until) =>
      first(
        await db
          .update(roomMembers)
          .set({ timedOutUntil: until })
          .where(and(eq(roomMembers.roomId, roomId), eq(roomMembers.userId, userId)))
          .returning(membershipColumns),
      ),
    ),

    ban: guarded(async (roomId, userId, bannedBy, reason) =>
      db.transaction(async (tx) => {
        const banned = await tx.insert(roomBans).values({ roomId, userId, bannedBy, reason }).onConflictDoNothing().returning({ userId: roomBans.userId });
        await tx.delete(roomMembers).where(and(eq(roomMembers.roomId, roomId), eq(roomMembers.userId, userId)));
        return banned.length > 0;
      }),
    ),

    unban: guarded(async (roomId, userId) => {
      const deleted = await db
        .delete(roomBans)
        .where(and(eq(roomBans.roomId, roomId), eq(roomBans.userId, userId)))
        .returning({ userId: roomBans.userId });
      return deleted.length > 0;
    }),

    listBans: guarded(async (roomId) =>
      db
        .select({ roomId: roomBans.roomId, userId: roomBans.userId, username: users.username, reason: roomBans.reason, createdAt: roomBans.createdAt })
        .from(roomBans)
        .innerJoin(users, eq(users.id, roomBans.userId))
        .where(eq(roomBans.roomId, roomId))
        .orderBy(desc(roomBans.createdAt)),
    ),
  };
}
