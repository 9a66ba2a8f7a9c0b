import { describe, expect } from "vitest";
import { inAnHour, MISSING_ID, newUser, type StoreTest, tag } from "./fixtures";

export function sessionsContract(it: StoreTest) {
  describe("sessions", () => {
    it("getLiveSession returns the session's user until it expires", async ({ store }) => {
      const user = await store.insertUser(newUser());
      const id = `sid_${tag()}`;
      const expiresAt = inAnHour();
      await store.insertSession({ id, userId: user.id, expiresAt });

      expect(await store.getLiveSession(id, new Date())).toEqual({ user, lastSeenAt: null });
      expect(await store.getLiveSession(id, new Date(expiresAt.getTime() + 1))).toBeNull();
      expect(await store.getLiveSession(`sid_${tag()}`, new Date())).toBeNull();
    });

    it("touchSession stores when the session was last seen, read back by getLiveSession and listUserSessions", async ({ store }) => {
      const user = await store.insertUser(newUser());
      const id = `sid_${tag()}`;
      await store.insertSession({ id, userId: user.id, expiresAt: inAnHour() });
      const seen = new Date(Date.now() - 5_000);

      await store.touchSession(id, seen);

      expect((await store.getLiveSession(id, new Date()))?.lastSeenAt).toEqual(seen);
      expect((await store.listUserSessions(user.id, new Date()))[0]?.lastSeenAt).toEqual(seen);
    });

    it("listUserSessions lists one user's unexpired devices, newest first, with their browser and address", async ({ store }) => {
      const user = await store.insertUser(newUser());
      const other = await store.insertUser(newUser());
      const [older, newer, expired] = [`sid_${tag()}`, `sid_${tag()}`, `sid_${tag()}`];
      const expiresAt = inAnHour();
      await store.insertSession({ id: older, userId: user.id, expiresAt, userAgent: "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0", ip: "10.0.0.1" });
      await new Promise((resolve) => setTimeout(resolve, 5));
      await store.insertSession({ id: newer, userId: user.id, expiresAt });
      await store.insertSession({ id: expired, userId: user.id, expiresAt: new Date(Date.now() - 1000) });
      await store.insertSession({ id: `sid_${tag()}`, userId: other.id, expiresAt });

      const listed = await store.listUserSessions(user.id, new Date());

      expect(listed.map((session) => session.id)).toEqual([newer, older]);
      expect(listed[1]).toEqual({
        id: older,
        createdAt: expect.any(Date) as Date,
        expiresAt,
        userAgent: "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0",
        ip: "10.0.0.1",
        lastSeenAt: null,
      });
      expect(listed[0]).toMatchObject({ userAgent: null, ip: null });
      expect(await store.listUserSessions(MISSING_ID, new Date())).toEqual([]);
    });

    it("deleteUserSession ends the user's own session only", async ({ store }) => {
      const user = await store.insertUser(newUser());
      const other = await store.insertUser(newUser());
      const [own, othersId] = [`sid_${tag()}`, `sid_${tag()}`];
      await store.insertSession({ id: own, userId: user.id, expiresAt: inAnHour() });
      await store.insertSession({ id: othersId, userId: other.id, expiresAt: inAnHour() });

      expect(await store.deleteUserSession(user.id, othersId)).toBe(false);
      expect(await store.getLiveSession(othersId, new Date())).not.toBeNull();
      expect(await store.deleteUserSession(user.id, own)).toBe(true);
      expect(await store.getLiveSession(own, new Date())).toBeNull();
      expect(await store.deleteUserSession(user.id, own)).toBe(false);
    });

    it("deleteUserSessionsExcept ends the user's other sessions and keeps the given one and other users'", async ({ store }) => {
      const user = await store.insertUser(newUser());
      const other = await store.insertUser(newUser());
      const [kept, endedA, endedB, othersId] = [`sid_${tag()}`, `sid_${tag()}`, `sid_${tag()}`, `sid_${tag()}`];
      for (const id of [kept, endedA, endedB]) await store.insertSession({ id, userId: user.id, expiresAt: inAnHour() });
      await store.insertSession({ id: othersId, userId: other.id, expiresAt: inAnHour() });

      expect((await store.deleteUserSessionsExcept(user.id, kept)).sort()).toEqual([endedA, endedB].sort());
      expect((await store.listUserSessions(user.id, new Date())).map((session) => session.id)).toEqual([kept]);
      expect(await store.getLiveSession(othersId, new Date())).not.toBeNull();
      expect(await store.deleteUserSessionsExcept(user.id, kept)).toEqual([]);
    });

    it("deleteSession ends one session and reports whether it existed", async ({ store }) => {
      const user = await store.insertUser(newUser());
      const [kept, ended] = [`sid_${tag()}`, `sid_${tag()}`];
      await store.insertSession({ id: kept, userId: user.id, expiresAt: inAnHour() });
      await store.insertSession({ id: ended, userId: user.id, expiresAt: inAnHour() });

      expect(await store.deleteSession(ended)).toBe(true);
      expect(await store.deleteSession(ended)).toBe(false);
      expect(await store.getLiveSession(ended, new Date())).toBeNull();
      expect((await store.getLiveSession(kept, new Date()))?.user).toEqual(user);
    });

    it("deleteUserSessions ends every session of one user only", async ({ store }) => {
      const user = await store.insertUser(newUser());
      const other = await store.insertUser(newUser());
      const ids = [`sid_${tag()}`, `sid_${tag()}`];
      for (const id of ids) await store.insertSession({ id, userId: user.id, expiresAt: inAnHour() });
      const othersId = `sid_${tag()}`;
      await store.insertSession({ id: othersId, userId: other.id, expiresAt: inAnHour() });

      expect((await store.deleteUserSessions(user.id)).sort()).toEqual([...ids].sort());
      for (const id of ids) expect(await store.getLiveSession(id, new Date())).toBeNull();
      expect((await store.getLiveSession(othersId, new Date()))?.user).toEqual(other);
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
