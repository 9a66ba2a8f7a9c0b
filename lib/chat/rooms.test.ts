import { describe, expect, it } from "vitest";
import { errorText } from "../i18n/translate";
import type { RoomPermissions } from "./access";
import { sendMessage } from "./messages";
import { createRoom, deleteRoom, deleteRoomAsOperator, findRoom, listRooms, updateRoom } from "./rooms";
import { openChat, refusal } from "./testing/harness";

const OWNER: RoomPermissions = {
  send: true,
  manage: true,
  delete: true,
  invite: false,
  manage_members: true,
  moderate: true,
  set_roles: true,
  leave: false,
  audit: true,
};
const READER: RoomPermissions = {
  send: true,
  manage: false,
  delete: false,
  invite: false,
  manage_members: false,
  moderate: false,
  set_roles: false,
  leave: false,
  audit: false,
};

describe("createRoom", () => {
  it("stores the room with its creator as owner and announces it to the owner and to everyone else", async () => {
    const chat = await openChat();
    const { actor } = await chat.signIn();

    const dto = await createRoom(chat.deps, actor, { name: "  Флуд  ", description: "обо всём" });

    expect(dto).toMatchObject({ name: "Флуд", description: "обо всём", created_by: actor.id, is_default: false, permissions: OWNER });
    expect(await chat.store.getRoom(dto.id)).toMatchObject({ name: "Флуд", createdBy: actor.id });
    expect(await chat.store.getMembership(dto.id, actor.id)).toMatchObject({ role: "owner" });
    expect(chat.events.published).toEqual([
      { event: "room_created", payload: { ...dto, permissions: OWNER }, audience: { to: "users", userIds: [actor.id] } },
      { event: "room_created", payload: { ...dto, my_role: null, permissions: READER }, audience: { to: "everyone", exceptUserIds: [actor.id] } },
    ]);
  });

  it("refuses a taken name and a lookalike with different messages, storing nothing", async () => {
    const chat = await openChat();
    const { actor } = await chat.signIn();
    await createRoom(chat.deps, actor, { name: "Room" });
    const before = { rooms: chat.rows("rooms"), members: chat.rows("room_members"), published: chat.events.published.length };

    const taken = await refusal(createRoom(chat.deps, actor, { name: "room" }), "conflict");
    // A Cyrillic «о» twice: reads as «Room», differs in every byte that matters to a plain unique index.
    const lookalike = await refusal(createRoom(chat.deps, actor, { name: "R\u043e\u043em" }), "conflict");

    expect(taken.key).toBe("room_name_taken");
    expect(lookalike.key).toBe("room_name_confusable");
    expect(taken.fields).toEqual({ name: taken.key });
    expect({ rooms: chat.rows("rooms"), members: chat.rows("room_members"), published: chat.events.published.length }).toEqual(before);
  });

  it("refuses the default room's name and its lookalike with a Greek Omicron", async () => {
    const chat = await openChat();
    const { actor } = await chat.signIn();

    await refusal(createRoom(chat.deps, actor, { name: "ОБЩИЙ ЧАТ" }), "conflict");
    const lookalike = await refusal(createRoom(chat.deps, actor, { name: "\u039fбщий чат" }), "conflict");

    expect(lookalike.key).toBe("room_name_confusable");
    expect(chat.rows("rooms")).toBe(1);
  });

  it("holds the creator's quota against a burst of simultaneous creations", async () => {
    const chat = await openChat({ roomsPerUser: 2 });
    const { actor } = await chat.signIn();

    const outcomes = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => createRoom(chat.deps, actor, { name: `burst ${i}` })));

    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(2);
    expect(chat.rows("rooms")).toBe(1 + 2);
    expect(chat.rows("room_members")).toBe(2);
  });

  it("refuses a room over the creator's quota and over the server's", async () => {
    const chat = await openChat({ roomsPerUser: 2, roomsTotal: 4 });
    const first = await chat.signIn();
    const second = await chat.signIn();
    await createRoom(chat.deps, first.actor, { name: "a1" });
    await createRoom(chat.deps, first.actor, { name: "a2" });

    const mine = await refusal(createRoom(chat.deps, first.actor, { name: "a3" }), "too_many_rooms");
    expect(mine).toMatchObject({ key: "room_quota_creator", values: { limit: 2 } });
    expect(errorText("ru", mine.key, mine.values)).toContain("У вас уже 2 комнаты");
    expect(errorText("en", mine.key, mine.values)).toContain("You already have 2 rooms");

    // The default room counts towards the total: it is one of the four rooms the server holds.
    await createRoom(chat.deps, second.actor, { name: "b1" });
    const server = await refusal(createRoom(chat.deps, second.actor, { name: "b2" }), "too_many_rooms");
    expect(server.key).toBe("room_quota_total");

    expect(chat.rows("rooms")).toBe(4);
    expect(chat.events.published.filter((p) => p.event === "room_created")).toHaveLength(3 * 2);
  });

  it("limits creations per hour and says when to retry", async () => {
    const chat = await openChat({ roomsPerHour: 2 });
    const { actor } = await chat.signIn();
    const other = await chat.signIn();
    await createRoom(chat.deps, actor, { name: "r1" });
    await createRoom(chat.deps, actor, { name: "r2" });

    const err = await refusal(createRoom(chat.deps, actor, { name: "r3" }), "rate_limited");

    expect(err.retryAfterMs).toBeGreaterThan(0);
    expect(await chat.store.listRooms({ ownLimit: 200, viewerId: actor.id, limit: 10 })).toHaveLength(3);
    // The budget is the user's, not the server's.
    await expect(createRoom(chat.deps, other.actor, { name: "r3" })).resolves.toMatchObject({ name: "r3" });
  });

  it.each([
    ["a zero-width space", "Ro\u200Bom"],
    ["a right-to-left override", "abc\u202Edef"],
    ["only a Hangul filler", "\u3164"],
    ["a NUL", "Ro\0om"],
    ["a lone surrogate", "Ro\uD800om"],
    ["nothing", "   "],
    ["too long a name", "x".repeat(101)],
    ["a number", 42],
  ])("refuses a name with %s as invalid_input, storing nothing", async (_what, name) => {
    const chat = await openChat();
    const { actor } = await chat.signIn();

    await refusal(createRoom(chat.deps, actor, { name }), "invalid_input");

    expect(chat.rows("rooms")).toBe(1);
    expect(chat.rows("room_members")).toBe(0);
    expect(chat.events.published).toEqual([]);
  });

  it("refuses unknown fields and a description that is too long", async () => {
    const chat = await openChat();
    const { actor } = await chat.signIn();

    await refusal(createRoom(chat.deps, actor, { name: "ok", created_by: 1 }), "invalid_input");
    await refusal(createRoom(chat.deps, actor, { name: "ok", description: "x".repeat(501) }), "invalid_input");

    expect(chat.rows("rooms")).toBe(1);
  });
});

describe("updateRoom", () => {
  it("lets the owner rename it, stores it and announces it with each reader's permissions", async () => {
    const chat = await openChat();
    const { actor } = await chat.signIn();
    const room = await createRoom(chat.deps, actor, { name: "old" });
    chat.events.published.length = 0;

    const dto = await updateRoom(chat.deps, actor, room.id, { name: "new", description: "d" });

    expect(dto).toMatchObject({ id: room.id, name: "new", description: "d", permissions: OWNER });
    expect(await chat.store.getRoom(room.id)).toMatchObject({ name: "new", description: "d" });
    expect(chat.events.published).toEqual([
      { event: "room_updated", payload: { ...dto, permissions: OWNER }, audience: { to: "users", userIds: [actor.id] } },
      { event: "room_updated", payload: { ...dto, my_role: null, permissions: READER }, audience: { to: "everyone", exceptUserIds: [actor.id] } },
    ]);
  });

  it("refuses anyone but the owner, leaving the room as it was", async () => {
    const chat = await openChat();
    const owner = await chat.signIn();
    const stranger = await chat.signIn();
    const room = await createRoom(chat.deps, owner.actor, { name: "mine" });
    chat.events.published.length = 0;

    const err = await refusal(updateRoom(chat.deps, stranger.actor, room.id, { name: "theirs" }), "forbidden");
    await refusal(updateRoom(chat.deps, owner.actor, chat.defaultRoom.id, { name: "renamed" }), "forbidden");

    expect(err.key).toBe("cannot_manage_room");
    expect(await chat.store.getRoom(room.id)).toMatchObject({ name: "mine" });
    expect(await chat.store.getRoom(chat.defaultRoom.id)).toMatchObject({ name: "Общий чат" });
    expect(chat.events.published).toEqual([]);
  });

  it("answers a missing room with not_found and a taken name with conflict", async () => {
    const chat = await openChat();
    const { actor } = await chat.signIn();
    const room = await createRoom(chat.deps, actor, { name: "one" });
    await createRoom(chat.deps, actor, { name: "two" });

    await refusal(updateRoom(chat.deps, actor, 999_999, { name: "x" }), "not_found");
    await refusal(updateRoom(chat.deps, actor, room.id, { name: "TWO" }), "conflict");
    await refusal(updateRoom(chat.deps, actor, room.id, {}), "invalid_input");

    expect(await chat.store.getRoom(room.id)).toMatchObject({ name: "one" });
  });
});

describe("deleteRoom", () => {
  it("lets the owner delete it with its messages, tells everyone where to go and closes the room", async () => {
    const chat = await openChat();
    const { actor } = await chat.signIn();
    const room = await createRoom(chat.deps, actor, { name: "doomed" });
    await sendMessage(chat.deps, actor, { room_id: room.id, content: "bye" });
    chat.events.published.length = 0;

    expect(await deleteRoom(chat.deps, actor, room.id)).toEqual({ deleted: true, fallback_room_id: chat.defaultRoom.id });

    expect(await chat.store.getRoom(room.id)).toBeNull();
    expect(chat.rows("messages")).toBe(0);
    expect(chat.events.published).toEqual([
      { event: "room_deleted", payload: { room_id: room.id, fallback_room_id: chat.defaultRoom.id }, audience: { to: "everyone" } },
    ]);
    expect(chat.events.closedRooms).toEqual([room.id]);
  });

  it("refuses anyone but the owner, a missing room and the default room, changing nothing", async () => {
    const chat = await openChat();
    const owner = await chat.signIn();
    const member = await chat.signIn();
    const room = await createRoom(chat.deps, owner.actor, { name: "kept" });
    await chat.store.ensureMembership(room.id, member.user.id);
    chat.events.published.length = 0;

    const notOwner = await refusal(deleteRoom(chat.deps, member.actor, room.id), "forbidden");
    await refusal(deleteRoom(chat.deps, owner.actor, 999_999), "not_found");
    const general = await refusal(deleteRoom(chat.deps, owner.actor, chat.defaultRoom.id), "forbidden");

    expect(notOwner.key).toBe("cannot_delete_room");
    expect(general).toMatchObject({ key: "room_not_deletable", values: { name: "Общий чат" } });
    expect(chat.rows("rooms")).toBe(2);
    expect(chat.events.published).toEqual([]);
    expect(chat.events.closedRooms).toEqual([]);
  });
});

describe("deleteRoomAsOperator", () => {
  it("deletes anyone's room and announces it as the owner's deletion does", async () => {
    const chat = await openChat();
    const { actor } = await chat.signIn();
    const room = await createRoom(chat.deps, actor, { name: "someone's" });
    chat.events.published.length = 0;

    expect(await deleteRoomAsOperator(chat.deps, room.id)).toMatchObject({ id: room.id, name: "someone's" });

    expect(await chat.store.getRoom(room.id)).toBeNull();
    expect(chat.events.published).toEqual([
      { event: "room_deleted", payload: { room_id: room.id, fallback_room_id: chat.defaultRoom.id }, audience: { to: "everyone" } },
    ]);
    expect(chat.events.closedRooms).toEqual([room.id]);
  });

  it("refuses the default room and a missing one", async () => {
    const chat = await openChat();

    await refusal(deleteRoomAsOperator(chat.deps, chat.defaultRoom.id), "forbidden");
    await refusal(deleteRoomAsOperator(chat.deps, 999_999), "not_found");

    expect(await chat.store.getRoom(chat.defaultRoom.id)).not.toBeNull();
    expect(chat.events.published).toEqual([]);
    expect(chat.events.closedRooms).toEqual([]);
  });
});

describe("listRooms and findRoom", () => {
  it("pages public rooms by id after the default room, each room with the viewer's permissions", async () => {
    const chat = await openChat();
    const owner = await chat.signIn();
    const reader = await chat.signIn();
    const a = await createRoom(chat.deps, owner.actor, { name: "a" });
    const b = await createRoom(chat.deps, reader.actor, { name: "b" });
    const c = await createRoom(chat.deps, owner.actor, { name: "c" });

    const first = await listRooms(chat.deps, owner.actor, { limit: "2" });
    const second = await listRooms(chat.deps, owner.actor, { limit: "2", after: String(b.id) });
    const third = await listRooms(chat.deps, owner.actor, { limit: "2", after: String(c.id) });

    expect(first.map((r) => [r.id, r.permissions])).toEqual([
      [chat.defaultRoom.id, READER],
      [a.id, OWNER],
      [b.id, READER],
    ]);
    expect(second.map((r) => [r.id, r.permissions])).toEqual([[c.id, OWNER]]);
    expect(third).toEqual([]);
    expect((await listRooms(chat.deps, reader.actor)).map((r) => [r.id, r.permissions.manage])).toEqual([
      [chat.defaultRoom.id, false],
      [a.id, false],
      [b.id, true],
      [c.id, false],
    ]);
  });

  it("refuses a malformed page query", async () => {
    const chat = await openChat();
    const { actor } = await chat.signIn();

    await refusal(listRooms(chat.deps, actor, { limit: "0" }), "invalid_input");
    await refusal(listRooms(chat.deps, actor, { limit: "201" }), "invalid_input");
    await refusal(listRooms(chat.deps, actor, { after: "-1" }), "invalid_input");
    await refusal(listRooms(chat.deps, actor, { sort: "name" }), "invalid_input");
  });

  it("finds a room as the viewer sees it, and null for a missing one", async () => {
    const chat = await openChat();
    const owner = await chat.signIn();
    const reader = await chat.signIn();
    const room = await createRoom(chat.deps, owner.actor, { name: "found" });

    expect(await findRoom(chat.deps, owner.actor, room.id)).toMatchObject({ id: room.id, name: "found", permissions: OWNER });
    expect(await findRoom(chat.deps, reader.actor, room.id)).toMatchObject({ id: room.id, permissions: READER });
    expect(await findRoom(chat.deps, reader.actor, 999_999)).toBeNull();
  });
});
