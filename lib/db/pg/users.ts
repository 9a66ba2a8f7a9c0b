import { and, eq, inArray } from "drizzle-orm";
import { foldKey, profileColumns, skeletonKey } from "../keys";
import type { UserStore } from "../types";
import { userBlocks, users } from "./schema";
import { columns, first, guarded, rethrowNamed, type PgHandle } from "./shared";

const { user: userColumns } = columns;

export function pgUsers({ db }: PgHandle): UserStore {
  return {
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

    updateUserProfile: guarded(async (userId, change) => {
      const set = profileColumns(change);
      if (Object.keys(set).length === 0) return first(await db.select(userColumns).from(users).where(eq(users.id, userId)));
      return first(await db.update(users).set(set).where(eq(users.id, userId)).returning(userColumns));
    }),

    setUserRole: guarded(async (userId, role) => {
      const updated = await db.update(users).set({ role }).where(eq(users.id, userId)).returning({ id: users.id });
      return updated.length > 0;
    }),

    getUsersByUsernames: guarded(async (usernames) => {
      if (usernames.length === 0) return [];
      return db
        .select(userColumns)
        .from(users)
        .where(and(inArray(users.usernameKey, usernames.map(foldKey)), eq(users.isActive, true)));
    }),

    blockUser: guarded(async (blockerId, blockedId) => {
      const inserted = await db.insert(userBlocks).values({ blockerId, blockedId }).onConflictDoNothing().returning({ blockerId: userBlocks.blockerId });
      return inserted.length > 0;
    }),

    unblockUser: guarded(async (blockerId, blockedId) => {
      const deleted = await db
        .delete(userBlocks)
        .where(and(eq(userBlocks.blockerId, blockerId), eq(userBlocks.blockedId, blockedId)))
        .returning({ blockerId: userBlocks.blockerId });
      return deleted.length > 0;
    }),

    hasBlocked: guarded(async (blockerId, blockedId) => {
      const rows = await db
        .select({ blockerId: userBlocks.blockerId })
        .from(userBlocks)
        .where(and(eq(userBlocks.blockerId, blockerId), eq(userBlocks.blockedId, blockedId)));
      return rows.length > 0;
    }),
  };
}
