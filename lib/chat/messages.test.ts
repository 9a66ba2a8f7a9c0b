import { describe, expect, it } from "vitest";
import { listMessages, postMessage, sendMessage } from "./messages";
import { createRoom } from "./rooms";
import { openChat, refusal } from "./testing/harness";

describe("sendMessage", () => {
  it("stores the message and publishes it to the room once", async () => {
    const chat = await openChat();
    const { actor, user } = await chat.signIn();

    const dto = await sendMessage(chat.deps, actor, { room_id: chat.defaultRoom.id, content: "  привет  ", client_id: "client-0001" });

    expect(dto).toMatchObject({ content: "привет", room_id: chat.defaultRoom.id, user_id: user.id, username: user.username, user_city: "Омск" });
    expect(await chat.store.getMessage(dto.id)).toMatchObject({ content: "привет", clientId: "client-0001", userId: user.id });
    expect(chat.events.published).toEqual([{ event: "new_message", payload: dto, audience: { to: "room", roomId: chat.defaultRoom.id } }]);
  });

  it("stores and publishes a retried client_id once, answering the retry with the stored message", async () => {
    const chat = await openChat();
    const { actor } = await chat.signIn();
    const send = { room_id: chat.defaultRoom.id, content: "once", client_id: "retry-me-1" };

    const first = await sendMessage(chat.deps, actor, send);
    const retry = await sendMessage(chat.deps, actor, send);

    expect(retry).toEqual(first);
    expect(chat.rows("messages")).toBe(1);
    expect(chat.events.published).toHaveLength(1);
  });

  it("answers a missing room with not_found, storing nothing", async () => {
    const chat = await openChat();
    const { actor } = await chat.signIn();

    await refusal(sendMessage(chat.deps, actor, { room_id: 999_999, content: "into the void" }), "not_found");

    expect(chat.rows("messages")).toBe(0);
    expect(chat.events.published).toEqual([]);
  });

  it("refuses a sender whose session has ended, storing nothing", async () => {
    const chat = await openChat();
    const { actor } = await chat.signIn();
    await chat.store.deleteSession(actor.sessionId);

    const err = await refusal(sendMessage(chat.deps, actor, { room_id: chat.defaultRoom.id, content: "ghost", client_id: "ghost-001" }), "unauthorized");

    expect(err.key).toBe("session_ended");
    expect(chat.rows("messages")).toBe(0);
    expect(chat.events.published).toEqual([]);
  });

  it("stores and publishes once when the same client_id arrives several times at once", async () => {
    const chat = await openChat();
    const { actor } = await chat.signIn();
    const send = { room_id: chat.defaultRoom.id, content: "racing", client_id: "race-0001" };

    const acks = await Promise.all(Array.from({ length: 5 }, () => sendMessage(chat.deps, actor, send)));

    expect(new Set(acks.map((m) => m.id)).size).toBe(1);
    expect(chat.rows("messages")).toBe(1);
    expect(chat.events.published).toHaveLength(1);
  });

  it("still acks a retry of what was stored before the session ended, publishing nothing new", async () => {
    const chat = await openChat();
    const { actor } = await chat.signIn();
    const send = { room_id: chat.defaultRoom.id, content: "sent just in time", client_id: "late-ack-1" };
    const first = await sendMessage(chat.deps, actor, send);
    await chat.store.deleteSession(actor.sessionId);

    expect(await sendMessage(chat.deps, actor, send)).toEqual(first);

    await refusal(sendMessage(chat.deps, actor, { ...send, client_id: "late-ack-2" }), "unauthorized");
    expect(chat.rows("messages")).toBe(1);
    expect(chat.events.published).toHaveLength(1);
  });

  it("refuses a deactivated sender whose session is still in the table", async () => {
    const chat = await openChat();
    const { actor, user } = await chat.signIn();
    await chat.store.setUserActive(user.id, false);

    await refusal(sendMessage(chat.deps, actor, { room_id: chat.defaultRoom.id, content: "banned" }), "unauthorized");

    expect(chat.rows("messages")).toBe(0);
  });

  it("limits a sender's rate, storing nothing it refuses and saying when to retry", async () => {
    const chat = await openChat({ messagesPerWindow: 2, messageWindowSeconds: 60 });
    const { actor } = await chat.signIn();
    const other = await chat.signIn();

    const outcomes = [];
    for (let i = 0; i < 10; i++) {
      outcomes.push(await sendMessage(chat.deps, actor, { room_id: chat.defaultRoom.id, content: `m${i}` }).then(() => null, (err: unknown) => err));
    }
    const refused = outcomes.filter((o) => o !== null);

    // The steady rate plus its burst allowance (lib/limits.ts): well short of ten.
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0]).toMatchObject({ code: "rate_limited", retryAfterMs: expect.any(Number) as number });
    expect(chat.rows("messages")).toBe(10 - refused.length);
    expect(chat.events.published).toHaveLength(10 - refused.length);
    // The budget is the sender's, not the room's.
    await expect(sendMessage(chat.deps, other.actor, { room_id: chat.defaultRoom.id, content: "me too" })).resolves.toMatchObject({ content: "me too" });
  });

  const room = 1;
  it.each([
    ["no room_id", { content: "x" }],
    ["room_id as text", { room_id: "1", content: "x" }],
    ["room_id 0", { room_id: 0, content: "x" }],
    ["a negative room_id", { room_id: -1, content: "x" }],
    ["a fractional room_id", { room_id: 1.5, content: "x" }],
    ["no content", { room_id: room }],
    ["empty content", { room_id: room, content: "" }],
    ["blank content", { room_id: room, content: " \n\t " }],
    ["only zero-width characters", { room_id: room, content: "\u200B\u200D" }],
    ["content over 2000 characters", { room_id: room, content: "я".repeat(2001) }],
    ["content that is a number", { room_id: room, content: 5 }],
    ["a NUL in the content", { room_id: room, content: "a\0b" }],
    ["a lone high surrogate", { room_id: room, content: "a\uD83Db" }],
    ["a lone low surrogate", { room_id: room, content: "\uDE00" }],
    ["a noncharacter", { room_id: room, content: "a\uFFFE" }],
    ["a client_id too short", { room_id: room, content: "x", client_id: "short" }],
    ["a client_id too long", { room_id: room, content: "x", client_id: "a".repeat(65) }],
    ["a client_id with a space", { room_id: room, content: "x", client_id: "has space 1" }],
    ["a client_id with a NUL", { room_id: room, content: "x", client_id: "abcdefgh\0" }],
    ["an unknown field", { room_id: room, content: "x", user_id: 1 }],
    ["an unknown field whose name is not text", { room_id: room, content: "x", "\uD800": 1 }],
    ["null", null],
    ["a string", "hello"],
  ])("refuses %s as invalid_input, storing nothing", async (_what, input) => {
    const chat = await openChat();
    const { actor } = await chat.signIn();
    expect(chat.defaultRoom.id).toBe(room);

    await refusal(sendMessage(chat.deps, actor, input), "invalid_input");

    expect(chat.rows("messages")).toBe(0);
    expect(chat.events.published).toEqual([]);
  });

  it("accepts 2000 characters and an emoji made of surrogate pairs", async () => {
    const chat = await openChat();
    const { actor } = await chat.signIn();

    await sendMessage(chat.deps, actor, { room_id: chat.defaultRoom.id, content: "я".repeat(2000) });
    const emoji = await sendMessage(chat.deps, actor, { room_id: chat.defaultRoom.id, content: "👨‍👩‍👧" });

    expect((await chat.store.getMessage(emoji.id))?.content).toBe("👨‍👩‍👧");
    expect(chat.rows("messages")).toBe(2);
  });
});

describe("postMessage", () => {
  it("sends to the room named by the URL", async () => {
    const chat = await openChat();
    const { actor } = await chat.signIn();
    const other = await createRoom(chat.deps, actor, { name: "other" });
    chat.events.published.length = 0;

    const dto = await postMessage(chat.deps, actor, other.id, { content: "by http", client_id: "http-0001" });

    expect(await chat.store.getMessage(dto.id)).toMatchObject({ roomId: other.id, content: "by http" });
    expect(chat.events.published).toEqual([{ event: "new_message", payload: dto, audience: { to: "room", roomId: other.id } }]);
  });

  it("refuses a body that names a room of its own and a missing room", async () => {
    const chat = await openChat();
    const { actor } = await chat.signIn();

    // A malformed body rejects the promise like any other refusal.
    await refusal(postMessage(chat.deps, actor, chat.defaultRoom.id, { content: "x", room_id: chat.defaultRoom.id }), "invalid_input");
    await refusal(postMessage(chat.deps, actor, 999_999, { content: "x" }), "not_found");

    expect(chat.rows("messages")).toBe(0);
    expect(chat.events.published).toEqual([]);
  });
});

describe("listMessages", () => {
  async function roomWithMessages(count: number) {
    const chat = await openChat();
    const { actor } = await chat.signIn();
    const room = await createRoom(chat.deps, actor, { name: "history" });
    const sent = [];
    for (let i = 1; i <= count; i++) sent.push(await sendMessage(chat.deps, actor, { room_id: room.id, content: `m${i}` }));
    // Another room's messages share the id sequence but never its pages.
    await sendMessage(chat.deps, actor, { room_id: chat.defaultRoom.id, content: "elsewhere" });
    return { chat, actor, room, sent };
  }

  it("returns the latest page oldest first, and pages back and forth by id", async () => {
    const { chat, actor, room, sent } = await roomWithMessages(5);
    const ids = sent.map((m) => m.id);

    expect((await listMessages(chat.deps, actor, room.id, {})).map((m) => m.content)).toEqual(["m1", "m2", "m3", "m4", "m5"]);
    expect((await listMessages(chat.deps, actor, room.id, { limit: "2" })).map((m) => m.id)).toEqual(ids.slice(3));
    expect((await listMessages(chat.deps, actor, room.id, { limit: "2", before: String(ids[3]) })).map((m) => m.id)).toEqual(ids.slice(1, 3));
    expect((await listMessages(chat.deps, actor, room.id, { after: String(ids[2]) })).map((m) => m.id)).toEqual(ids.slice(3));
  });

  it("with changed_after, returns what changed after that version, in version order", async () => {
    const { chat, actor, room, sent } = await roomWithMessages(4);

    const all = await listMessages(chat.deps, actor, room.id, { changed_after: "0" });
    const later = await listMessages(chat.deps, actor, room.id, { changed_after: "2", limit: "1" });

    expect(all.map((m) => m.version)).toEqual([1, 2, 3, 4]);
    expect(all.map((m) => m.id)).toEqual(sent.map((m) => m.id));
    expect(later.map((m) => [m.content, m.version])).toEqual([["m3", 3]]);
  });

  it.each([
    ["changed_after with before", { changed_after: "1", before: "5" }],
    ["changed_after with after", { changed_after: "1", after: "0" }],
    ["a limit of 0", { limit: "0" }],
    ["a limit over 100", { limit: "101" }],
    ["a negative cursor", { changed_after: "-1" }],
    ["before 0", { before: "0" }],
    ["an unknown parameter", { since: "1" }],
  ])("refuses %s as invalid_input", async (_what, query) => {
    const { chat, actor, room } = await roomWithMessages(1);

    await refusal(listMessages(chat.deps, actor, room.id, query), "invalid_input");
  });

  it("answers a missing room with not_found", async () => {
    const chat = await openChat();
    const { actor } = await chat.signIn();

    await refusal(listMessages(chat.deps, actor, 999_999, {}), "not_found");
  });
});
