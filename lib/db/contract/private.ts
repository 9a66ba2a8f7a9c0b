import { describe, expect } from "vitest";
import { directKeyOf } from "../direct-key";
import type { Room, RoomView, Store, User } from "../types";
import {
  countRows,
  createRoom,
  DEFAULT_ROOM,
  expectRecent,
  expectUniqueViolation,
  inAnHour,
  insertRoomNamed,
  MISSING_ID,
  newUser,
  type ReadRows,
  say,
  send,
  type StoreTest,
  tag,
} from "./fixtures";

const people = (store: Store, n: number) => Promise.all(Array.from({ length: n }, () => store.insertUser(newUser())));
const privateRoom = (store: Store, owner: User | null, name = `priv_${tag()}`) =>
  createRoom(store, { name, description: "", createdBy: owner?.id ?? null, kind: "private" });
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What rooms.direct_key holds for this room: the Store keeps it inside. */
async function directKey(rows: ReadRows, roomId: number): Promise<string | null> {
  const [row] = await rows(`select direct_key from rooms where id = ${roomId}`);
  if (!row) throw new Error(`room ${roomId} is gone`);
  return row.direct_key as string | null;
}

const messagesIn = (rows: ReadRows, roomId: number) => countRows(rows, `select cast(count(*) as integer) as n from messages where room_id = ${roomId}`);
const messagesBy = (rows: ReadRows, roomId: number, userId: number) =>
  countRows(rows, `select cast(count(*) as integer) as n from messages where room_id = ${roomId} and user_id = ${userId}`);

async function sendStatus(store: Store, room: Pick<Room, "id">, user: Pick<User, "id">, content = `m_${tag()}`) {
  return (await send(store, { roomId: room.id, userId: user.id, content, clientId: null })).status;
}

async function opened(store: Store, userIds: number[]) {
  const { room, created } = await store.openDirect(userIds);
  if (!created) throw new Error(`a conversation among ${directKeyOf(userIds)} already existed`);
  return room;
}

/** The parts of a room view a test compares; timedOutUntil and the rest are compared where they matter. */
const summary = (view: RoomView) => ({ id: view.room.id, role: view.role, lastMessageId: view.lastMessageId });

export function privateSpacesContract(it: StoreTest) {
  describe("private spaces: direct conversations", () => {
    it("openDirect finds one conversation per set of people, whatever the order, and creates it once", async ({ store, rows }) => {
      const [a, b, c] = await people(store, 3);
      if (!a || !b || !c) throw new Error("no users");

      const first = await store.openDirect([a.id, b.id]);
      const again = await store.openDirect([b.id, a.id]);
      const other = await store.openDirect([c.id, a.id]);

      expect(first.created).toBe(true);
      expect(first.room).toEqual({
        id: first.room.id,
        name: "",
        description: "",
        createdBy: null,
        createdAt: first.room.createdAt,
        isDefault: false,
        kind: "direct",
        isGroup: false,
      });
      expectRecent(first.room.createdAt);
      expect(again).toEqual({ room: first.room, created: false });
      expect(other.created).toBe(true);
      expect(other.room.id).not.toBe(first.room.id);
      expect(await directKey(rows, first.room.id)).toBe(directKeyOf([a.id, b.id]));
      expect(await directKey(rows, other.room.id)).toBe(directKeyOf([a.id, c.id]));
      expect((await store.listMembers(first.room.id, 10)).map(({ userId, role, timedOutUntil }) => ({ userId, role, timedOutUntil }))).toEqual(
        expect.arrayContaining([
          { userId: a.id, role: "member", timedOutUntil: null },
          { userId: b.id, role: "member", timedOutUntil: null },
        ]),
      );
      expect(await store.countMembers(first.room.id)).toBe(2);
    });

    it("ten simultaneous opens of one pair make one conversation with one pair of memberships", async ({ store, rows }) => {
      const [a, b] = await people(store, 2);
      if (!a || !b) throw new Error("no users");

      const results = await Promise.all(Array.from({ length: 10 }, (_, i) => store.openDirect(i % 2 ? [a.id, b.id] : [b.id, a.id])));

      expect(results.filter((result) => result.created)).toHaveLength(1);
      const [room] = results.map((result) => result.room);
      expect(new Set(results.map((result) => result.room.id))).toEqual(new Set([room?.id]));
      // Counted from the tables, not from what the store answered: a lost race leaves rows behind.
      expect(await countRows(rows, `select cast(count(*) as integer) as n from rooms where direct_key = '${directKeyOf([a.id, b.id])}'`)).toBe(1);
      expect(
        await countRows(rows, `select cast(count(*) as integer) as n from room_members where user_id in (${a.id}, ${b.id})`),
      ).toBe(2);
      expect(await countRows(rows, `select cast(count(*) as integer) as n from room_members where room_id = ${room?.id}`)).toBe(2);
    });

    it("a conversation opened among three or more is a group, and listDirectPeople names each conversation's people", async ({ store }) => {
      const [a, b, c] = await people(store, 3);
      if (!a || !b || !c) throw new Error("no users");
      const group = await store.openDirect([c.id, a.id, b.id]);
      const pair = await store.openDirect([b.id, c.id]);
      const publicRoom = await insertRoomNamed(store);

      expect(group.room).toMatchObject({ kind: "direct", isGroup: true });
      expect(pair.room).toMatchObject({ kind: "direct", isGroup: false });
      // Each conversation's people by id (the users above were created at once, so in any order).
      const persons = (...users: User[]) => users.map((user) => ({ id: user.id, username: user.username, city: user.city })).sort((x, y) => x.id - y.id);
      const found = await store.listDirectPeople([group.room.id, pair.room.id, MISSING_ID]);
      expect([...found.keys()].sort((x, y) => x - y)).toEqual([group.room.id, pair.room.id].sort((x, y) => x - y));
      expect(found.get(group.room.id)).toEqual(persons(a, b, c));
      expect(found.get(pair.room.id)).toEqual(persons(b, c));
      expect((await store.listDirectPeople([publicRoom.id])).size).toBe(0);
      expect((await store.listDirectPeople([])).size).toBe(0);
    });
  });

  describe("private spaces: the room list", () => {
    it("the first page is the default room, the viewer's own private rooms and conversations by latest message, then public rooms by id", async ({
      freshStore: store,
    }) => {
      const [viewer, other, third] = await people(store, 3);
      if (!viewer || !other || !third) throw new Error("no users");
      const lobby = await store.ensureDefaultRoom(DEFAULT_ROOM);
      const p1 = await insertRoomNamed(store);
      const p2 = await insertRoomNamed(store);
      const p3 = await insertRoomNamed(store);
      const p4 = await insertRoomNamed(store);
      const quiet = await privateRoom(store, viewer);
      const busy = await privateRoom(store, viewer);
      const invited = await privateRoom(store, other);
      await store.addMember(invited.id, viewer.id);
      const notMine = await privateRoom(store, other);
      const quieter = await privateRoom(store, viewer);
      const dm = await opened(store, [viewer.id, other.id]);
      const theirDm = await opened(store, [other.id, third.id]);
      await store.ban(p2.id, viewer.id, other.id, "");

      const { message: inInvited } = await say(store, invited, other, "раз");
      const { message: inDm } = await say(store, dm, other, "два");
      const { message: inBusy } = await say(store, busy, viewer, "три");
      await say(store, notMine, other, "чужое");
      await say(store, theirDm, third, "чужое");
      const { message: inLobby } = await say(store, lobby, third, "всем");
      const { message: inP3 } = await say(store, p3, third, "публично");

      const firstPage = await store.listRooms({ viewerId: viewer.id, limit: 2, ownLimit: 10 });
      expect(firstPage.map(summary)).toEqual([
        { id: lobby.id, role: null, lastMessageId: inLobby.id },
        { id: busy.id, role: "owner", lastMessageId: inBusy.id },
        { id: dm.id, role: "member", lastMessageId: inDm.id },
        { id: invited.id, role: "member", lastMessageId: inInvited.id },
        // Rooms without a message come last, the newest first.
        { id: quieter.id, role: "owner", lastMessageId: null },
        { id: quiet.id, role: "owner", lastMessageId: null },
        { id: p1.id, role: null, lastMessageId: null },
        // p2 bans the viewer.
        { id: p3.id, role: null, lastMessageId: inP3.id },
      ]);
      expect(firstPage.find((view) => view.room.id === dm.id)?.room).toEqual(dm);

      expect((await store.listRooms({ viewerId: viewer.id, limit: 2, ownLimit: 2 })).map((view) => view.room.id)).toEqual([
        lobby.id,
        busy.id,
        dm.id,
        p1.id,
        p3.id,
      ]);
      // Later pages are public rooms only.
      expect((await store.listRooms({ viewerId: viewer.id, limit: 2, ownLimit: 10, after: p1.id })).map((view) => view.room.id)).toEqual([
        p3.id,
        p4.id,
      ]);
      expect((await store.listRooms({ viewerId: viewer.id, limit: 2, ownLimit: 10, after: p4.id })).map((view) => view.room.id)).toEqual([]);
      // The others see their own, and nothing of the viewer's.
      expect((await store.listRooms({ viewerId: third.id, limit: 10, ownLimit: 10 })).map((view) => view.room.id)).toEqual([
        lobby.id,
        theirDm.id,
        p1.id,
        p2.id,
        p3.id,
        p4.id,
      ]);
      expect((await store.listRooms({ viewerId: MISSING_ID, limit: 10, ownLimit: 10 })).map((view) => view.room.id)).toEqual([
        lobby.id,
        p1.id,
        p2.id,
        p3.id,
        p4.id,
      ]);
    });

    it("leaves out the default room for someone banned from it", async ({ freshStore: store }) => {
      const [viewer, admin] = await people(store, 2);
      if (!viewer || !admin) throw new Error("no users");
      const lobby = await store.ensureDefaultRoom(DEFAULT_ROOM);
      const open = await insertRoomNamed(store);

      await store.ban(lobby.id, viewer.id, admin.id, "");

      expect((await store.listRooms({ viewerId: viewer.id, limit: 10, ownLimit: 10 })).map((view) => view.room.id)).toEqual([open.id]);
      expect((await store.listRooms({ viewerId: admin.id, limit: 10, ownLimit: 10 })).map((view) => view.room.id)).toEqual([lobby.id, open.id]);
    });

    it("a private room's member banned from it no longer finds it in the list", async ({ store }) => {
      const [owner, member] = await people(store, 2);
      if (!owner || !member) throw new Error("no users");
      const room = await privateRoom(store, owner);
      await store.addMember(room.id, member.id);
      const listed = async () => (await store.listRooms({ viewerId: member.id, limit: 1, ownLimit: 50 })).some((view) => view.room.id === room.id);
      expect(await listed()).toBe(true);

      await store.ban(room.id, member.id, owner.id, "");

      expect(await listed()).toBe(false);
    });
  });

  describe("private spaces: the room view", () => {
    it("getRoomView says whether the viewer is banned, timed out or a site admin", async ({ store }) => {
      const [owner, banned, muted, admin] = await people(store, 4);
      if (!owner || !banned || !muted || !admin) throw new Error("no users");
      const room = await createRoom(store, { name: `view_${tag()}`, description: "", createdBy: owner.id });
      const until = inAnHour();
      await store.ensureMembership(room.id, muted.id);
      await store.setTimedOutUntil(room.id, muted.id, until);
      await store.ban(room.id, banned.id, owner.id, "спам");

      const base = { room, timedOutUntil: null, banned: false, siteAdmin: false, blocked: false, lastMessageId: null };
      expect(await store.getRoomView(room.id, owner.id)).toEqual({ ...base, role: "owner" });
      expect(await store.getRoomView(room.id, banned.id)).toEqual({ ...base, role: null, banned: true });
      expect(await store.getRoomView(room.id, muted.id)).toEqual({ ...base, role: "member", timedOutUntil: until });
      expect(await store.getRoomView(room.id, admin.id)).toEqual({ ...base, role: null });

      expect(await store.setUserRole(admin.id, "admin")).toBe(true);
      expect(await store.getUserById(admin.id)).toMatchObject({ role: "admin" });
      expect(await store.getRoomView(room.id, admin.id)).toEqual({ ...base, role: null, siteAdmin: true });
      expect(await store.setUserRole(admin.id, "user")).toBe(true);
      expect(await store.getRoomView(room.id, admin.id)).toEqual({ ...base, role: null });
      expect(await store.setUserRole(MISSING_ID, "admin")).toBe(false);
    });

    it("a block either way marks a one-to-one conversation blocked for both, never a group conversation or a room", async ({ store }) => {
      const [a, b, c] = await people(store, 3);
      if (!a || !b || !c) throw new Error("no users");
      const pair = await opened(store, [a.id, b.id]);
      const group = await opened(store, [a.id, b.id, c.id]);
      const room = await insertRoomNamed(store);
      await store.ensureMembership(room.id, a.id);
      await store.ensureMembership(room.id, b.id);
      const blocked = async (roomId: number) => Promise.all([a, b].map(async (user) => (await store.getRoomView(roomId, user.id))?.blocked));

      expect(await blocked(pair.id)).toEqual([false, false]);
      await store.blockUser(a.id, b.id);
      expect(await blocked(pair.id)).toEqual([true, true]);
      expect(await blocked(group.id)).toEqual([false, false]);
      expect(await blocked(room.id)).toEqual([false, false]);
      await store.unblockUser(a.id, b.id);
      expect(await blocked(pair.id)).toEqual([false, false]);
      await store.blockUser(b.id, a.id);
      expect(await blocked(pair.id)).toEqual([true, true]);
      expect(await blocked(group.id)).toEqual([false, false]);
      // Someone else's block has nothing to do with this conversation.
      await store.unblockUser(b.id, a.id);
      await store.blockUser(c.id, a.id);
      expect(await blocked(pair.id)).toEqual([false, false]);
    });
  });

  describe("private spaces: the send rule inside the insert", () => {
    it("stores a send by a public room's reader and by the members of a private room or conversation, and nothing from outsiders", async ({
      store,
      rows,
    }) => {
      const [owner, member, outsider, reader] = await people(store, 4);
      if (!owner || !member || !outsider || !reader) throw new Error("no users");
      const open = await insertRoomNamed(store);
      const closed = await privateRoom(store, owner);
      await store.addMember(closed.id, member.id);
      const pair = await opened(store, [owner.id, member.id]);

      expect(await sendStatus(store, open, reader)).toBe("stored");
      expect(await store.getMembership(open.id, reader.id)).toBeNull();
      expect(await sendStatus(store, closed, owner)).toBe("stored");
      expect(await sendStatus(store, closed, member)).toBe("stored");
      expect(await sendStatus(store, closed, outsider)).toBe("refused");
      expect(await sendStatus(store, pair, member)).toBe("stored");
      expect(await sendStatus(store, pair, outsider)).toBe("refused");
      // A room whose members change: a member removed is an outsider at once.
      await store.removeMember(closed.id, member.id);
      expect(await sendStatus(store, closed, member)).toBe("refused");

      expect(await messagesIn(rows, open.id)).toBe(1);
      expect(await messagesIn(rows, closed.id)).toBe(2);
      expect(await messagesBy(rows, closed.id, member.id)).toBe(1);
      expect(await messagesIn(rows, pair.id)).toBe(1);
      expect(await countRows(rows, `select cast(count(*) as integer) as n from messages where user_id = ${outsider.id}`)).toBe(0);
    });

    it("refuses a banned reader until unbanned, and a timed-out member until the timeout is cleared or past", async ({ store, rows }) => {
      const [owner, banned, muted] = await people(store, 3);
      if (!owner || !banned || !muted) throw new Error("no users");
      const room = await createRoom(store, { name: `rule_${tag()}`, description: "", createdBy: owner.id });
      const closed = await privateRoom(store, owner);
      await store.addMember(closed.id, muted.id);
      await store.ensureMembership(room.id, muted.id);

      await store.ban(room.id, banned.id, owner.id, "");
      expect(await sendStatus(store, room, banned)).toBe("refused");
      expect(await messagesBy(rows, room.id, banned.id)).toBe(0);
      await store.unban(room.id, banned.id);
      expect(await sendStatus(store, room, banned)).toBe("stored");
      expect(await messagesBy(rows, room.id, banned.id)).toBe(1);

      for (const target of [room, closed]) {
        await store.setTimedOutUntil(target.id, muted.id, inAnHour());
        expect(await sendStatus(store, target, muted)).toBe("refused");
        expect(await messagesBy(rows, target.id, muted.id)).toBe(0);
        await store.setTimedOutUntil(target.id, muted.id, null);
        expect(await sendStatus(store, target, muted)).toBe("stored");
        await store.setTimedOutUntil(target.id, muted.id, new Date(Date.now() - 1000));
        expect(await sendStatus(store, target, muted)).toBe("stored");
        expect(await messagesBy(rows, target.id, muted.id)).toBe(2);
      }
    });

    it("refuses both people of a one-to-one conversation while either blocked the other; a group conversation is not affected", async ({
      store,
      rows,
    }) => {
      const [a, b, c] = await people(store, 3);
      if (!a || !b || !c) throw new Error("no users");
      const pair = await opened(store, [a.id, b.id]);
      const group = await opened(store, [a.id, b.id, c.id]);

      for (const [blocker, blocked] of [
        [a, b],
        [b, a],
      ] as const) {
        await store.blockUser(blocker.id, blocked.id);
        expect(await sendStatus(store, pair, a)).toBe("refused");
        expect(await sendStatus(store, pair, b)).toBe("refused");
        expect(await sendStatus(store, group, a)).toBe("stored");
        expect(await sendStatus(store, group, b)).toBe("stored");
        await store.unblockUser(blocker.id, blocked.id);
      }
      expect(await messagesIn(rows, pair.id)).toBe(0);
      expect(await messagesIn(rows, group.id)).toBe(4);

      expect(await sendStatus(store, pair, a)).toBe("stored");
      expect(await sendStatus(store, pair, b)).toBe("stored");
      expect(await messagesIn(rows, pair.id)).toBe(2);
    });
  });

  describe("private spaces: members", () => {
    it("addMember answers added, exists, banned or no_room, and stores only the added membership", async ({ store }) => {
      const [owner, guest, banned] = await people(store, 3);
      if (!owner || !guest || !banned) throw new Error("no users");
      const room = await privateRoom(store, owner);
      await store.ban(room.id, banned.id, owner.id, "");

      const added = await store.addMember(room.id, guest.id);
      expect(added).toEqual({
        status: "added",
        membership: { roomId: room.id, userId: guest.id, role: "member", joinedAt: expect.any(Date) as Date, timedOutUntil: null },
      });
      if (added.status === "added") expectRecent(added.membership.joinedAt);
      expect(await store.getMembership(room.id, guest.id)).toEqual(added.status === "added" ? added.membership : null);
      expect(await store.addMember(room.id, guest.id)).toEqual({ status: "exists" });
      expect(await store.addMember(room.id, owner.id)).toEqual({ status: "exists" });
      expect(await store.getMembership(room.id, owner.id)).toMatchObject({ role: "owner" });
      expect(await store.addMember(room.id, banned.id)).toEqual({ status: "banned" });
      expect(await store.getMembership(room.id, banned.id)).toBeNull();
      expect(await store.addMember(MISSING_ID, guest.id)).toEqual({ status: "no_room" });
      expect((await store.listMemberIds(room.id)).sort((x, y) => x - y)).toEqual([owner.id, guest.id].sort((x, y) => x - y));
      expect(await store.countMembers(room.id)).toBe(2);
    });

    it("lists members owners first, then moderators, then by name; among given people; and a target as the room sees them", async ({ store }) => {
      const t = tag();
      const owner = await store.insertUser(newUser({ username: `zz_owner_${t}` }));
      const mod = await store.insertUser(newUser({ username: `yy_mod_${t}` }));
      const anna = await store.insertUser(newUser({ username: `Anna_${t}` }));
      const boris = await store.insertUser(newUser({ username: `boris_${t}` }));
      const outsider = await store.insertUser(newUser());
      const room = await privateRoom(store, owner);
      for (const user of [boris, mod, anna]) await store.addMember(room.id, user.id);
      await store.setMemberRole(room.id, mod.id, "moderator");

      const members = await store.listMembers(room.id, 10);
      expect(members.map((m) => [m.username, m.role])).toEqual([
        [owner.username, "owner"],
        [mod.username, "moderator"],
        [anna.username, "member"],
        [boris.username, "member"],
      ]);
      expect(members[2]).toEqual({ userId: anna.id, username: anna.username, city: anna.city, role: "member", joinedAt: expect.any(Date) as Date, timedOutUntil: null });
      expect((await store.listMembers(room.id, 2)).map((m) => m.userId)).toEqual([owner.id, mod.id]);
      expect((await store.listMembersAmong(room.id, [boris.id, outsider.id, owner.id])).map((m) => m.userId)).toEqual([owner.id, boris.id]);
      expect(await store.listMembersAmong(room.id, [])).toEqual([]);

      expect(await store.getMemberTarget(room.id, anna.id)).toEqual({
        user: { id: anna.id, username: anna.username, city: anna.city, role: "user", isActive: true },
        membership: await store.getMembership(room.id, anna.id),
        banned: false,
      });
      await store.ban(room.id, anna.id, owner.id, "");
      expect(await store.getMemberTarget(room.id, anna.id)).toMatchObject({ membership: null, banned: true });
      expect(await store.getMemberTarget(room.id, outsider.id)).toMatchObject({ membership: null, banned: false });
      expect(await store.getMemberTarget(room.id, MISSING_ID)).toBeNull();
    });

    it("adding someone to a group conversation or leaving it re-keys it to its new people", async ({ store, rows }) => {
      const [a, b, c, d] = await people(store, 4);
      if (!a || !b || !c || !d) throw new Error("no users");
      const group = await opened(store, [a.id, b.id, c.id]);
      expect(await directKey(rows, group.id)).toBe(directKeyOf([a.id, b.id, c.id]));

      expect(await store.addMember(group.id, d.id)).toMatchObject({ status: "added" });
      expect(await directKey(rows, group.id)).toBe(directKeyOf([a.id, b.id, c.id, d.id]));
      expect(await store.openDirect([d.id, c.id, b.id, a.id])).toEqual({ room: group, created: false });

      expect(await store.removeMember(group.id, c.id)).toBe(true);
      expect(await directKey(rows, group.id)).toBe(directKeyOf([a.id, b.id, d.id]));
      expect(await store.openDirect([a.id, b.id, d.id])).toEqual({ room: group, created: false });
      // The old set of people is free for a conversation of its own.
      expect((await store.openDirect([a.id, b.id, c.id])).created).toBe(true);

      // Shrunk to two, it stays a group: the pair's one-to-one conversation is a different one.
      expect(await store.removeMember(group.id, d.id)).toBe(true);
      expect(await directKey(rows, group.id)).toBeNull();
      const pair = await store.openDirect([a.id, b.id]);
      expect(pair.created).toBe(true);
      expect(pair.room).toMatchObject({ kind: "direct", isGroup: false });
    });

    it("a re-key that would take another conversation's key leaves the conversation without one, and fails nothing", async ({ store, rows }) => {
      const [a, b, c, d] = await people(store, 4);
      if (!a || !b || !c || !d) throw new Error("no users");
      const pair = await opened(store, [a.id, b.id]);
      const group = await opened(store, [a.id, b.id, c.id]);
      const bigger = await opened(store, [a.id, c.id, d.id, b.id]);
      const growing = await opened(store, [a.id, c.id, d.id]);

      // Leaving: {a, b} is the pair's.
      expect(await store.removeMember(group.id, c.id)).toBe(true);
      expect(await directKey(rows, group.id)).toBeNull();
      expect(await directKey(rows, pair.id)).toBe(directKeyOf([a.id, b.id]));
      expect(await store.listMemberIds(group.id)).toEqual(expect.arrayContaining([a.id, b.id]));
      expect(await store.openDirect([b.id, a.id])).toEqual({ room: pair, created: false });

      // Joining: {a, b, c, d} is bigger's.
      expect(await store.addMember(growing.id, b.id)).toMatchObject({ status: "added" });
      expect(await directKey(rows, growing.id)).toBeNull();
      expect(await directKey(rows, bigger.id)).toBe(directKeyOf([a.id, b.id, c.id, d.id]));
      expect(await store.countMembers(growing.id)).toBe(4);
      expect(await store.openDirect([a.id, b.id, c.id, d.id])).toEqual({ room: bigger, created: false });
    });

    it("two conversations re-keyed at once to the same people: one takes the key, the other none, and neither change fails", async ({ store, rows }) => {
      for (let round = 0; round < 8; round++) {
        const [a, b, c, d, e] = await people(store, 5);
        if (!a || !b || !c || !d || !e) throw new Error("no users");
        const first = await opened(store, [a.id, b.id, c.id, e.id]);
        const second = await opened(store, [a.id, b.id, d.id, e.id]);

        expect(await Promise.all([store.removeMember(first.id, c.id), store.removeMember(second.id, d.id)])).toEqual([true, true]);

        const keys = [await directKey(rows, first.id), await directKey(rows, second.id)];
        expect(keys.filter((key) => key === directKeyOf([a.id, b.id, e.id]))).toHaveLength(1);
        expect(keys.filter((key) => key === null)).toHaveLength(1);
      }
    });

    it("removeMember ends a membership once", async ({ store, rows }) => {
      const [owner, member] = await people(store, 2);
      if (!owner || !member) throw new Error("no users");
      const room = await privateRoom(store, owner);
      await store.addMember(room.id, member.id);

      expect(await store.removeMember(room.id, member.id)).toBe(true);
      expect(await store.removeMember(room.id, member.id)).toBe(false);
      expect(await store.removeMember(MISSING_ID, member.id)).toBe(false);
      expect(await store.getMembership(room.id, member.id)).toBeNull();
      expect(await countRows(rows, `select cast(count(*) as integer) as n from room_members where room_id = ${room.id}`)).toBe(1);
      expect(await store.getMembership(room.id, owner.id)).toMatchObject({ role: "owner" });
    });

    it("setMemberRole moves a member between member and moderator, and never touches the owner", async ({ store }) => {
      const [owner, member, outsider] = await people(store, 3);
      if (!owner || !member || !outsider) throw new Error("no users");
      const room = await privateRoom(store, owner);
      await store.addMember(room.id, member.id);

      const promoted = await store.setMemberRole(room.id, member.id, "moderator");
      expect(promoted).toMatchObject({ roomId: room.id, userId: member.id, role: "moderator" });
      expect(await store.getMembership(room.id, member.id)).toEqual(promoted);
      expect(await store.setMemberRole(room.id, member.id, "member")).toMatchObject({ role: "member" });
      expect(await store.setMemberRole(room.id, owner.id, "member")).toBeNull();
      expect(await store.setMemberRole(room.id, owner.id, "moderator")).toBeNull();
      expect(await store.getMembership(room.id, owner.id)).toMatchObject({ role: "owner" });
      expect(await store.setMemberRole(room.id, outsider.id, "moderator")).toBeNull();
      expect(await store.getMembership(room.id, outsider.id)).toBeNull();
    });

    it("transferOwnership swaps the two roles in one step, and changes nothing for a heir who is not a member or a giver who is not the owner", async ({
      store,
    }) => {
      const [owner, heir, outsider] = await people(store, 3);
      if (!owner || !heir || !outsider) throw new Error("no users");
      const room = await privateRoom(store, owner);
      await store.addMember(room.id, heir.id);
      await store.setTimedOutUntil(room.id, heir.id, inAnHour());
      const roles = async () => Object.fromEntries((await store.listMembers(room.id, 10)).map((m) => [m.userId, m.role]));
      const before = await roles();

      expect(await store.transferOwnership(room.id, owner.id, outsider.id)).toBe(false);
      expect(await store.transferOwnership(room.id, heir.id, owner.id)).toBe(false);
      expect(await store.transferOwnership(MISSING_ID, owner.id, heir.id)).toBe(false);
      expect(await roles()).toEqual(before);
      expect(await store.getMembership(room.id, outsider.id)).toBeNull();
      expect(await store.getRoom(room.id)).toEqual(room);

      expect(await store.transferOwnership(room.id, owner.id, heir.id)).toBe(true);
      expect(await roles()).toEqual({ [owner.id]: "moderator", [heir.id]: "owner" });
      // An owner is never timed out.
      expect(await store.getMembership(room.id, heir.id)).toMatchObject({ role: "owner", timedOutUntil: null });
      expect(await store.listMembersWithRoles(room.id, ["owner"])).toEqual([expect.objectContaining({ userId: heir.id })]);
      expect(await store.getRoom(room.id)).toEqual({ ...room, createdBy: heir.id });
      // The old owner is no longer the owner, so cannot give it again.
      expect(await store.transferOwnership(room.id, owner.id, heir.id)).toBe(false);
    });

    it("setTimedOutUntil stores a timeout and clears it; null for someone who is not a member", async ({ store }) => {
      const [owner, member, outsider] = await people(store, 3);
      if (!owner || !member || !outsider) throw new Error("no users");
      const room = await privateRoom(store, owner);
      await store.addMember(room.id, member.id);
      const until = new Date(Date.now() + 600_000);

      expect(await store.setTimedOutUntil(room.id, member.id, until)).toMatchObject({ userId: member.id, role: "member", timedOutUntil: until });
      expect(await store.getMembership(room.id, member.id)).toMatchObject({ timedOutUntil: until });
      expect((await store.listMembersAmong(room.id, [member.id]))[0]?.timedOutUntil).toEqual(until);
      expect(await store.setTimedOutUntil(room.id, member.id, null)).toMatchObject({ timedOutUntil: null });
      expect(await store.getMembership(room.id, member.id)).toMatchObject({ timedOutUntil: null });
      expect(await store.setTimedOutUntil(room.id, outsider.id, until)).toBeNull();
      expect(await store.getMembership(room.id, outsider.id)).toBeNull();
    });

    it("ban ends the membership in the same step, once; unban lifts it; listBans is newest first", async ({ store, rows }) => {
      const [owner, first, second] = await people(store, 3);
      if (!owner || !first || !second) throw new Error("no users");
      const room = await privateRoom(store, owner);
      await store.addMember(room.id, first.id);

      expect(await store.ban(room.id, first.id, owner.id, "спам")).toBe(true);
      expect(await store.getMembership(room.id, first.id)).toBeNull();
      expect(await store.ban(room.id, first.id, owner.id, "ещё раз")).toBe(false);
      await pause(5);
      // Someone never a member may be banned too.
      expect(await store.ban(room.id, second.id, owner.id, "")).toBe(true);
      expect(await countRows(rows, `select cast(count(*) as integer) as n from room_bans where room_id = ${room.id}`)).toBe(2);
      expect(await countRows(rows, `select cast(count(*) as integer) as n from room_members where room_id = ${room.id}`)).toBe(1);

      const bans = await store.listBans(room.id);
      expect(bans).toEqual([
        { roomId: room.id, userId: second.id, username: second.username, reason: "", createdAt: expect.any(Date) as Date },
        { roomId: room.id, userId: first.id, username: first.username, reason: "спам", createdAt: expect.any(Date) as Date },
      ]);
      for (const ban of bans) expectRecent(ban.createdAt);

      expect(await store.unban(room.id, first.id)).toBe(true);
      expect(await store.unban(room.id, first.id)).toBe(false);
      expect((await store.listBans(room.id)).map((ban) => ban.userId)).toEqual([second.id]);
      // Unbanning does not bring the membership back.
      expect(await store.getMembership(room.id, first.id)).toBeNull();
      expect(await store.addMember(room.id, first.id)).toMatchObject({ status: "added" });
    });
    it("an invitation and a ban of the same person at once never leave them both banned and a member", async ({ store }) => {
      const owner = await store.insertUser(newUser());
      const room = await privateRoom(store, owner);
      const guests = await people(store, 12);

      await Promise.all(guests.flatMap((guest) => [store.addMember(room.id, guest.id), store.ban(room.id, guest.id, owner.id, "")]));

      const members = new Set(await store.listMemberIds(room.id));
      const banned = new Set((await store.listBans(room.id)).map((ban) => ban.userId));
      expect(banned.size).toBe(guests.length);
      expect(guests.filter((guest) => members.has(guest.id) && banned.has(guest.id)).map((guest) => guest.id)).toEqual([]);
    });
  });

  describe("private spaces: blocks", () => {
    it("blockUser and unblockUser are idempotent, and hasBlocked reads one direction", async ({ store, rows }) => {
      const [a, b] = await people(store, 2);
      if (!a || !b) throw new Error("no users");
      const stored = () => countRows(rows, `select cast(count(*) as integer) as n from user_blocks where blocker_id in (${a.id}, ${b.id})`);

      expect(await store.blockUser(a.id, b.id)).toBe(true);
      expect(await store.blockUser(a.id, b.id)).toBe(false);
      expect(await stored()).toBe(1);
      expect(await store.hasBlocked(a.id, b.id)).toBe(true);
      expect(await store.hasBlocked(b.id, a.id)).toBe(false);

      expect(await store.unblockUser(b.id, a.id)).toBe(false);
      expect(await store.hasBlocked(a.id, b.id)).toBe(true);
      expect(await store.unblockUser(a.id, b.id)).toBe(true);
      expect(await store.unblockUser(a.id, b.id)).toBe(false);
      expect(await store.hasBlocked(a.id, b.id)).toBe(false);
      expect(await stored()).toBe(0);
    });

    it("getUsersByUsernames finds active users by their names in any case, and leaves out unknown and inactive ones", async ({ store }) => {
      const t = tag();
      const vera = await store.insertUser(newUser({ username: `Vera_${t}` }));
      const ivan = await store.insertUser(newUser({ username: `Иван_${t}` }));
      const gone = await store.insertUser(newUser({ username: `gone_${t}` }));
      await store.setUserActive(gone.id, false);

      const found = await store.getUsersByUsernames([`vERA_${t}`, `иВАН_${t}`, `gone_${t}`, `nobody_${t}`]);

      expect(found.sort((x, y) => x.id - y.id)).toEqual([vera, ivan]);
      expect(await store.getUsersByUsernames([])).toEqual([]);
    });
  });

  describe("private spaces: the audit log", () => {
    it("listAudit reads a room's entries newest first, pages back with `before`, names the actor and the target, and keeps the details", async ({
      store,
    }) => {
      const [actor, target] = await people(store, 2);
      if (!actor || !target) throw new Error("no users");
      const room = await privateRoom(store, actor);
      const elsewhere = await privateRoom(store, actor);
      const details = { role: "moderator", until: 1_790_000_000_000, nested: { ids: [1, 2], note: "ёж", none: null } };
      await store.insertAudit({ roomId: room.id, actorId: actor.id, action: "invite", targetId: target.id, reason: "", details: {} });
      await store.insertAudit({ roomId: room.id, actorId: actor.id, action: "role_change", targetId: target.id, reason: "заслужил", details });
      await store.insertAudit({ roomId: elsewhere.id, actorId: actor.id, action: "kick", targetId: target.id, reason: "", details: {} });
      await store.insertAudit({ roomId: room.id, actorId: null, action: "timeout", targetId: target.id, reason: "", details: { seconds: 60 } });
      await store.insertAudit({ roomId: room.id, actorId: target.id, action: "leave", targetId: null, reason: "", details: {} });

      const all = await store.listAudit(room.id, { limit: 10 });
      expect(all.map((entry) => entry.action)).toEqual(["leave", "timeout", "role_change", "invite"]);
      expect(all.map((entry) => entry.id)).toEqual([...all.map((entry) => entry.id)].sort((x, y) => y - x));
      expect(all[2]).toEqual({
        id: all[2]?.id,
        roomId: room.id,
        actorId: actor.id,
        actorName: actor.username,
        action: "role_change",
        targetId: target.id,
        targetName: target.username,
        reason: "заслужил",
        details,
        createdAt: expect.any(Date) as Date,
      });
      expectRecent(all[2]?.createdAt ?? new Date(0));
      expect(all[0]).toMatchObject({ actorId: target.id, actorName: target.username, targetId: null, targetName: null });
      expect(all[1]).toMatchObject({ actorId: null, actorName: null, targetName: target.username, details: { seconds: 60 } });

      const firstPage = await store.listAudit(room.id, { limit: 2 });
      expect(firstPage).toEqual(all.slice(0, 2));
      expect(await store.listAudit(room.id, { limit: 2, before: firstPage.at(-1)?.id })).toEqual(all.slice(2, 4));
      expect(await store.listAudit(room.id, { limit: 2, before: all.at(-1)?.id })).toEqual([]);
      expect((await store.listAudit(elsewhere.id, { limit: 10 })).map((entry) => entry.action)).toEqual(["kick"]);
    });
  });

  describe("private spaces: room names, visibility and quota", () => {
    it("a private room may take a public room's name; made public, it conflicts and stays private", async ({ store }) => {
      const name = `Секрет_${tag()}`;
      const open = await insertRoomNamed(store, name);
      const hidden = await privateRoom(store, null, name);
      const twin = await privateRoom(store, null, name.toUpperCase());

      expect(hidden).toMatchObject({ name, kind: "private" });
      expect(twin).toMatchObject({ kind: "private" });
      const attempt = store.updateRoom(hidden.id, { kind: "public" });
      await expectUniqueViolation(attempt, "name");
      // Taken as such, not merely a lookalike.
      await expect(attempt).rejects.toHaveProperty("confusable", false);
      expect(await store.getRoom(hidden.id)).toEqual(hidden);

      // Made public under a free name it goes through, and the name is then taken among public rooms.
      const freeName = `Открыто_${tag()}`;
      expect(await store.updateRoom(hidden.id, { kind: "public", name: freeName })).toEqual({ ...hidden, name: freeName, kind: "public" });
      await expectUniqueViolation(insertRoomNamed(store, freeName), "name");
      // The public room turned private frees its name.
      expect(await store.updateRoom(open.id, { kind: "private" })).toEqual({ ...open, kind: "private" });
      expect(await store.getRoom(open.id)).toEqual({ ...open, kind: "private" });
      expect(await insertRoomNamed(store, name)).toMatchObject({ name, kind: "public" });
    });

    it("a private room whose name only looks like a public one's conflicts as a lookalike when made public", async ({ store }) => {
      const t = tag();
      await insertRoomNamed(store, `Общий чат ${t}`);
      const hidden = await privateRoom(store, null, `Οбщий чат ${t}`);

      const attempt = store.updateRoom(hidden.id, { kind: "public" });
      await expectUniqueViolation(attempt, "name");
      await expect(attempt).rejects.toHaveProperty("confusable", true);
      expect(await store.getRoom(hidden.id)).toEqual(hidden);
    });

    it("direct conversations do not count against the total room quota; private rooms do", async ({ freshStore: store }) => {
      const [a, b, c, d] = await people(store, 4);
      if (!a || !b || !c || !d) throw new Error("no users");
      const quota = { perCreator: 2, total: 3 };
      await opened(store, [a.id, b.id]);
      await opened(store, [a.id, c.id]);
      await opened(store, [a.id, b.id, c.id, d.id]);

      expect((await store.insertRoom({ name: `q_${tag()}`, description: "", createdBy: a.id, kind: "private" }, quota)).status).toBe("created");
      expect((await store.insertRoom({ name: `q_${tag()}`, description: "", createdBy: a.id }, quota)).status).toBe("created");
      expect(await store.insertRoom({ name: `q_${tag()}`, description: "", createdBy: a.id }, quota)).toEqual({ status: "over_quota", quota: "perCreator" });
      expect((await store.insertRoom({ name: `q_${tag()}`, description: "", createdBy: b.id, kind: "private" }, quota)).status).toBe("created");
      expect(await store.insertRoom({ name: `q_${tag()}`, description: "", createdBy: c.id }, quota)).toEqual({ status: "over_quota", quota: "total" });
      // More conversations still open once the rooms are at their limit.
      expect((await store.openDirect([c.id, d.id])).created).toBe(true);
    });
  });
}
