import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { MessageDto, RoomDto } from "@/lib/chat/dto";
import type { AckResult, RoomUsers } from "@/lib/realtime/events";
import { LEAVE_BATCH_MS } from "@/lib/realtime/presence";
import { setTimeout as delay } from "node:timers/promises";
import { apiClient, uniqueName } from "./support/api";
import { queryDatabase } from "./support/db";
import { registerAndSignIn, type TestUser } from "./support/http";
import { startServer, type RunningServer } from "./support/server";
import { collect, connectAs, emitRaw, emitWithoutAck, nextEvent, settle, type ClientSocket } from "./support/socket";

let server: RunningServer;
const open: ClientSocket[] = [];

beforeAll(async () => {
  server = await startServer();
});

afterEach(() => {
  for (const socket of open.splice(0)) socket.disconnect();
});

afterAll(async () => {
  await server.stop();
});

async function person() {
  const { user, jar } = await registerAndSignIn(server.url);
  const api = apiClient(server.url, jar);
  const connect = async () => {
    const socket = await connectAs(server.url, jar);
    open.push(socket);
    return socket;
  };
  return { user, jar, api, connect, id: userId(user) };
}

function userId(user: TestUser) {
  const [row] = queryDatabase<{ id: number }>(server.databaseFile, "select id from users where username = ?", user.username);
  if (!row) throw new Error(`${user.username} was not stored`);
  return row.id;
}

const messageCount = (roomId: number) =>
  queryDatabase<{ n: number }>(server.databaseFile, "select count(*) as n from messages where room_id = ?", roomId)[0]?.n ?? 0;

async function join(socket: ClientSocket, roomId: number) {
  const ack = (await emitRaw(socket, "join_room", { room_id: roomId })) as AckResult<RoomUsers>;
  if (!ack.ok) throw new Error(`join_room failed: ${ack.error.message}`);
  return ack;
}

async function send(socket: ClientSocket, payload: unknown) {
  return (await emitRaw(socket, "send_message", payload)) as AckResult<{ message: MessageDto }>;
}

describe("join_room and presence", () => {
  it("lists who is present, once per person however many tabs, and tells the others", async () => {
    const alice = await person();
    const bob = await person();
    const room = await alice.api.createRoom(uniqueName("Присутствие"));

    const bobSocket = await bob.connect();
    await join(bobSocket, room.id);
    const bobSees = collect(bobSocket, "joined_room");

    const aliceTab1 = await alice.connect();
    const listEvent = nextEvent(aliceTab1, "room_users_list");
    const ack = await join(aliceTab1, room.id);
    expect(ack.room_id).toBe(room.id);
    expect(ack.users.map((user) => user.id).sort()).toEqual([alice.id, bob.id].sort());
    expect(ack.users.find((user) => user.id === alice.id)).toEqual({ id: alice.id, username: alice.user.username, city: alice.user.city });
    expect((await listEvent).users).toEqual(ack.users);

    const aliceTab2 = await alice.connect();
    const secondAck = await join(aliceTab2, room.id);
    expect(secondAck.users.filter((user) => user.id === alice.id)).toHaveLength(1);

    await settle(bobSocket);
    expect(bobSees).toEqual([{ room_id: room.id, user: { id: alice.id, username: alice.user.username, city: alice.user.city } }]);

    const bobLeaves = collect(bobSocket, "left_room");
    aliceTab1.disconnect();
    // Departures are announced in batches; wait out one so a wrong left_room would have arrived.
    await delay(LEAVE_BATCH_MS * 4);
    await settle(bobSocket);
    await settle(aliceTab2);
    expect(bobLeaves).toEqual([]);

    const gone = nextEvent(bobSocket, "left_room");
    aliceTab2.disconnect();
    expect(await gone).toEqual({ room_id: room.id, user_id: alice.id });
  });

  it("when a room empties at once, each person who left is announced once and those still there are not", async () => {
    const watcher = await person();
    const room = await watcher.api.createRoom(uniqueName("Разъезд"));
    const watcherSocket = await watcher.connect();
    await join(watcherSocket, room.id);
    const leaving = await Promise.all(Array.from({ length: 6 }, () => person()));
    const sockets = await Promise.all(leaving.map((someone) => someone.connect()));
    await Promise.all(sockets.map((socket) => join(socket, room.id)));
    // One of them keeps a second tab in the room, so they have not left.
    const stayer = leaving[0];
    if (!stayer) throw new Error("no people");
    await join(await stayer.connect(), room.id);

    const announced = collect(watcherSocket, "left_room");
    for (const socket of sockets) socket.disconnect();
    await delay(LEAVE_BATCH_MS * 4);
    await settle(watcherSocket);

    const expected = leaving.slice(1).map((someone) => ({ room_id: room.id, user_id: someone.id }));
    const byUser = (a: { user_id: number }, b: { user_id: number }) => a.user_id - b.user_id;
    expect([...announced].sort(byUser)).toEqual(expected.sort(byUser));
    const list = await join(watcherSocket, room.id);
    expect(list.users.map((user) => user.id).sort()).toEqual([watcher.id, stayer.id].sort());
  });

  it("announces leave_room to the others and stops delivering the room's messages", async () => {
    const alice = await person();
    const bob = await person();
    const room = await alice.api.createRoom(uniqueName("Уход"));
    const aliceSocket = await alice.connect();
    const bobSocket = await bob.connect();
    await join(aliceSocket, room.id);
    await join(bobSocket, room.id);

    const left = nextEvent(aliceSocket, "left_room");
    expect(await emitRaw(bobSocket, "leave_room", { room_id: room.id })).toEqual({ ok: true });
    expect(await left).toEqual({ room_id: room.id, user_id: bob.id });

    const bobMessages = collect(bobSocket, "new_message");
    await send(aliceSocket, { room_id: room.id, content: "ты ушёл" });
    await settle(bobSocket);
    expect(bobMessages).toEqual([]);
  });

  const badRefs: [string, unknown, string][] = [
    ["no payload", undefined, "invalid_input"],
    ["a string id", { room_id: "1" }, "invalid_input"],
    ["a negative id", { room_id: -1 }, "invalid_input"],
    ["a fractional id", { room_id: 1.5 }, "invalid_input"],
    ["an array", [{ room_id: 1 }], "invalid_input"],
    ["an unknown room", { room_id: 987654 }, "not_found"],
  ];

  it.each(badRefs)("refuses join_room with %s", async (_case, payload, code) => {
    const alice = await person();
    const socket = await alice.connect();
    const ack = (await emitRaw(socket, "join_room", payload)) as AckResult;
    expect(ack).toMatchObject({ ok: false, error: { code, message: expect.any(String) as string } });
    expect(socket.connected).toBe(true);
  });

  it("reports an error event when the client gave no ack", async () => {
    const alice = await person();
    const socket = await alice.connect();
    const error = nextEvent(socket, "error");
    emitWithoutAck(socket, "join_room", { room_id: 987654 });
    expect(await error).toMatchObject({ code: "not_found", message: "Комната не найдена" });
  });
});

describe("send_message", () => {
  it("stores first, then delivers the same message to everyone in the room, sender included", async () => {
    const alice = await person();
    const bob = await person();
    const carol = await person();
    const room = await alice.api.createRoom(uniqueName("Доставка"));
    const aliceSocket = await alice.connect();
    const bobSocket = await bob.connect();
    const carolSocket = await carol.connect();
    await join(aliceSocket, room.id);
    await join(bobSocket, room.id);
    const outsider = collect(carolSocket, "new_message");

    const toBob = nextEvent(bobSocket, "new_message");
    const toAlice = nextEvent(aliceSocket, "new_message");
    const ack = await send(aliceSocket, { room_id: room.id, content: "  привет,\nмир  ", client_id: "first-message-1" });
    if (!ack.ok) throw new Error(ack.error.message);
    expect(ack.message).toMatchObject({
      content: "привет,\nмир",
      username: alice.user.username,
      user_city: alice.user.city,
      room_id: room.id,
      user_id: alice.id,
      client_id: "first-message-1",
    });
    expect(await toBob).toEqual(ack.message);
    expect(await toAlice).toEqual(ack.message);
    await settle(carolSocket);
    expect(outsider).toEqual([]);

    const [stored] = await alice.api.messages(room.id);
    expect(stored).toEqual(ack.message);
  });

  it("stores a retried client_id once, acks the same message and broadcasts it once", async () => {
    const alice = await person();
    const room = await alice.api.createRoom(uniqueName("Повтор"));
    const socket = await alice.connect();
    await join(socket, room.id);
    const delivered = collect(socket, "new_message");

    const payload = { room_id: room.id, content: "только раз", client_id: crypto.randomUUID() };
    const acks = await Promise.all([send(socket, payload), send(socket, payload), send(socket, payload)]);
    const ids = acks.map((ack) => (ack.ok ? ack.message.id : null));
    expect(new Set(ids).size).toBe(1);
    expect(ids[0]).toEqual(expect.any(Number));

    const reconnected = await alice.connect();
    const retried = await send(reconnected, payload);
    expect(retried.ok && retried.message.id).toBe(ids[0]);

    await settle(socket);
    expect(delivered.map((message) => message.id)).toEqual([ids[0]]);
    expect(messageCount(room.id)).toBe(1);
  });

  it("delivers messages posted over HTTP to sockets, identical to the history", async () => {
    const alice = await person();
    const bob = await person();
    const room = await alice.api.createRoom(uniqueName("Мост"));
    const bobSocket = await bob.connect();
    await join(bobSocket, room.id);
    const arrived = nextEvent(bobSocket, "new_message");
    const posted = await alice.api.postMessage(room.id, "из HTTP", "http-sent-0001");
    const viaSocket = await arrived;
    expect(viaSocket).toEqual(posted);
    const [fromHistory] = await bob.api.messages(room.id);
    expect(fromHistory).toEqual(viaSocket);
    expect(Object.keys(viaSocket).sort()).toEqual([
      "client_id",
      "content",
      "deleted",
      "edited_at",
      "id",
      "reactions",
      "reply_to",
      "room_id",
      "timestamp",
      "user_city",
      "user_id",
      "username",
      "version",
    ]);
  });

  const badSends: [string, (roomId: number) => unknown, string][] = [
    ["empty content", (roomId) => ({ room_id: roomId, content: "" }), "invalid_input"],
    ["whitespace content", (roomId) => ({ room_id: roomId, content: " \n\t " }), "invalid_input"],
    ["2001 characters", (roomId) => ({ room_id: roomId, content: "x".repeat(2001) }), "invalid_input"],
    ["numeric content", (roomId) => ({ room_id: roomId, content: 12 }), "invalid_input"],
    ["an object as content", (roomId) => ({ room_id: roomId, content: { text: "hi" } }), "invalid_input"],
    ["an array payload", (roomId) => [{ room_id: roomId, content: "hi" }], "invalid_input"],
    ["a null payload", () => null, "invalid_input"],
    ["a string room_id", (roomId) => ({ room_id: String(roomId), content: "hi" }), "invalid_input"],
    ["a malformed client_id", (roomId) => ({ room_id: roomId, content: "hi", client_id: "<script>" }), "invalid_input"],
    ["a forged sender", (roomId) => ({ room_id: roomId, content: "hi", user_id: 1 }), "invalid_input"],
    ["an unknown room", () => ({ room_id: 987654, content: "hi" }), "not_found"],
  ];

  it.each(badSends)("refuses %s, stores nothing and keeps serving", async (_case, payload, code) => {
    const alice = await person();
    const room = await alice.api.createRoom(uniqueName("Мусор"));
    const socket = await alice.connect();
    await join(socket, room.id);
    const delivered = collect(socket, "new_message");
    const ack = await send(socket, payload(room.id));
    expect(ack).toMatchObject({ ok: false, error: { code } });
    await settle(socket);
    expect(delivered).toEqual([]);
    expect(messageCount(room.id)).toBe(0);
    expect(socket.connected).toBe(true);
    expect((await fetch(new URL("/api/health", server.url))).status).toBe(200);
  });

  it("accepts exactly 2000 characters", async () => {
    const alice = await person();
    const room = await alice.api.createRoom(uniqueName("Длинное"));
    const socket = await alice.connect();
    const ack = await send(socket, { room_id: room.id, content: "ж".repeat(2000) });
    expect(ack.ok && ack.message.content.length).toBe(2000);
  });

  it("drops a connection that sends a frame over the size limit, and the server stays up", async () => {
    const alice = await person();
    const socket = await alice.connect();
    const dropped = new Promise<string>((resolve) => socket.once("disconnect", resolve));
    emitWithoutAck(socket, "send_message", { room_id: 1, content: "x".repeat(100_000) });
    expect(await dropped).toMatch(/transport close|transport error/);
    const again = await alice.connect();
    expect(again.connected).toBe(true);
  });
});

describe("room events", () => {
  it("announces created, updated and deleted rooms to every connected user and moves people out", async () => {
    const alice = await person();
    const bob = await person();
    const bobSocket = await bob.connect();
    const aliceSocket = await alice.connect();
    const reader = { send: true, manage: false, delete: false, invite: false, manage_members: false, moderate: false, set_roles: false, leave: false, audit: false };

    // Each gets the room with their own permissions: the owner's copy goes to the owner only.
    const created = nextEvent(bobSocket, "room_created");
    const createdForOwner = nextEvent(aliceSocket, "room_created");
    const room = await alice.api.createRoom(uniqueName("Живая"));
    expect(await created).toEqual({ ...room, my_role: null, permissions: reader });
    expect(await createdForOwner).toEqual(room);

    await join(bobSocket, room.id);
    const updated = nextEvent(bobSocket, "room_updated");
    const updatedForOwner = nextEvent(aliceSocket, "room_updated");
    const renamed = await alice.api.patch(`/api/rooms/${room.id}`, { description: "новое описание" });
    expect(await updated).toEqual({ ...(renamed.body as RoomDto), my_role: null, permissions: reader });
    expect(await updatedForOwner).toEqual(renamed.body);
    const aliceRooms = collect(aliceSocket, "room_updated");
    await settle(aliceSocket);
    expect(aliceRooms).toEqual([]);

    const deleted = nextEvent(bobSocket, "room_deleted");
    const answer = await alice.api.delete(`/api/rooms/${room.id}`);
    const event = await deleted;
    expect(event).toEqual({ room_id: room.id, fallback_room_id: (answer.body as { fallback_room_id: number }).fallback_room_id });

    const bobMessages = collect(bobSocket, "new_message");
    await settle(bobSocket);
    expect(bobMessages).toEqual([]);
  });
});
