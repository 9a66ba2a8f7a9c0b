import { describe, expect, test } from "vitest";
import { chatReducer, EMPTY_TIMELINE, initChatState, type ChatAction, type ChatState, type MessageChange } from "./chat-state";
import { displayedReactions, TYPING_EXPIRES_MS, typistsAt } from "./conversation-state";
import { ME, OTHERS, message, room } from "./testing/fixtures";

const ROOM = 10;
const [ANNA = ME, BORIS = ME] = OTHERS;

const start = (messages = [message(1, ANNA), message(2, ME, { reply_to: { id: 1, username: ANNA.username, content: "сообщение 1", deleted: false } })]) =>
  initChatState({ me: ME, rooms: [room(ROOM)], roomsAfter: null, roomId: ROOM, messages, pageSize: 50 });

const run = (state: ChatState, ...actions: ChatAction[]) => actions.reduce(chatReducer, state);
const timeline = (state: ChatState) => state.timelines[ROOM] ?? EMPTY_TIMELINE;
const shown = (state: ChatState, id: number) => timeline(state).messages.find((m) => m.id === id);

describe("edits and deletions from others", () => {
  test("an edit replaces the message, keeps which reactions are mine, and refreshes the replies quoting it", () => {
    const mine = { ...message(1, ANNA), reactions: [{ emoji: "👍", count: 2, me: true }] };
    const state = run(start([mine, message(2, ME, { reply_to: { id: 1, username: ANNA.username, content: "сообщение 1", deleted: false } })]), {
      type: "message_updated",
      message: { ...mine, content: "исправлено", edited_at: "2026-01-01T13:00:00.000Z", version: 50, reactions: [{ emoji: "👍", count: 2, me: false }] },
    });

    expect(shown(state, 1)).toMatchObject({ content: "исправлено", version: 50, reactions: [{ emoji: "👍", count: 2, me: true }] });
    expect(shown(state, 2)?.reply_to).toEqual({ id: 1, username: ANNA.username, content: "исправлено", deleted: false });
  });

  test("a stale copy arriving after a newer one changes nothing", () => {
    const newer = { ...message(1, ANNA), content: "второе", version: 60 };
    const state = run(start(), { type: "message_updated", message: newer }, { type: "message_updated", message: { ...newer, content: "первое", version: 55 } });
    expect(shown(state, 1)?.content).toBe("второе");
  });

  test("a deletion leaves a tombstone in place and tells the replies their original is gone", () => {
    const state = run(start(), { type: "message_deleted", roomId: ROOM, id: 1, version: 70 });
    expect(timeline(state).messages.map((m) => m.id)).toEqual([1, 2]);
    expect(shown(state, 1)).toMatchObject({ content: "", deleted: true, reactions: [], version: 70 });
    expect(shown(state, 2)?.reply_to).toMatchObject({ id: 1, content: "", deleted: true });
  });
});

describe("reactions", () => {
  test("count once whether my ack or the room's broadcast of my reaction comes first", () => {
    const acked = { ...message(1, ANNA), version: 31, reactions: [{ emoji: "🎉", count: 1, me: true }] };
    const broadcast: ChatAction = { type: "reaction_changed", roomId: ROOM, messageId: 1, emoji: "🎉", userId: ME.id, added: true, version: 31 };
    const react: MessageChange = { kind: "react", emoji: "🎉", add: true };
    const ackAction: ChatAction = { type: "change_applied", roomId: ROOM, messageId: 1, change: react, message: acked };

    for (const order of [
      [ackAction, broadcast],
      [broadcast, ackAction],
    ]) {
      const state = run(start(), { type: "change_started", roomId: ROOM, messageId: 1, change: react }, ...order);
      expect(shown(state, 1)?.reactions).toEqual([{ emoji: "🎉", count: 1, me: true }]);
      expect(timeline(state).changes).toEqual({});
    }
  });

  test("others' reactions add up and go away at zero, in the order they appeared", () => {
    const state = run(
      start(),
      { type: "reaction_changed", roomId: ROOM, messageId: 1, emoji: "👍", userId: ANNA.id, added: true, version: 40 },
      { type: "reaction_changed", roomId: ROOM, messageId: 1, emoji: "🔥", userId: BORIS.id, added: true, version: 41 },
      { type: "reaction_changed", roomId: ROOM, messageId: 1, emoji: "👍", userId: BORIS.id, added: true, version: 42 },
      { type: "reaction_changed", roomId: ROOM, messageId: 1, emoji: "🔥", userId: BORIS.id, added: false, version: 43 },
    );
    expect(shown(state, 1)?.reactions).toEqual([{ emoji: "👍", count: 2, me: false }]);
  });

  test("mine on their way show at once, and a refused one goes back with a notice", () => {
    const server = { ...message(1, ANNA), reactions: [{ emoji: "👍", count: 1, me: false }] };
    const add: MessageChange = { kind: "react", emoji: "👍", add: true };
    let state = run(start([server]), { type: "change_started", roomId: ROOM, messageId: 1, change: add });
    expect(displayedReactions(server, timeline(state).changes[1])).toEqual([{ emoji: "👍", count: 2, me: true }]);
    state = run(state, { type: "change_failed", roomId: ROOM, messageId: 1, change: add, error: "Слишком много реакций" });
    expect(displayedReactions(server, timeline(state).changes[1])).toEqual([{ emoji: "👍", count: 1, me: false }]);
    expect(state.notice).toEqual({ kind: "server", text: "Слишком много реакций" });
  });
});

describe("my edits on their way", () => {
  test("show their content while pending, stay with the error when refused, and give way to the server's copy", () => {
    const edit: MessageChange = { kind: "edit", content: "новое" };
    let state = run(start(), { type: "change_started", roomId: ROOM, messageId: 2, change: edit });
    expect(timeline(state).changes[2]).toEqual({ edit: { content: "новое", status: "pending" } });
    state = run(state, { type: "change_failed", roomId: ROOM, messageId: 2, change: edit, error: "Нет связи" });
    expect(timeline(state).changes[2]).toEqual({ edit: { content: "новое", status: "failed", error: "Нет связи" } });
    expect(state.notice).toBeNull();
    state = run(
      state,
      { type: "change_started", roomId: ROOM, messageId: 2, change: edit },
      { type: "change_applied", roomId: ROOM, messageId: 2, change: edit, message: { ...message(2, ME), content: "новое", version: 80, edited_at: "2026-01-01T14:00:00.000Z" } },
    );
    expect(timeline(state).changes).toEqual({});
    expect(shown(state, 2)).toMatchObject({ content: "новое", version: 80 });
  });
});

describe("who is typing", () => {
  const typing = (user: { id: number; username: string }, at: number, stopped = false): ChatAction => ({ type: "typing", roomId: ROOM, user, stopped, at });

  test("lists each person once, forgets them 8 s after their last signal, when they stop, send or leave", () => {
    let state = run(start(), typing(ANNA, 1_000), typing(BORIS, 2_000), typing(ANNA, 3_000));
    expect(typistsAt(state.typing[ROOM], 3_500).map((t) => t.id)).toEqual([BORIS.id, ANNA.id]);
    expect(typistsAt(state.typing[ROOM], 2_000 + TYPING_EXPIRES_MS).map((t) => t.id)).toEqual([ANNA.id]);

    state = run(state, { type: "message_received", message: message(5, ANNA) });
    expect(typistsAt(state.typing[ROOM], 3_500).map((t) => t.id)).toEqual([BORIS.id]);
    state = run(state, typing(ANNA, 4_000), { type: "presence_left", roomId: ROOM, userId: BORIS.id });
    expect(typistsAt(state.typing[ROOM], 4_500).map((t) => t.id)).toEqual([ANNA.id]);
    state = run(state, typing(ANNA, 5_000, true));
    expect(typistsAt(state.typing[ROOM], 5_500)).toEqual([]);
  });
});
