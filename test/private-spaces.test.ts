import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MemberListDto, ProfileDto, RoomDto } from "@/lib/chat/dto";
import type { ServerToClientEvents } from "@/lib/realtime/events";
import { apiClient, uniqueName } from "./support/api";
import { queryDatabase } from "./support/db";
import { registerAndSignIn, submitForm, type CookieJar } from "./support/http";
import { freshPgDatabase } from "./support/pg-database";
import { startServer, type RunningServer } from "./support/server";
import { connectAs, emitRaw, settle, type ClientSocket } from "./support/socket";

/**
 * An outsider learns nothing of a private room or a conversation: not in their room list, 404 on every
 * route, `join_room` refused, and no event of it reaches their sockets — on one instance, and on two
 * sharing Redis with the outsider on the other one. Someone kicked or banned stops hearing the room at
 * once and cannot catch up on what came after.
 */

type Setup = { name: string; servers: () => [RunningServer, RunningServer] };

let single: RunningServer;
let pgDatabase: Awaited<ReturnType<typeof freshPgDatabase>>;
let a: RunningServer;
let b: RunningServer;

beforeAll(async () => {
  const redis = process.env.TEST_REDIS_URL;
  if (!redis) throw new Error("TEST_REDIS_URL is not set: start Redis (see README, Tests)");
  pgDatabase = await freshPgDatabase("discock_private");
  const env = { DATABASE_URL: pgDatabase.url, REDIS_URL: redis };
  [single, a, b] = await Promise.all([startServer(), startServer({ env }), startServer({ env })]);
}, 90_000);

afterAll(async () => {
  await Promise.allSettled([single?.stop(), a?.stop(), b?.stop()]);
  await pgDatabase?.drop();
});

const SETUPS: Setup[] = [
  { name: "one instance", servers: () => [single, single] },
  { name: "two instances through Redis", servers: () => [a, b] },
];

/** Every event a socket hears, in order. */
function recorder(socket: ClientSocket) {
  const heard: { event: string; payload: unknown }[] = [];
  socket.onAny((event: string, payload: unknown) => heard.push({ event, payload }));
  return heard;
}

const mentions = (heard: { event: string; payload: unknown }[], roomId: number, secret: string) =>
  heard.filter(({ payload }) => {
    const text = JSON.stringify(payload ?? null);
    return text.includes(secret) || (typeof payload === "object" && payload !== null && "room_id" in payload && payload.room_id === roomId);
  });

async function signIn(server: RunningServer, username: string, password: string): Promise<CookieJar> {
  const { jar } = await submitForm(server.url, "/login", { username, password });
  return jar;
}

async function person(home: RunningServer, other: RunningServer) {
  const signedUp = await registerAndSignIn(home.url);
  const jarOther = home === other ? signedUp.jar : await signIn(other, signedUp.user.username, signedUp.user.password);
  const api = apiClient(home.url, signedUp.jar);
  const profile = await api.get(`/api/users?username=${encodeURIComponent(signedUp.user.username)}`);
  if (profile.status !== 200) throw new Error(`no profile for ${signedUp.user.username}: ${profile.status}`);
  const user = { ...signedUp.user, id: (profile.body as ProfileDto).id };
  return { ...signedUp, user, api, apiOther: apiClient(other.url, jarOther), jarOther };
}

describe.each(SETUPS)("private spaces: $name", ({ servers }) => {
  it("an outsider sees nothing of a private room: list, routes, join, events", async () => {
    const [home, away] = servers();
    const owner = await person(home, away);
    const member = await person(home, away);
    const outsider = await person(away, away);
    const secret = uniqueName("тайна");
    const created = await owner.api.post("/api/rooms", { name: uniqueName("штаб"), visibility: "private" });
    expect(created.status).toBe(201);
    const room = created.body as RoomDto;
    expect(room).toMatchObject({ kind: "private", my_role: "owner", permissions: { invite: true, manage_members: true } });
    expect((await owner.api.post(`/api/rooms/${room.id}/members`, { username: member.user.username })).status).toBe(201);

    const ownerSocket = await connectAs(home.url, owner.jar);
    const memberSocket = await connectAs(away.url, member.jarOther);
    const outsiderSocket = await connectAs(away.url, outsider.jar);
    const heard = recorder(outsiderSocket);
    const memberHeard = recorder(memberSocket);
    for (const socket of [ownerSocket, memberSocket]) expect(await emitRaw(socket, "join_room", { room_id: room.id })).toMatchObject({ ok: true });

    // The outsider tries every door.
    expect(await emitRaw(outsiderSocket, "join_room", { room_id: room.id })).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect(await emitRaw(outsiderSocket, "send_message", { room_id: room.id, content: "тук-тук" })).toMatchObject({ ok: false, error: { code: "not_found" } });
    emitRaw(outsiderSocket, "typing", { room_id: room.id }).catch(() => {});
    const rooms = (await outsider.api.get("/api/rooms")).body as RoomDto[];
    expect(rooms.map((r) => r.id)).not.toContain(room.id);

    // The members talk, edit, react, type, and the owner moderates.
    const sent = (await emitRaw(ownerSocket, "send_message", { room_id: room.id, content: secret })) as { ok: true; message: { id: number } };
    expect(sent.ok).toBe(true);
    await emitRaw(ownerSocket, "edit_message", { message_id: sent.message.id, content: `${secret}!` });
    await emitRaw(memberSocket, "add_reaction", { message_id: sent.message.id, emoji: "🔥" });
    await emitRaw(memberSocket, "typing", { room_id: room.id });
    await owner.api.patch(`/api/rooms/${room.id}/members/${member.user.id}`, { role: "moderator" });
    await owner.api.patch(`/api/rooms/${room.id}`, { description: secret });

    const paths = [
      ["GET", `/api/messages/${room.id}`],
      ["GET", `/api/messages/${room.id}?changed_after=0`],
      ["POST", `/api/messages/${room.id}`, { content: "x" }],
      ["PATCH", `/api/messages/${room.id}/${sent.message.id}`, { content: "x" }],
      ["DELETE", `/api/messages/${room.id}/${sent.message.id}`],
      ["PUT", `/api/messages/${room.id}/${sent.message.id}/reactions/${encodeURIComponent("🔥")}`],
      ["GET", `/api/messages/${room.id}/${sent.message.id}/reactions/${encodeURIComponent("🔥")}`],
      ["PATCH", `/api/rooms/${room.id}`, { name: "x" }],
      ["DELETE", `/api/rooms/${room.id}`],
      ["GET", `/api/rooms/${room.id}/members`],
      ["POST", `/api/rooms/${room.id}/members`, { username: outsider.user.username }],
      ["PATCH", `/api/rooms/${room.id}/members/${member.user.id}`, { role: "member" }],
      ["DELETE", `/api/rooms/${room.id}/members/${member.user.id}`],
      ["DELETE", `/api/rooms/${room.id}/members/${outsider.user.id}`],
      ["GET", `/api/rooms/${room.id}/bans`],
      ["POST", `/api/rooms/${room.id}/bans`, { user_id: member.user.id }],
      ["DELETE", `/api/rooms/${room.id}/bans/${member.user.id}`],
      ["POST", `/api/rooms/${room.id}/timeouts`, { user_id: member.user.id, seconds: 60 }],
      ["DELETE", `/api/rooms/${room.id}/timeouts/${member.user.id}`],
      ["GET", `/api/rooms/${room.id}/audit`],
    ] as const;
    for (const [method, path, body] of paths) {
      const answer = await outsider.apiOther.call(method, path, body);
      expect({ method, path, status: answer.status, code: (answer.body as { code?: string } | null)?.code }).toEqual({
        method,
        path,
        status: 404,
        code: "not_found",
      });
    }

    await settle(outsiderSocket);
    await settle(memberSocket);
    expect(mentions(heard, room.id, secret)).toEqual([]);
    // The same events did reach a member, so silence above is not an accident of timing.
    const memberEvents = new Set(memberHeard.map(({ event }) => event));
    for (const event of ["new_message", "message_updated", "member_updated", "room_updated"] as (keyof ServerToClientEvents)[]) expect(memberEvents).toContain(event);
    // Nothing the outsider tried changed anything.
    expect((await owner.api.get(`/api/rooms/${room.id}/members`)).body as MemberListDto).toMatchObject({ others: 0 });
    expect(((await owner.api.get(`/api/rooms/${room.id}/members`)).body as MemberListDto).members.map((m) => m.id).sort()).toEqual(
      [owner.user.id, member.user.id].sort(),
    );
    for (const socket of [ownerSocket, memberSocket, outsiderSocket]) socket.disconnect();
  });

  it("a direct conversation: the same two people find the same one, nobody else sees it, a block closes it", async () => {
    const [home, away] = servers();
    const anna = await person(home, away);
    const boris = await person(away, away);
    const outsider = await person(away, away);
    const secret = uniqueName("лично");

    const [first, second] = await Promise.all([
      anna.api.post("/api/dms", { usernames: [boris.user.username] }),
      boris.api.post("/api/dms", { usernames: [anna.user.username] }),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 201]);
    const dm = first.body as RoomDto;
    expect((second.body as RoomDto).id).toBe(dm.id);
    expect(dm).toMatchObject({ kind: "direct", my_role: null, permissions: { send: true, manage: false, leave: false } });
    expect(dm.members?.map((m) => m.id).sort()).toEqual([anna.user.id, boris.user.id].sort());

    const outsiderSocket = await connectAs(away.url, outsider.jar);
    const heard = recorder(outsiderSocket);
    const annaSocket = await connectAs(home.url, anna.jar);
    const borisSocket = await connectAs(away.url, boris.jar);
    for (const socket of [annaSocket, borisSocket]) expect(await emitRaw(socket, "join_room", { room_id: dm.id })).toMatchObject({ ok: true });
    expect(await emitRaw(outsiderSocket, "join_room", { room_id: dm.id })).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect(await emitRaw(annaSocket, "send_message", { room_id: dm.id, content: secret })).toMatchObject({ ok: true });
    await emitRaw(borisSocket, "typing", { room_id: dm.id });
    expect((await outsider.api.get(`/api/messages/${dm.id}`)).status).toBe(404);
    expect(((await outsider.api.get("/api/rooms")).body as RoomDto[]).map((r) => r.id)).not.toContain(dm.id);
    expect((await outsider.api.post(`/api/rooms/${dm.id}/members`, { username: outsider.user.username })).status).toBe(404);
    await settle(outsiderSocket);
    expect(mentions(heard, dm.id, secret)).toEqual([]);

    // Boris blocks Anna: she can neither write there nor open it again, and is told why.
    expect((await boris.api.call("PUT", `/api/users/${anna.user.id}/block`)).status).toBe(204);
    expect(await emitRaw(annaSocket, "send_message", { room_id: dm.id, content: "ответь" })).toMatchObject({
      ok: false,
      error: { code: "forbidden", message: expect.stringMatching(/заблокировал/) as unknown },
    });
    expect((await anna.api.post("/api/dms", { usernames: [boris.user.username] })).status).toBe(403);
    expect((await boris.api.call("DELETE", `/api/users/${anna.user.id}/block`)).status).toBe(204);
    expect(await emitRaw(annaSocket, "send_message", { room_id: dm.id, content: "снова" })).toMatchObject({ ok: true });
    for (const socket of [annaSocket, borisSocket, outsiderSocket]) socket.disconnect();
  });

  it("a kicked or banned member stops hearing the room at once, on every instance, and cannot catch up", async () => {
    const [home, away] = servers();
    const owner = await person(home, away);
    const kicked = await person(away, away);
    const banned = await person(away, away);
    const room = (await owner.api.post("/api/rooms", { name: uniqueName("клуб"), visibility: "private" })).body as RoomDto;
    for (const who of [kicked, banned]) expect((await owner.api.post(`/api/rooms/${room.id}/members`, { username: who.user.username })).status).toBe(201);
    const ownerSocket = await connectAs(home.url, owner.jar);
    const kickedSocket = await connectAs(away.url, kicked.jar);
    const bannedSocket = await connectAs(away.url, banned.jar);
    for (const socket of [ownerSocket, kickedSocket, bannedSocket]) expect(await emitRaw(socket, "join_room", { room_id: room.id })).toMatchObject({ ok: true });
    const kickedHeard = recorder(kickedSocket);
    const bannedHeard = recorder(bannedSocket);
    const before = (await emitRaw(ownerSocket, "send_message", { room_id: room.id, content: "до" })) as { message: { version: number } };

    const lost = Promise.all(
      [kickedSocket, bannedSocket].map(
        (socket) => new Promise<number>((resolve) => socket.once("room_access_lost", (payload) => resolve(payload.room_id))),
      ),
    );
    const started = Date.now();
    expect((await owner.api.delete(`/api/rooms/${room.id}/members/${kicked.user.id}`)).status).toBe(204);
    expect((await owner.api.post(`/api/rooms/${room.id}/bans`, { user_id: banned.user.id, reason: "флуд" })).status).toBe(204);
    expect(await lost).toEqual([room.id, room.id]);
    expect(Date.now() - started).toBeLessThan(1000);
    for (const heard of [kickedHeard, bannedHeard]) heard.length = 0;

    const after = uniqueName("после");
    await emitRaw(ownerSocket, "send_message", { room_id: room.id, content: after });
    await settle(kickedSocket);
    await settle(bannedSocket);
    for (const heard of [kickedHeard, bannedHeard]) expect(heard.filter(({ event }) => event === "new_message")).toEqual([]);
    for (const who of [kicked, banned]) {
      expect((await who.api.get(`/api/messages/${room.id}?changed_after=${before.message.version}`)).status).toBe(404);
      expect((await who.api.post(`/api/messages/${room.id}`, { content: "я тут" })).status).toBe(404);
    }
    // The banned cannot be invited back until unbanned; the kicked can.
    expect((await owner.api.post(`/api/rooms/${room.id}/members`, { username: banned.user.username })).status).toBe(403);
    expect((await owner.api.post(`/api/rooms/${room.id}/members`, { username: kicked.user.username })).status).toBe(201);
    const audit = (await owner.api.get(`/api/rooms/${room.id}/audit`)).body as { entries: { action: string; reason: string }[] };
    expect(audit.entries.slice(0, 3).map((entry) => entry.action)).toEqual(["invite", "ban", "kick"]);
    expect(audit.entries[1]?.reason).toBe("флуд");
    for (const socket of [ownerSocket, kickedSocket, bannedSocket]) socket.disconnect();
  });
});

describe("moderation on one instance", () => {
  it("a moderator deletes a member's message and times them out; the member cannot send, react or type until it ends", async () => {
    const owner = await person(single, single);
    const moderator = await person(single, single);
    const troll = await person(single, single);
    const room = (await owner.api.post("/api/rooms", { name: uniqueName("форум") })).body as RoomDto;
    const sockets = await Promise.all([owner, moderator, troll].map((who) => connectAs(single.url, who.jar)));
    for (const socket of sockets) expect(await emitRaw(socket, "join_room", { room_id: room.id })).toMatchObject({ ok: true });
    const [, moderatorSocket, trollSocket] = sockets as [ClientSocket, ClientSocket, ClientSocket];
    expect((await owner.api.patch(`/api/rooms/${room.id}/members/${moderator.user.id}`, { role: "moderator" })).status).toBe(200);
    // A moderator cannot touch the owner, nor promote anyone.
    expect((await moderator.api.post(`/api/rooms/${room.id}/timeouts`, { user_id: owner.user.id, seconds: 60 })).status).toBe(403);
    expect((await moderator.api.patch(`/api/rooms/${room.id}/members/${troll.user.id}`, { role: "moderator" })).status).toBe(403);

    const spam = (await emitRaw(trollSocket, "send_message", { room_id: room.id, content: "спам" })) as { message: { id: number } };
    expect(await emitRaw(moderatorSocket, "delete_message", { message_id: spam.message.id })).toMatchObject({ ok: true, message: { deleted: true } });
    const timedOut = await moderator.api.post(`/api/rooms/${room.id}/timeouts`, { user_id: troll.user.id, seconds: 600, reason: "спам" });
    expect(timedOut).toMatchObject({ status: 200, body: { id: troll.user.id, timed_out_until: expect.any(String) as unknown } });

    const count = () => queryDatabase<{ n: number }>(single.databaseFile, "select count(*) as n from messages where room_id = ?", room.id)[0]?.n;
    const stored = count();
    expect(await emitRaw(trollSocket, "send_message", { room_id: room.id, content: "ещё" })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect((await troll.api.post(`/api/messages/${room.id}`, { content: "ещё" })).status).toBe(403);
    expect(count()).toBe(stored);
    const own = (await emitRaw(moderatorSocket, "send_message", { room_id: room.id, content: "правила" })) as { message: { id: number } };
    expect(await emitRaw(trollSocket, "add_reaction", { message_id: own.message.id, emoji: "👎" })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    // Bad input changes nothing and says why.
    expect((await moderator.api.post(`/api/rooms/${room.id}/timeouts`, { user_id: troll.user.id, seconds: 30 })).status).toBe(400);

    expect((await moderator.api.delete(`/api/rooms/${room.id}/timeouts/${troll.user.id}`)).status).toBe(204);
    expect(await emitRaw(trollSocket, "send_message", { room_id: room.id, content: "извините" })).toMatchObject({ ok: true });
    const audit = (await owner.api.get(`/api/rooms/${room.id}/audit`)).body as { entries: { action: string }[] };
    expect(audit.entries.map((entry) => entry.action)).toEqual(["timeout", "timeout", "message_delete", "role_change"]);
    expect((await troll.api.get(`/api/rooms/${room.id}/audit`)).status).toBe(403);
    for (const socket of sockets) socket.disconnect();
  });
});
