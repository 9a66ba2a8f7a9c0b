import { describe, expect, it } from "vitest";
import { connectionClosed, joinRoom, leaveRoom } from "./presence";
import { createRoom } from "./rooms";
import { ChannelHub, openChat, refusal } from "./testing/harness";

describe("joinRoom", () => {
  it("makes the first join of a public room a membership and tells the room, but not the joiner", async () => {
    const chat = await openChat();
    const owner = await chat.signIn();
    const joiner = await chat.signIn();
    const room = await createRoom(chat.deps, owner.actor, { name: "public" });
    chat.events.published.length = 0;
    const hub = new ChannelHub();
    const connection = hub.connect(joiner.present);

    const users = await joinRoom(chat.deps, joiner.actor, joiner.present, connection, { room_id: room.id });

    expect(users).toEqual({ room_id: room.id, users: [joiner.present] });
    expect(await chat.store.getMembership(room.id, joiner.user.id)).toMatchObject({ role: "member" });
    expect(hub.isSubscribed(connection.id, room.id)).toBe(true);
    expect(chat.events.published).toEqual([
      {
        event: "member_joined",
        payload: { room_id: room.id, member: expect.objectContaining({ id: joiner.user.id, role: "member", online: true }) as unknown },
        audience: { to: "room", roomId: room.id, exceptUserIds: [joiner.user.id] },
      },
      {
        event: "joined_room",
        payload: { room_id: room.id, user: joiner.present },
        audience: { to: "room", roomId: room.id, exceptUserIds: [joiner.user.id] },
      },
    ]);
  });

  it("announces a second connection of someone already present to nobody and leaves the membership as it was", async () => {
    const chat = await openChat();
    const { actor, user, present } = await chat.signIn();
    const hub = new ChannelHub();
    await joinRoom(chat.deps, actor, present, hub.connect(present), { room_id: chat.defaultRoom.id });
    const membership = await chat.store.getMembership(chat.defaultRoom.id, user.id);
    chat.events.published.length = 0;

    const secondTab = hub.connect(present);
    const users = await joinRoom(chat.deps, actor, present, secondTab, { room_id: chat.defaultRoom.id });

    expect(users.users).toEqual([present]);
    expect(hub.isSubscribed(secondTab.id, chat.defaultRoom.id)).toBe(true);
    expect(await chat.store.getMembership(chat.defaultRoom.id, user.id)).toEqual(membership);
    expect(chat.rows("room_members")).toBe(1);
    expect(chat.events.published).toEqual([]);
  });

  it("keeps the owner an owner when they join their own room", async () => {
    const chat = await openChat();
    const owner = await chat.signIn();
    const room = await createRoom(chat.deps, owner.actor, { name: "mine" });

    await joinRoom(chat.deps, owner.actor, owner.present, new ChannelHub().connect(owner.present), { room_id: room.id });

    expect(await chat.store.getMembership(room.id, owner.user.id)).toMatchObject({ role: "owner" });
    expect(chat.rows("room_members")).toBe(1);
  });

  it("lists everyone present once, however many connections they hold", async () => {
    const chat = await openChat();
    const a = await chat.signIn("anna");
    const b = await chat.signIn("boris");
    const hub = new ChannelHub();
    await joinRoom(chat.deps, a.actor, a.present, hub.connect(a.present), { room_id: chat.defaultRoom.id });
    await joinRoom(chat.deps, a.actor, a.present, hub.connect(a.present), { room_id: chat.defaultRoom.id });

    const users = await joinRoom(chat.deps, b.actor, b.present, hub.connect(b.present), { room_id: chat.defaultRoom.id });

    expect(users.users.map((u) => u.username).sort()).toEqual(["anna", "boris"]);
  });

  it("answers a missing room with not_found, writing and subscribing nothing", async () => {
    const chat = await openChat();
    const { actor, present } = await chat.signIn();
    const hub = new ChannelHub();
    const connection = hub.connect(present);

    await refusal(joinRoom(chat.deps, actor, present, connection, { room_id: 999_999 }), "not_found");
    await refusal(joinRoom(chat.deps, actor, present, connection, { room_id: "1" }), "invalid_input");

    expect(chat.rows("room_members")).toBe(0);
    expect(hub.isSubscribed(connection.id, 999_999)).toBe(false);
    expect(chat.events.published).toEqual([]);
  });
});

describe("leaveRoom and connectionClosed", () => {
  it("announces a departure only when the connection was subscribed, and keeps the membership", async () => {
    const chat = await openChat();
    const { actor, user, present } = await chat.signIn();
    const hub = new ChannelHub();
    const connection = hub.connect(present);
    await joinRoom(chat.deps, actor, present, connection, { room_id: chat.defaultRoom.id });

    expect(await leaveRoom(actor, connection, { room_id: chat.defaultRoom.id })).toEqual({});
    await leaveRoom(actor, connection, { room_id: chat.defaultRoom.id });
    await leaveRoom(actor, hub.connect(present), { room_id: 42 });

    expect(hub.leaves).toEqual([{ roomId: chat.defaultRoom.id, userId: user.id }]);
    expect(hub.isSubscribed(connection.id, chat.defaultRoom.id)).toBe(false);
    expect(await chat.store.getMembership(chat.defaultRoom.id, user.id)).toMatchObject({ role: "member" });
  });

  it("refuses a malformed leave without announcing anything", async () => {
    const hub = new ChannelHub();
    const connection = hub.connect({ id: 1, username: "u", city: "c" });

    await refusal(leaveRoom({ id: 1 }, connection, { room_id: 0 }), "invalid_input");

    expect(hub.leaves).toEqual([]);
  });

  it("announces a closed connection's departure from every room it followed", () => {
    const hub = new ChannelHub();

    connectionClosed({ id: 5 }, hub.connect({ id: 5, username: "u", city: "c" }), [3, 8]);

    expect(hub.leaves).toEqual([
      { roomId: 3, userId: 5 },
      { roomId: 8, userId: 5 },
    ]);
  });
});
