import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MessageDto, PresenceUserDto } from "@/lib/chat/dto";
import type { AckResult, RoomUsers } from "@/lib/realtime/events";
import { apiClient, uniqueName } from "./support/api";
import { registerAndSignIn, submitForm, submitNamedForm, type CookieJar } from "./support/http";
import { freshPgDatabase } from "./support/pg-database";
import { ReliableClient } from "./support/reliable-client";
import { startServer, type RunningServer } from "./support/server";
import { collect, connectAs, emitRaw, nextEvent } from "./support/socket";

let database: Awaited<ReturnType<typeof freshPgDatabase>>;
let a: RunningServer;
let b: RunningServer;

function redisUrl() {
  const url = process.env.TEST_REDIS_URL;
  if (!url) throw new Error("TEST_REDIS_URL is not set: start Redis (see README, Tests)");
  return url;
}

beforeAll(async () => {
  database = await freshPgDatabase("discock_cluster");
  const env = { DATABASE_URL: database.url, REDIS_URL: redisUrl(), PRESENCE_REFRESH_SECONDS: "1" };
  // Both at once on one fresh database: migrations and the default-room seed must not race.
  [a, b] = await Promise.all([startServer({ env }), startServer({ env })]);
}, 60_000);

afterAll(async () => {
  await Promise.allSettled([a?.stop(), b?.stop()]);
  await database?.drop();
});

/** The same account signed in on instance B too (the session lives in the shared database). */
async function signInOn(server: RunningServer, username: string, password: string): Promise<CookieJar> {
  const { response, jar } = await submitForm(server.url, "/login", { username, password });
  if (response.status !== 303) throw new Error(`login on ${server.url} answered ${response.status}`);
  return jar;
}

const ids = (users: PresenceUserDto[]) => users.map((user) => user.id).sort();

describe("two instances sharing PostgreSQL and Redis", () => {
  it("a city changed on one instance updates the person's sockets on the other, so its presence lists show it", async () => {
    const alice = await registerAndSignIn(a.url);
    const bob = await registerAndSignIn(a.url);
    const aliceOnB = await signInOn(b, alice.user.username, alice.user.password);
    const room = await apiClient(a.url, alice.jar).createRoom(uniqueName("Переезд"));
    const aliceSocket = await connectAs(b.url, aliceOnB);
    const bobSocket = await connectAs(a.url, bob.jar);
    const join = async (socket: typeof bobSocket) => (await emitRaw(socket, "join_room", { room_id: room.id })) as AckResult<RoomUsers>;
    await join(aliceSocket);
    const updated = nextEvent(bobSocket, "user_updated");

    const { html } = await submitNamedForm(a.url, "/settings", "Город", { city: "Тверь" }, alice.jar);
    expect(html).toContain("Город сохранён");
    expect((await updated).city).toBe("Тверь");

    // Bob's instance builds the list from Alice's socket on B: B must have refreshed its copy of her.
    await expect
      .poll(async () => {
        const ack = await join(bobSocket);
        await emitRaw(bobSocket, "leave_room", { room_id: room.id });
        return ack.ok ? ack.users.find((user) => user.username === alice.user.username)?.city : undefined;
      })
      .toBe("Тверь");
    aliceSocket.disconnect();
    bobSocket.disconnect();
  });

  it("a language chosen on one instance switches the person's sockets on the other at once", async () => {
    const alice = await registerAndSignIn(a.url);
    const aliceOnB = await signInOn(b, alice.user.username, alice.user.password);
    const socketOnB = await connectAs(b.url, aliceOnB, { "accept-language": "ru" });
    const refusal = async () => ((await emitRaw(socketOnB, "join_room", { room_id: 999_999_999 })) as AckResult<RoomUsers>);
    expect(await refusal()).toMatchObject({ ok: false, error: { message: "Комната не найдена" } });

    await submitNamedForm(a.url, "/settings", "Язык", { locale: "en" }, alice.jar);

    await expect.poll(async () => {
      const answer = await refusal();
      return answer.ok ? null : answer.error.message;
    }).toBe("Room not found");
    socketOnB.disconnect();
  });

  it("started together on one database with one default room, and report Redis in health", async () => {
    for (const server of [a, b]) {
      const health = await fetch(new URL("/api/health", server.url));
      expect(await health.json()).toEqual({ status: "ok", db: "ok", redis: "ok" });
    }
    const { jar } = await registerAndSignIn(a.url);
    const rooms = (await apiClient(b.url, jar).get("/api/rooms")).body as { name: string }[];
    expect(rooms.filter((room) => room.name === "Общий чат")).toHaveLength(1);
  });

  it("delivers messages, presence and room events across instances, and counts a person on both once", async () => {
    const alice = await registerAndSignIn(a.url);
    const bob = await registerAndSignIn(b.url);
    const aliceOnB = await signInOn(b, alice.user.username, alice.user.password);

    const bobSocket = await connectAs(b.url, bob.jar);
    const roomCreated = nextEvent(bobSocket, "room_created");
    const room = await apiClient(a.url, alice.jar).createRoom(uniqueName("Кластер"));
    expect(await roomCreated).toEqual({
      ...room,
      my_role: null,
      permissions: { ...room.permissions, manage: false, delete: false, manage_members: false, moderate: false, set_roles: false, audit: false },
    });

    const aliceSocket = await connectAs(a.url, alice.jar);
    const aliceSecondTab = await connectAs(b.url, aliceOnB);
    const join = async (socket: typeof bobSocket) => (await emitRaw(socket, "join_room", { room_id: room.id })) as AckResult<RoomUsers>;
    await join(bobSocket);
    const bobSeesAlice = collect(bobSocket, "joined_room");
    await join(aliceSocket);
    const last = await join(aliceSecondTab);
    if (!last.ok) throw new Error(last.error.message);
    const aliceId = last.users.find((user) => user.username === alice.user.username)?.id;
    expect(last.users).toHaveLength(2);
    await expect.poll(() => bobSeesAlice.length).toBe(1);
    expect(bobSeesAlice[0]?.user.id).toBe(aliceId);

    const toBob = nextEvent(bobSocket, "new_message");
    await emitRaw(aliceSocket, "send_message", { room_id: room.id, content: "с A на B" });
    expect((await toBob).content).toBe("с A на B");
    const toAlice = nextEvent(aliceSocket, "new_message");
    await emitRaw(bobSocket, "send_message", { room_id: room.id, content: "с B на A" });
    expect((await toAlice).content).toBe("с B на A");

    for (const socket of [bobSocket, aliceSocket, aliceSecondTab]) socket.disconnect();
  });

  it("edits, replies, reactions, deletions and typing reach the other instance, typing throttled across both", async () => {
    const alice = await registerAndSignIn(a.url);
    const bob = await registerAndSignIn(b.url);
    const aliceOnB = await signInOn(b, alice.user.username, alice.user.password);
    const room = await apiClient(a.url, alice.jar).createRoom(uniqueName("Правки"));
    const aliceSocket = await connectAs(a.url, alice.jar);
    const aliceOnBSocket = await connectAs(b.url, aliceOnB);
    const bobSocket = await connectAs(b.url, bob.jar);
    for (const socket of [aliceSocket, aliceOnBSocket, bobSocket]) await emitRaw(socket, "join_room", { room_id: room.id });
    const sent = (await emitRaw(aliceSocket, "send_message", { room_id: room.id, content: "на A" })) as AckResult<{ message: MessageDto }>;
    if (!sent.ok) throw new Error(sent.error.message);
    const id = sent.message.id;

    const updated = nextEvent(bobSocket, "message_updated");
    await emitRaw(aliceSocket, "edit_message", { message_id: id, content: "исправлено на A" });
    expect((await updated).content).toBe("исправлено на A");
    const reaction = nextEvent(aliceSocket, "reaction_added");
    await emitRaw(bobSocket, "add_reaction", { message_id: id, emoji: "👍" });
    expect(await reaction).toMatchObject({ message_id: id, emoji: "👍" });
    const reply = nextEvent(aliceSocket, "new_message");
    await emitRaw(bobSocket, "send_message", { room_id: room.id, content: "ответ с B", reply_to_id: id });
    expect((await reply).reply_to).toMatchObject({ id, content: "исправлено на A" });
    const deleted = nextEvent(bobSocket, "message_deleted");
    await emitRaw(aliceSocket, "delete_message", { message_id: id });
    expect(await deleted).toMatchObject({ id, room_id: room.id });

    // Alice types in both tabs, one on each instance: Bob hears her once, however many signals, and her tabs never do.
    const bobHears = collect(bobSocket, "typing");
    const aliceHears = collect(aliceOnBSocket, "typing");
    for (let i = 0; i < 10; i++) {
      emitRaw(aliceSocket, "typing", { room_id: room.id }).catch(() => undefined);
      emitRaw(aliceOnBSocket, "typing", { room_id: room.id }).catch(() => undefined);
    }
    await expect.poll(() => bobHears.length).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(bobHears).toHaveLength(1);
    expect(aliceHears).toEqual([]);
    for (const socket of [aliceSocket, aliceOnBSocket, bobSocket]) socket.disconnect();
  });

  it("re-sends a room's presence list only when it changed", async () => {
    const erin = await registerAndSignIn(a.url);
    const room = await apiClient(a.url, erin.jar).createRoom(uniqueName("Тишина"));
    const socket = await connectAs(a.url, erin.jar);
    const lists = collect(socket, "room_users_list");
    await emitRaw(socket, "join_room", { room_id: room.id });

    // The join's own list, then the refresher's first look at the room (it has not sent this room's list
    // yet): without a running refresher the second never comes.
    await expect.poll(() => lists.length, { timeout: 5_000 }).toBe(2);
    // Two more refresh periods with nobody coming or going: nothing more, not one list per period.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(lists).toHaveLength(2);

    socket.disconnect();
  });

  it("keeps serving when one instance dies, with complete views and without its users in presence", async () => {
    const carol = await registerAndSignIn(b.url);
    const dave = await registerAndSignIn(a.url);
    const room = await apiClient(b.url, carol.jar).createRoom(uniqueName("Падение"));
    const survivor = new ReliableClient(b.url, carol.jar, room.id);
    const doomed = new ReliableClient(a.url, dave.jar, room.id);
    await expect.poll(() => survivor.socket.connected && doomed.socket.connected).toBe(true);

    const lists: RoomUsers[] = [];
    survivor.socket.on("room_users_list", (list) => lists.push(list));
    await expect.poll(() => ids(lists.at(-1)?.users ?? []).length, { timeout: 10_000 }).toBe(2);

    await survivor.send("до падения", `cluster-${room.id}-before`);
    await a.stop("SIGKILL");
    doomed.close();

    const after = await survivor.send("после падения", `cluster-${room.id}-after`);
    const stored = await apiClient(b.url, carol.jar).messages(room.id);
    expect(stored.map((message) => message.content)).toEqual(["до падения", "после падения"]);
    await expect.poll(() => survivor.ids()).toEqual(stored.map((message) => message.id));
    expect(after.id).toBe(stored.at(-1)?.id);

    await expect.poll(() => (lists.at(-1)?.users ?? []).map((user) => user.username), { timeout: 10_000 }).toEqual([carol.user.username]);
    survivor.close();
  });
});
