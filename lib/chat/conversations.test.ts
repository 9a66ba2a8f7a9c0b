import { describe, expect, it, vi } from "vitest";
import { errorText } from "../i18n/translate";
import { deleteMessage, editMessage, listMessages, listReactors, react, sendMessage } from "./messages";
import { createRoom } from "./rooms";
import { openChat, refusal, type ChatHarness, type SignedIn } from "./testing/harness";
import { relayTyping } from "./typing";

async function talk(chat: ChatHarness, who: SignedIn, content: string, extra: object = {}) {
  return sendMessage(chat.deps, who.actor, { room_id: chat.defaultRoom.id, content, ...extra });
}

const eventsNamed = (chat: ChatHarness, event: string) => chat.events.published.filter((p) => p.event === event);

describe("editMessage", () => {
  it("lets the author change the content, marks it edited with a new version and tells the room the whole message", async () => {
    const chat = await openChat();
    const anna = await chat.signIn();
    const sent = await talk(chat, anna, "опечтка");
    chat.events.published.length = 0;

    const edited = await editMessage(chat.deps, anna.actor, { message_id: sent.id, content: "  опечатка " });

    expect(edited).toMatchObject({ id: sent.id, content: "опечатка", deleted: false });
    expect(edited.edited_at).not.toBeNull();
    expect(edited.version).toBeGreaterThan(sent.version);
    expect(chat.events.published).toEqual([{ event: "message_updated", payload: edited, audience: { to: "room", roomId: chat.defaultRoom.id } }]);
    expect((await chat.store.getMessage(sent.id))?.content).toBe("опечатка");
  });

  it("refuses another person (forbidden), a deleted or missing message (not_found) and bad content, changing nothing", async () => {
    const chat = await openChat();
    const [anna, boris] = [await chat.signIn(), await chat.signIn()];
    const sent = await talk(chat, anna, "моё");
    const gone = await talk(chat, anna, "удалю");
    await deleteMessage(chat.deps, anna.actor, { message_id: gone.id });
    chat.events.published.length = 0;

    const foreign = await refusal(editMessage(chat.deps, boris.actor, { message_id: sent.id, content: "чужое" }), "forbidden");
    expect(foreign.key).toBe("cannot_edit_message");
    await refusal(editMessage(chat.deps, anna.actor, { message_id: gone.id, content: "воскрешаю" }), "not_found");
    await refusal(editMessage(chat.deps, anna.actor, { message_id: 999_999, content: "нет" }), "not_found");
    await refusal(editMessage(chat.deps, anna.actor, { message_id: sent.id, content: "   " }), "invalid_input");
    await refusal(editMessage(chat.deps, anna.actor, { message_id: sent.id, content: "x".repeat(2001) }), "invalid_input");
    // Over HTTP the URL names the room: the message is not found in another one.
    const other = await createRoom(chat.deps, anna.actor, { name: "другая" });
    await refusal(editMessage(chat.deps, anna.actor, { message_id: sent.id, content: "не там" }, other.id), "not_found");

    expect((await chat.store.getMessage(sent.id))?.content).toBe("моё");
    expect(chat.events.published.filter((p) => p.event === "message_updated")).toEqual([]);
  });

  it("refuses an edit past MESSAGE_EDIT_WINDOW_SECONDS, saying so", async () => {
    const chat = await openChat({ messageEditWindowSeconds: 120 });
    const anna = await chat.signIn();
    const sent = await talk(chat, anna, "свежее");
    await editMessage(chat.deps, anna.actor, { message_id: sent.id, content: "ещё можно" });

    vi.useFakeTimers({ now: Date.now() + 121_000, toFake: ["Date"] });
    try {
      const late = await refusal(editMessage(chat.deps, anna.actor, { message_id: sent.id, content: "поздно" }), "forbidden");
      expect(errorText("ru", late.key, late.values)).toBe("Сообщение можно изменить только в первые 2 минуты после отправки");
      expect(errorText("en", late.key, late.values)).toBe("A message can only be edited in the first 2 minutes after it was sent");
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("deleteMessage", () => {
  it("leaves a tombstone in place for the author, tells the room, and refuses a second time", async () => {
    const chat = await openChat();
    const anna = await chat.signIn();
    const before = await talk(chat, anna, "до");
    const sent = await talk(chat, anna, "секрет");
    const after = await talk(chat, anna, "после");
    chat.events.published.length = 0;

    const tombstone = await deleteMessage(chat.deps, anna.actor, { message_id: sent.id });

    expect(tombstone).toMatchObject({ id: sent.id, content: "", deleted: true, reactions: [] });
    const audience = { to: "room", roomId: chat.defaultRoom.id };
    expect(chat.events.published).toEqual([
      { event: "message_updated", payload: tombstone, audience },
      { event: "message_deleted", payload: { id: sent.id, room_id: chat.defaultRoom.id, version: tombstone.version }, audience },
    ]);
    const page = await listMessages(chat.deps, anna.actor, chat.defaultRoom.id, {});
    expect(page.map((m) => [m.id, m.content, m.deleted])).toEqual([
      [before.id, "до", false],
      [sent.id, "", true],
      [after.id, "после", false],
    ]);
    await refusal(deleteMessage(chat.deps, anna.actor, { message_id: sent.id }), "not_found");
  });

  it("lets the room's owner delete anyone's message, and nobody else's but the author's", async () => {
    const chat = await openChat();
    const [owner, anna, boris] = [await chat.signIn(), await chat.signIn(), await chat.signIn()];
    const room = await createRoom(chat.deps, owner.actor, { name: "модерация" });
    const annas = await sendMessage(chat.deps, anna.actor, { room_id: room.id, content: "спам" });
    const second = await sendMessage(chat.deps, anna.actor, { room_id: room.id, content: "ещё" });

    const refused = await refusal(deleteMessage(chat.deps, boris.actor, { message_id: annas.id }), "forbidden");
    expect(refused.key).toBe("cannot_moderate_messages");
    expect(await deleteMessage(chat.deps, owner.actor, { message_id: annas.id })).toMatchObject({ deleted: true });
    // A moderator still cannot put words in someone's mouth.
    await refusal(editMessage(chat.deps, owner.actor, { message_id: second.id, content: "исправил за тебя" }), "forbidden");
  });
});

describe("replies", () => {
  it("carry a preview of the original that follows its edit and its deletion", async () => {
    const chat = await openChat();
    const [anna, boris] = [await chat.signIn(), await chat.signIn()];
    const original = await talk(chat, anna, `вопрос ${"?".repeat(150)}`);

    const reply = await talk(chat, boris, "ответ", { reply_to_id: original.id });

    expect(reply.reply_to).toEqual({ id: original.id, username: anna.user.username, content: `вопрос ${"?".repeat(93)}`, deleted: false });
    expect(eventsNamed(chat, "new_message").at(-1)?.payload).toEqual(reply);
    await editMessage(chat.deps, anna.actor, { message_id: original.id, content: "уточнённый вопрос" });
    const replyNow = async () => (await listMessages(chat.deps, boris.actor, chat.defaultRoom.id, {})).find((m) => m.id === reply.id)?.reply_to;
    expect(await replyNow()).toMatchObject({ content: "уточнённый вопрос", deleted: false });
    await deleteMessage(chat.deps, anna.actor, { message_id: original.id });
    expect(await replyNow()).toEqual({ id: original.id, username: anna.user.username, content: "", deleted: true });
  });

  it("refuses a reply to another room's message or to a missing one with invalid_input, storing nothing", async () => {
    const chat = await openChat();
    const anna = await chat.signIn();
    const room = await createRoom(chat.deps, anna.actor, { name: "другая" });
    const elsewhere = await sendMessage(chat.deps, anna.actor, { room_id: room.id, content: "там" });
    const stored = chat.rows("messages");

    const foreign = await refusal(talk(chat, anna, "сюда", { reply_to_id: elsewhere.id }), "invalid_input");
    expect(foreign.fields).toEqual({ reply_to_id: "reply_invalid" });
    await refusal(talk(chat, anna, "в никуда", { reply_to_id: 999_999 }), "invalid_input");
    await refusal(talk(chat, anna, "криво", { reply_to_id: "1" }), "invalid_input");
    expect(chat.rows("messages")).toBe(stored);
  });
});

describe("reactions", () => {
  it("count per emoji with the reader's own marked, are idempotent, and are announced only when they change", async () => {
    const chat = await openChat();
    const [anna, boris] = [await chat.signIn(), await chat.signIn()];
    const sent = await talk(chat, anna, "ура");
    chat.events.published.length = 0;

    const first = await react(chat.deps, boris.actor, "add", { message_id: sent.id, emoji: "🎉" });
    const again = await react(chat.deps, boris.actor, "add", { message_id: sent.id, emoji: "🎉" });
    await react(chat.deps, anna.actor, "add", { message_id: sent.id, emoji: "👍🏽" });

    expect(first.reactions).toEqual([{ emoji: "🎉", count: 1, me: true }]);
    expect(again).toEqual(first);
    expect(eventsNamed(chat, "reaction_added").map((p) => p.payload)).toEqual([
      { message_id: sent.id, room_id: chat.defaultRoom.id, emoji: "🎉", user_id: boris.user.id, version: first.version },
      expect.objectContaining({ emoji: "👍🏽", user_id: anna.user.id }),
    ]);
    const seenByAnna = (await listMessages(chat.deps, anna.actor, chat.defaultRoom.id, {})).find((m) => m.id === sent.id);
    expect(seenByAnna?.reactions).toEqual([
      { emoji: "🎉", count: 1, me: false },
      { emoji: "👍🏽", count: 1, me: true },
    ]);
    expect(await listReactors(chat.deps, anna.actor, chat.defaultRoom.id, { message_id: sent.id, emoji: "🎉" }, {})).toEqual([
      { id: boris.user.id, username: boris.user.username },
    ]);

    await react(chat.deps, boris.actor, "remove", { message_id: sent.id, emoji: "🎉" });
    await react(chat.deps, boris.actor, "remove", { message_id: sent.id, emoji: "🎉" });
    expect(eventsNamed(chat, "reaction_removed")).toHaveLength(1);
  });

  it("take one emoji only: text, two emoji or a joiner holding letters together are invalid_input", async () => {
    const chat = await openChat();
    const anna = await chat.signIn();
    const sent = await talk(chat, anna, "x");
    for (const emoji of ["a", "👍👍", "👍 ", "", "\u200d", "👨\u200da", ":+1:", 42]) {
      await refusal(react(chat.deps, anna.actor, "add", { message_id: sent.id, emoji }), "invalid_input");
    }
    for (const emoji of ["👨‍👩‍👧", "🇷🇺", "❤️", "1️⃣"]) await react(chat.deps, anna.actor, "add", { message_id: sent.id, emoji });
    expect((await chat.store.viewMessages([(await chat.store.getMessage(sent.id))!], null))[0]?.reactions).toHaveLength(4);
  });

  it("stop at 20 distinct emoji per message with too_many_reactions, though more people may join one", async () => {
    const chat = await openChat();
    const [anna, boris] = [await chat.signIn(), await chat.signIn()];
    const sent = await talk(chat, anna, "много");
    const twenty = [..."😀😁😂🤣😃😄😅😆😉😊😋😎😍😘🥰😗😙🥲😚🙂"];
    expect(twenty).toHaveLength(20);
    for (const emoji of twenty) await react(chat.deps, anna.actor, "add", { message_id: sent.id, emoji });

    const over = await refusal(react(chat.deps, boris.actor, "add", { message_id: sent.id, emoji: "🤗" }), "too_many_reactions");
    expect(errorText("ru", over.key, over.values)).toBe("На сообщении уже 20 разных реакций — больше нельзя");
    expect((await react(chat.deps, boris.actor, "add", { message_id: sent.id, emoji: "😀" })).reactions[0]).toEqual({ emoji: "😀", count: 2, me: true });
  });

  it("on a deleted message answer not_found", async () => {
    const chat = await openChat();
    const anna = await chat.signIn();
    const sent = await talk(chat, anna, "x");
    await deleteMessage(chat.deps, anna.actor, { message_id: sent.id });
    await refusal(react(chat.deps, anna.actor, "add", { message_id: sent.id, emoji: "👍" }), "not_found");
  });
});

describe("typing", () => {
  it("goes to the room's other readers, at most once per 3 s per user and room, and says when it stopped", async () => {
    const chat = await openChat();
    const anna = await chat.signIn();
    const room = chat.defaultRoom.id;

    await relayTyping(chat.deps, anna.actor, anna.present, { room_id: room });
    await relayTyping(chat.deps, anna.actor, anna.present, { room_id: room });
    await relayTyping(chat.deps, anna.actor, anna.present, { room_id: room, stopped: true });
    await relayTyping(chat.deps, anna.actor, anna.present, { room_id: 999_999 });

    expect(eventsNamed(chat, "typing")).toEqual([
      { event: "typing", payload: { room_id: room, user: { id: anna.user.id, username: anna.user.username } }, audience: { to: "room", roomId: room, exceptUserIds: [anna.user.id] } },
      {
        event: "typing",
        payload: { room_id: room, user: { id: anna.user.id, username: anna.user.username }, stopped: true },
        audience: { to: "room", roomId: room, exceptUserIds: [anna.user.id] },
      },
    ]);
    await refusal(relayTyping(chat.deps, anna.actor, anna.present, { room_id: room, stopped: "yes" }), "invalid_input");
  });
});
