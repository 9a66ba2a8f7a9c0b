import { and, eq, inArray } from "drizzle-orm";
import { foldKey, profileColumns, skeletonKey } from "../keys";
import type { UserStore } from "../types";
import { userBlocks, users } from "./schema";
import { columns, rethrow, type SqliteHandle } from "./shared";

const { user: userColumns } = columns;

export function sqliteUsers({ db }: SqliteHandle): UserStore {
  return {
    async insertUser(user) {
      try {
        return db
          .insert(users)
          .values({ ...user, usernameKey: foldKey(user.username), usernameSkeleton: skeletonKey(user.username), email: foldKey(user.email) })
          .returning(userColumns)
          .get();
      } catch (err) {
        rethrow(err, () => Boolean(db.select({ id: users.id }).from(users).where(eq(users.usernameKey, foldKey(user.username))).get()));
      }
    },

    async getUserById(id) {
      return db.select(userColumns).from(users).where(eq(users.id, id)).get() ?? null;
    },

    async getUserByUsername(username) {
      return db.select(userColumns).from(users).where(eq(users.usernameKey, foldKey(username))).get() ?? null;
    },

    async setUserActive(userId, active) {
      return db.update(users).set({ isActive: active }).where(eq(users.id, userId)).run().changes > 0;
    },

    async setUserPasswordHash(userId, passwordHash) {
      return db.update(users).set({ passwordHash }).where(eq(users.id, userId)).run().changes > 0;
    },

    async updateUserProfile(userId, change) {
      const set = profileColumns(change);
      if (Object.keys(set).length === 0) return db.select(userColumns).from(users).where(eq(users.id, userId)).get() ?? null;
      return db.update(users).set(set).where(eq(users.id, userId)).returning(userColumns).get() ?? null;
    },

    async setUserRole(userId, role) {
      return db.update(users).set({ role }).where(eq(users.id, userId)).run().changes > 0;
    },

    async getUsersByUsernames(usernames) {
      if (usernames.length === 0) return [];
      return db
        .select(userColumns)
        .from(users)
        .where(and(inArray(users.usernameKey, usernames.map(foldKey)), eq(users.isActive, true)))
        .all();
    },

    async blockUser(blockerId, blockedId) {
      return db.insert(userBlocks).values({ blockerId, blockedId }).onConflictDoNothing().run().changes > 0;
    },

    async unblockUser(blockerId, blockedId) {
      return db.delete(userBlocks).where(and(eq(userBlocks.blockerId, blockerId), eq(userBlocks.blockedId, blockedId))).run().changes > 0;
    },

    async hasBlocked(blockerId, blockedId) {
      return Boolean(
        db.select({ blockerId: userBlocks.blockerId }).from(userBlocks).where(and(eq(userBlocks.blockerId, blockerId), eq(userBlocks.blockedId, blockedId))).get(),
      );
    },
  };
}
