import { describe, expect } from "vitest";
import { createRoom, DEFAULT_ROOM, expectRecent, MISSING_ID, newUser, type StoreTest, tag } from "./fixtures";

export function membersContract(it: StoreTest) {
  describe("memberships", () => {
    it("makes a room's creator its owner, and nobody the owner of the default room", async ({ freshStore: store }) => {
      const creator = await store.insertUser(newUser());
      const room = await createRoom(store, { name: `own_${tag()}`, description: "", createdBy: creator.id });
      const lobby = await store.ensureDefaultRoom(DEFAULT_ROOM);

      const membership = await store.getMembership(room.id, creator.id);
      expect(membership).toMatchObject({ roomId: room.id, userId: creator.id, role: "owner" });
      expectRecent(membership?.joinedAt ?? new Date(0));
      expect(await store.listMembersWithRoles(lobby.id, ["owner", "moderator"])).toEqual([]);
      // Each room of the list carries the viewer's role, in the same query.
      const views = await store.listRooms({ ownLimit: 200, limit: 10, viewerId: creator.id });
      expect(views.map(({ room, role, timedOutUntil, banned }) => ({ room, role, timedOutUntil, banned }))).toEqual([
        { room: lobby, role: null, timedOutUntil: null, banned: false },
        { room, role: "owner", timedOutUntil: null, banned: false },
      ]);
      const nothingElse = { timedOutUntil: null, banned: false, siteAdmin: false, blocked: false, lastMessageId: null };
      expect(await store.getRoomView(room.id, creator.id)).toEqual({ room, role: "owner", ...nothingElse });
      expect(await store.getRoomView(room.id, MISSING_ID)).toEqual({ room, role: null, ...nothingElse });
      expect(await store.getRoomView(MISSING_ID, creator.id)).toBeNull();
    });

    it("ensureMembership writes a member once, even when joins race, and never demotes the owner", async ({ store }) => {
      const [owner, joiner] = await Promise.all([store.insertUser(newUser()), store.insertUser(newUser())]);
      const room = await createRoom(store, { name: `join_${tag()}`, description: "", createdBy: owner.id });

      const joined = await Promise.all(Array.from({ length: 6 }, () => store.ensureMembership(room.id, joiner.id)));
      expect(new Set(joined.map((m) => JSON.stringify(m))).size).toBe(1);
      expect(joined[0]).toMatchObject({ roomId: room.id, userId: joiner.id, role: "member" });
      expectRecent(joined[0]?.joinedAt ?? new Date(0));
      expect(await store.ensureMembership(room.id, owner.id)).toMatchObject({ role: "owner" });
      expect(await store.listMembersWithRoles(room.id, ["owner", "moderator"])).toEqual([expect.objectContaining({ userId: owner.id, role: "owner" })]);
      expect(await store.getMembership(room.id, MISSING_ID)).toBeNull();
    });

    it("ensureMembership answers null for a room that is gone, and memberships go with their room", async ({ store }) => {
      const user = await store.insertUser(newUser());
      const room = await createRoom(store, { name: `gone_${tag()}`, description: "", createdBy: user.id });
      await store.deleteRoom(room.id);

      expect(await store.getMembership(room.id, user.id)).toBeNull();
      expect(await store.ensureMembership(room.id, user.id)).toBeNull();
    });
  });
}
