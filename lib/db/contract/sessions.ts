import { describe, expect } from "vitest";
import { inAnHour, newUser, type StoreTest, tag } from "./fixtures";

export function sessionsContract(it: StoreTest) {
  describe("sessions", () => {
    it("getSessionUser returns the session's user until it expires", async ({ store }) => {
      const user = await store.insertUser(newUser());
      const id = `sid_${tag()}`;
      const expiresAt = inAnHour();
      await store.insertSession({ id, userId: user.id, expiresAt });

      expect(await store.getSessionUser(id, new Date())).toEqual(user);
      expect(await store.getSessionUser(id, new Date(expiresAt.getTime() + 1))).toBeNull();
      expect(await store.getSessionUser(`sid_${tag()}`, new Date())).toBeNull();
    });

    it("deleteSession ends one session and reports whether it existed", async ({ store }) => {
      const user = await store.insertUser(newUser());
      const [kept, ended] = [`sid_${tag()}`, `sid_${tag()}`];
      await store.insertSession({ id: kept, userId: user.id, expiresAt: inAnHour() });
      await store.insertSession({ id: ended, userId: user.id, expiresAt: inAnHour() });

      expect(await store.deleteSession(ended)).toBe(true);
      expect(await store.deleteSession(ended)).toBe(false);
      expect(await store.getSessionUser(ended, new Date())).toBeNull();
      expect(await store.getSessionUser(kept, new Date())).toEqual(user);
    });

    it("deleteUserSessions ends every session of one user only", async ({ store }) => {
      const user = await store.insertUser(newUser());
      const other = await store.insertUser(newUser());
      const ids = [`sid_${tag()}`, `sid_${tag()}`];
      for (const id of ids) await store.insertSession({ id, userId: user.id, expiresAt: inAnHour() });
      const othersId = `sid_${tag()}`;
      await store.insertSession({ id: othersId, userId: other.id, expiresAt: inAnHour() });

      expect((await store.deleteUserSessions(user.id)).sort()).toEqual([...ids].sort());
      for (const id of ids) expect(await store.getSessionUser(id, new Date())).toBeNull();
      expect(await store.getSessionUser(othersId, new Date())).toEqual(other);
      expect(await store.deleteUserSessions(user.id)).toEqual([]);
    });

    it("liveSessionIds keeps live sessions of active users only", async ({ store }) => {
      const user = await store.insertUser(newUser());
      const [live, expired, ofInactive, missing] = [`sid_${tag()}`, `sid_${tag()}`, `sid_${tag()}`, `sid_${tag()}`];
      const inactive = await store.insertUser(newUser());
      await store.insertSession({ id: live, userId: user.id, expiresAt: inAnHour() });
      await store.insertSession({ id: expired, userId: user.id, expiresAt: new Date(Date.now() - 1000) });
      await store.insertSession({ id: ofInactive, userId: inactive.id, expiresAt: inAnHour() });
      await store.setUserActive(inactive.id, false);

      expect(await store.liveSessionIds([live, expired, ofInactive, missing], new Date())).toEqual([live]);
      expect(await store.liveSessionIds([], new Date())).toEqual([]);
    });
  });
}
