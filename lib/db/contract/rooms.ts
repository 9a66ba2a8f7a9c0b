import { describe, expect } from "vitest";
import {
  allRooms,
  createRoom,
  DEFAULT_ROOM,
  expectRecent,
  expectUniqueViolation,
  insertRoomNamed,
  MISSING_ID,
  newUser,
  NO_QUOTA,
  say,
  type StoreTest,
  tag,
} from "./fixtures";

export function roomsContract(it: StoreTest) {
  describe("rooms", () => {
    it("ensureDefaultRoom creates the default room once", async ({ freshStore: store }) => {
      expect(await store.getDefaultRoom()).toBeNull();

      const first = await store.ensureDefaultRoom(DEFAULT_ROOM);
      const second = await store.ensureDefaultRoom(DEFAULT_ROOM);

      expect(first).toEqual({
        id: first.id,
        name: DEFAULT_ROOM.name,
        description: DEFAULT_ROOM.description,
        createdBy: null,
        createdAt: first.createdAt,
        isDefault: true,
        kind: "public",
        isGroup: false,
      });
      expectRecent(first.createdAt);
      expect(second).toEqual(first);
      expect(await store.getDefaultRoom()).toEqual(first);
      expect(await allRooms(store)).toEqual([first]);
    });

    it("concurrent ensureDefaultRoom calls create one room", async ({ freshStore: store }) => {
      const rooms = await Promise.all(Array.from({ length: 5 }, () => store.ensureDefaultRoom(DEFAULT_ROOM)));

      const stored = await allRooms(store);
      expect(stored).toHaveLength(1);
      expect(stored[0]?.isDefault).toBe(true);
      expect(rooms.map((r) => r.id)).toEqual(Array.from({ length: 5 }, () => stored[0]?.id));
    });

    it("insertRoom returns the stored row", async ({ store }) => {
      const creator = await store.insertUser(newUser());
      const roomName = `Кухня_${tag()}`;

      const room = await createRoom(store, { name: roomName, description: "О еде", createdBy: creator.id });

      expect(room).toEqual({
        id: room.id,
        name: roomName,
        description: "О еде",
        createdBy: creator.id,
        createdAt: room.createdAt,
        isDefault: false,
        kind: "public",
        isGroup: false,
      });
      expectRecent(room.createdAt);
      expect(await store.getRoom(room.id)).toEqual(room);
    });

    it.for([
      ["ASCII", "Lobby", "lOBBY"],
      ["Cyrillic", "Комната", "кОМНАТА"],
    ] as const)("refuses a room name differing only in case (%s)", async ([, stored, attempted], { store }) => {
      const t = tag();
      const original = await insertRoomNamed(store, `${stored}_${t}`);

      await expectUniqueViolation(insertRoomNamed(store, `${attempted}_${t}`), "name");

      const same = (await allRooms(store)).filter((r) => r.name.toLowerCase() === original.name.toLowerCase());
      expect(same).toEqual([original]);
    });

    it("refuses a room name that only looks like a taken one, and says so", async ({ store }) => {
      const t = tag();
      const original = await insertRoomNamed(store, `Общий чат ${t}`);

      for (const lookalike of [`Οбщий чат ${t}`, `Oбщий чат ${t}`, `Общий чaт ${t}`]) {
        const attempt = insertRoomNamed(store, lookalike);
        await expectUniqueViolation(attempt, "name");
        await expect(attempt).rejects.toHaveProperty("confusable", true);
      }
      const renamed = await insertRoomNamed(store);
      await expect(store.updateRoom(renamed.id, { name: `Οбщий чат ${t}` })).rejects.toHaveProperty("confusable", true);
      expect((await allRooms(store)).filter((r) => r.name.endsWith(t))).toEqual([original]);
    });

    it("counts rooms against the quota in the same step as the insert, even when creations race", async ({ freshStore: store }) => {
      const [alice, bob] = await Promise.all([store.insertUser(newUser()), store.insertUser(newUser())]);
      const quota = { perCreator: 3, total: 5 };
      const attempts = await Promise.all(
        Array.from({ length: 12 }, () => store.insertRoom({ name: `a_${tag()}`, description: "", createdBy: alice.id }, quota)),
      );
      expect(attempts.filter((a) => a.status === "created")).toHaveLength(3);
      expect(attempts.filter((a) => a.status === "over_quota" && a.quota === "perCreator")).toHaveLength(9);

      const others = await Promise.all(
        Array.from({ length: 6 }, () => store.insertRoom({ name: `b_${tag()}`, description: "", createdBy: bob.id }, quota)),
      );
      expect(others.filter((a) => a.status === "created")).toHaveLength(2);
      expect(others.filter((a) => a.status === "over_quota" && a.quota === "total")).toHaveLength(4);
      expect(await allRooms(store)).toHaveLength(5);
      // Without a quota, nothing is counted.
      expect((await store.insertRoom({ name: `c_${tag()}`, description: "", createdBy: alice.id }, NO_QUOTA)).status).toBe("created");
    });

    it("listRooms pages public rooms by id after the default room, with neither gaps nor repeats", async ({ freshStore: store }) => {
      const rooms = [];
      for (let i = 0; i < 7; i++) rooms.push(await insertRoomNamed(store));
      const lobby = await store.ensureDefaultRoom(DEFAULT_ROOM);

      const first = await store.listRooms({ ownLimit: 200, limit: 3, viewerId: MISSING_ID });
      expect(first.map((v) => v.room.id)).toEqual([lobby.id, rooms[0]?.id, rooms[1]?.id, rooms[2]?.id]);
      expect((await store.listRooms({ ownLimit: 200, limit: 3, after: rooms[2]?.id, viewerId: MISSING_ID })).map((v) => v.room.id)).toEqual(
        rooms.slice(3, 6).map((r) => r.id),
      );
      expect((await allRooms(store, 3)).map((r) => r.id)).toEqual([lobby.id, ...rooms.map((r) => r.id)]);
    });

    it("getRoom returns null for a missing room", async ({ store }) => {
      expect(await store.getRoom(MISSING_ID)).toBeNull();
    });

    it("listRooms puts the default room first, then the others by id", async ({ freshStore: store }) => {
      const a = await insertRoomNamed(store);
      const b = await insertRoomNamed(store);
      const lobby = await store.ensureDefaultRoom(DEFAULT_ROOM);
      const c = await insertRoomNamed(store);

      expect((await allRooms(store)).map((r) => r.id)).toEqual([lobby.id, a.id, b.id, c.id]);
    });

    it("updateRoom changes the name or the description and stores it", async ({ store }) => {
      const room = await createRoom(store, { name: `old_${tag()}`, description: "было", createdBy: null });
      const newName = `Новое_${tag()}`;

      const renamed = await store.updateRoom(room.id, { name: newName });
      expect(renamed).toEqual({ ...room, name: newName });
      const described = await store.updateRoom(room.id, { description: "стало" });
      expect(described).toEqual({ ...room, name: newName, description: "стало" });

      expect(await store.getRoom(room.id)).toEqual(described);
      await expectUniqueViolation(insertRoomNamed(store, newName.toUpperCase()), "name");
      expect(await insertRoomNamed(store, room.name)).toMatchObject({ name: room.name });
    });

    it("updateRoom may change the case of the room's own name", async ({ store }) => {
      const room = await insertRoomNamed(store, `case_${tag()}`);

      const renamed = await store.updateRoom(room.id, { name: room.name.toUpperCase() });

      expect(renamed).toEqual({ ...room, name: room.name.toUpperCase() });
      expect(await store.getRoom(room.id)).toEqual(renamed);
    });

    it("updateRoom to a taken name throws UniqueViolation and changes nothing", async ({ store }) => {
      const taken = await insertRoomNamed(store, `Taken_${tag()}`);
      const room = await insertRoomNamed(store);

      await expectUniqueViolation(store.updateRoom(room.id, { name: taken.name.toLowerCase() }), "name");
      await expectUniqueViolation(
        store.updateRoom(room.id, { name: taken.name.toUpperCase(), description: "не сохранится" }),
        "name",
      );

      expect(await store.getRoom(room.id)).toEqual(room);
      expect(await store.getRoom(taken.id)).toEqual(taken);
    });

    it("updateRoom returns null for a missing room", async ({ store }) => {
      const newName = `ghost_${tag()}`;

      expect(await store.updateRoom(MISSING_ID, { name: newName })).toBeNull();
      expect(await store.updateRoom(MISSING_ID, {})).toBeNull();
      expect((await allRooms(store)).some((r) => r.name === newName)).toBe(false);
    });

    it("updateRoom with an empty patch returns the room unchanged", async ({ store }) => {
      const room = await createRoom(store, { name: `same_${tag()}`, description: "как есть", createdBy: null });

      expect(await store.updateRoom(room.id, {})).toEqual(room);
      expect(await store.getRoom(room.id)).toEqual(room);
    });

    it("deleteRoom deletes the room and its messages, then reports false", async ({ store }) => {
      const user = await store.insertUser(newUser());
      const doomed = await insertRoomNamed(store);
      const kept = await insertRoomNamed(store);
      const { message: gone } = await say(store, doomed, user, "исчезну");
      const { message: survivor } = await say(store, kept, user, "останусь");

      expect(await store.deleteRoom(doomed.id)).toBe(true);
      expect(await store.deleteRoom(doomed.id)).toBe(false);

      expect(await store.getRoom(doomed.id)).toBeNull();
      expect(await store.getMessage(gone.id)).toBeNull();
      expect(await store.listMessages({ roomId: doomed.id, limit: 10 })).toEqual([]);
      expect(await store.getRoom(kept.id)).toEqual(kept);
      expect(await store.getMessage(survivor.id)).toEqual(survivor);
    });
  });
}
