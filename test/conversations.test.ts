import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MessageDto } from "@/lib/chat/dto";
import type { AckResult } from "@/lib/realtime/events";
import { apiClient, uniqueName } from "./support/api";
import { queryDatabase } from "./support/db";
import { registerAndSignIn } from "./support/http";
import { startServer, type RunningServer } from "./support/server";
import { collect, connectAs, emitRaw, emitWithoutAck, nextEvent, settle } from "./support/socket";

let server: RunningServer;

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  await server.stop();
});

type MessageAck = AckResult<{ message: MessageDto }>;

async function twoInARoom() {
  const anna = await registerAndSignIn(server.url);
  const boris = await registerAndSignIn(server.url);
  const room = await apiClient(server.url, anna.jar).createRoom(uniqueName("беседа"));
  const annaSocket = await connectAs(server.url, anna.jar);
  const borisSocket = await connectAs(server.url, boris.jar);
  for (const socket of [annaSocket, borisSocket]) await emitRaw(socket, "join_room", { room_id: room.id });
  return { anna, boris, room, annaSocket, borisSocket };
}

const ok = (ack: unknown): MessageDto => {
  const result = ack as MessageAck;
  if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.error)}`);
  return result.message;
};

const storedRow = (id: number) =>
  queryDatabase<{ content: string; deleted_at: number | null; edited_at: number | null }>(
    server.databaseFile,
    "select content, deleted_at, edited_at from messages where id = ?",
    id,
  )[0];

describe("conversations over sockets", () => {
  it("an edit, a reply, a reaction and a deletion reach the other client as they happen", async () => {
    const { room, annaSocket, borisSocket } = await twoInARoom();
    const sent = ok(await emitRaw(annaSocket, "send_message", { room_id: room.id, content: "опечтка" }));

    const updated = nextEvent(borisSocket, "message_updated");
    const edited = ok(await emitRaw(annaSocket, "edit_message", { message_id: sent.id, content: "опечатка" }));
    expect(await updated).toEqual(edited);
    expect(edited).toMatchObject({ content: "опечатка", deleted: false });
    expect(storedRow(sent.id)?.content).toBe("опечатка");

    const replyArrives = nextEvent(annaSocket, "new_message");
    const reply = ok(await emitRaw(borisSocket, "send_message", { room_id: room.id, content: "ок", reply_to_id: sent.id }));
    expect((await replyArrives).reply_to).toEqual({ id: sent.id, username: edited.username, content: "опечатка", deleted: false });

    const reacted = nextEvent(annaSocket, "reaction_added");
    const withReaction = ok(await emitRaw(borisSocket, "add_reaction", { message_id: sent.id, emoji: "👍" }));
    expect(withReaction.reactions).toEqual([{ emoji: "👍", count: 1, me: true }]);
    expect(await reacted).toEqual({ message_id: sent.id, room_id: room.id, emoji: "👍", user_id: reply.user_id, version: withReaction.version });

    const deletion = nextEvent(borisSocket, "message_deleted");
    const tombstone = ok(await emitRaw(annaSocket, "delete_message", { message_id: sent.id }));
    expect(await deletion).toEqual({ id: sent.id, room_id: room.id, version: tombstone.version });
    expect(tombstone).toMatchObject({ content: "", deleted: true, reactions: [] });
    expect(storedRow(sent.id)).toMatchObject({ content: "", deleted_at: expect.any(Number) as number });
    annaSocket.disconnect();
    borisSocket.disconnect();
  });

  it("refuses what a user may not do with the right codes, changing nothing", async () => {
    const { room, annaSocket, borisSocket } = await twoInARoom();
    const sent = ok(await emitRaw(annaSocket, "send_message", { room_id: room.id, content: "моё" }));

    expect(await emitRaw(borisSocket, "edit_message", { message_id: sent.id, content: "чужое" })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(await emitRaw(borisSocket, "delete_message", { message_id: sent.id })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(await emitRaw(borisSocket, "edit_message", { message_id: 999_999_999, content: "x" })).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect(await emitRaw(borisSocket, "add_reaction", { message_id: sent.id, emoji: "нет" })).toMatchObject({
      ok: false,
      error: { code: "invalid_input", fields: { emoji: { code: "emoji_invalid", message: "Реакция — это один эмодзи" } } },
    });
    expect(await emitRaw(borisSocket, "edit_message", "мусор")).toMatchObject({ ok: false, error: { code: "invalid_input" } });
    expect(storedRow(sent.id)).toEqual({ content: "моё", deleted_at: null, edited_at: null });
    annaSocket.disconnect();
    borisSocket.disconnect();
  });

  it("typing reaches the others in the room, not the typist's own tabs, at most once per 3 s", async () => {
    const { room, anna, annaSocket, borisSocket } = await twoInARoom();
    const annaSecondTab = await connectAs(server.url, anna.jar);
    await emitRaw(annaSecondTab, "join_room", { room_id: room.id });
    const borisSees = collect(borisSocket, "typing");
    const annaSees = collect(annaSecondTab, "typing");

    for (let i = 0; i < 20; i++) emitWithoutAck(annaSocket, "typing", { room_id: room.id });
    emitWithoutAck(annaSocket, "typing", { room_id: room.id, stopped: true });
    await settle(annaSocket);
    await settle(borisSocket);

    const user = { id: userIdOf(anna.user.username), username: anna.user.username };
    expect(borisSees).toEqual([
      { room_id: room.id, user },
      { room_id: room.id, user, stopped: true },
    ]);
    expect(annaSees).toEqual([]);
    for (const socket of [annaSocket, borisSocket, annaSecondTab]) socket.disconnect();
  });
});

const userIdOf = (username: string) => queryDatabase<{ id: number }>(server.databaseFile, "select id from users where username = ?", username)[0]?.id;

describe("conversations over HTTP", () => {
  it("PATCH and DELETE a message, PUT and DELETE a URL-encoded reaction idempotently, and list who reacted", async () => {
    const { anna, boris, room, annaSocket, borisSocket } = await twoInARoom();
    const annaApi = apiClient(server.url, anna.jar);
    const borisApi = apiClient(server.url, boris.jar);
    const sent = await annaApi.postMessage(room.id, "первое");
    const base = `/api/messages/${room.id}/${sent.id}`;
    const emoji = encodeURIComponent("👨‍👩‍👧");

    expect(await annaApi.patch(base, { content: "исправлено" })).toMatchObject({ status: 200, body: { content: "исправлено" } });
    expect(await borisApi.patch(base, { content: "моё теперь" })).toMatchObject({ status: 403, body: { code: "forbidden" } });
    expect(await annaApi.patch(`/api/messages/${room.id + 100_000}/${sent.id}`, { content: "не там" })).toMatchObject({ status: 404 });

    const added = collect(annaSocket, "reaction_added");
    for (let i = 0; i < 2; i++) expect((await borisApi.call("PUT", `${base}/reactions/${emoji}`)).status).toBe(204);
    expect(await borisApi.get(`${base}/reactions/${emoji}`)).toEqual({ status: 200, body: [{ id: expect.any(Number) as number, username: boris.user.username }] });
    expect((await borisApi.call("PUT", `${base}/reactions/${encodeURIComponent("ab")}`)).status).toBe(400);
    await settle(annaSocket);
    expect(added).toHaveLength(1);
    expect((await annaApi.messages(room.id)).find((m) => m.id === sent.id)?.reactions).toEqual([{ emoji: "👨‍👩‍👧", count: 1, me: false }]);
    for (let i = 0; i < 2; i++) expect((await borisApi.delete(`${base}/reactions/${emoji}`)).status).toBe(204);

    const reply = await borisApi.post(`/api/messages/${room.id}`, { content: "ответ", reply_to_id: sent.id });
    expect(reply).toMatchObject({ status: 201, body: { reply_to: { id: sent.id, content: "исправлено" } } });
    expect((await borisApi.post(`/api/messages/${room.id}`, { content: "x", reply_to_id: sent.id + 1_000_000 })).status).toBe(400);
    expect(await annaApi.delete(base)).toMatchObject({ status: 200, body: { id: sent.id, deleted: true, content: "" } });
    expect(await annaApi.delete(base)).toMatchObject({ status: 404 });
    annaSocket.disconnect();
    borisSocket.disconnect();
  });

  it("GET ?around=<id> returns the page about a message, and refuses around with another cursor", async () => {
    const { anna, room, annaSocket, borisSocket } = await twoInARoom();
    const api = apiClient(server.url, anna.jar);
    const ids: number[] = [];
    for (let i = 0; i < 30; i++) ids.push((await api.postMessage(room.id, `№${i}`)).id);

    expect((await api.messages(room.id, `?around=${ids[10]}&limit=10`)).map((m) => m.id)).toEqual(ids.slice(5, 15));
    expect((await api.get(`/api/messages/${room.id}?around=${ids[10]}&before=${ids[12]}`)).status).toBe(400);
    annaSocket.disconnect();
    borisSocket.disconnect();
  });
});

describe("a client that was away", () => {
  it("catches up on an edit, a deletion and a reaction through changed_after, without reloading", async () => {
    const { anna, boris, room, annaSocket, borisSocket } = await twoInARoom();
    const annaApi = apiClient(server.url, anna.jar);
    const kept = await annaApi.postMessage(room.id, "останется");
    const removed = await annaApi.postMessage(room.id, "уйдёт");
    const cursor = Math.max(kept.version, removed.version);
    borisSocket.disconnect();

    ok(await emitRaw(annaSocket, "edit_message", { message_id: kept.id, content: "изменено" }));
    ok(await emitRaw(annaSocket, "add_reaction", { message_id: kept.id, emoji: "🔥" }));
    ok(await emitRaw(annaSocket, "delete_message", { message_id: removed.id }));

    const missed = await apiClient(server.url, boris.jar).messages(room.id, `?changed_after=${cursor}`);
    const byId = new Map(missed.map((m) => [m.id, m]));
    expect(byId.get(kept.id)).toMatchObject({ content: "изменено", reactions: [{ emoji: "🔥", count: 1, me: false }] });
    expect(byId.get(kept.id)?.edited_at).not.toBeNull();
    expect(byId.get(removed.id)).toMatchObject({ content: "", deleted: true });
    annaSocket.disconnect();
  });
});
