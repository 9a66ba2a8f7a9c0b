import { describe, expect, test } from "vitest";
import type { MessageDto } from "@/lib/chat/dto";
import { EMPTY_TIMELINE, type PendingMessage, type RoomTimeline } from "./chat-state";
import { timelineRows, type MessageRow } from "./timeline-rows";
import { ME, OTHERS, message } from "./testing/fixtures";

const BORIS = OTHERS[0] ?? ME;
const at = (iso: string) => ({ timestamp: new Date(iso).toISOString() });
const timeline = (messages: MessageDto[], pending: PendingMessage[] = []): RoomTimeline => ({ ...EMPTY_TIMELINE, messages, pending, loaded: true });

/** What a reader sees: a date line, the mark of messages not loaded, or a message with or without its author's header. */
const shape = (rows: ReturnType<typeof timelineRows>) =>
  rows.map((row) => (row.kind === "message" ? `${row.grouped ? "  " : `${row.username}: `}${row.content}` : row.kind));

describe("grouping a run of one author's messages", () => {
  test("within seven minutes of the previous one they share one header", () => {
    const rows = timelineRows(
      timeline([
        message(1, ME, { content: "a", ...at("2026-01-15T10:00:00Z") }),
        message(2, ME, { content: "b", ...at("2026-01-15T10:06:59Z") }),
        message(3, ME, { content: "c", ...at("2026-01-15T10:13:58Z") }),
        message(4, ME, { content: "d", ...at("2026-01-15T10:20:58Z") }),
      ]),
      ME,
      false,
    );
    expect(shape(rows)).toEqual(["аня: a", "  b", "  c", "аня: d"]);
  });

  test("another author, or the same name from another city, starts a new header", () => {
    const rows = timelineRows(
      timeline([
        message(1, ME, { content: "a", ...at("2026-01-15T10:00:00Z") }),
        message(2, BORIS, { content: "b", ...at("2026-01-15T10:01:00Z") }),
        message(3, BORIS, { content: "c", user_city: "Уфа", ...at("2026-01-15T10:02:00Z") }),
      ]),
      ME,
      false,
    );
    expect(shape(rows)).toEqual(["аня: a", "борис: b", "борис: c"]);
  });

  test("local midnight starts a new day and a new header, once days are shown", () => {
    const messages = [
      message(1, ME, { content: "a", ...at("2026-01-14T22:58:00Z") }),
      message(2, ME, { content: "b", ...at("2026-01-14T23:01:00Z") }),
    ];
    expect(shape(timelineRows(timeline(messages), ME, true))).toEqual(["day", "аня: a", "day", "аня: b"]);
    // Before hydration the viewer's zone is unknown: no date lines, and grouping ignores the day.
    expect(shape(timelineRows(timeline(messages), ME, false))).toEqual(["аня: a", "  b"]);
  });
});

describe("pending sends", () => {
  const sent = message(1, ME, { content: "a", ...at("2026-01-15T10:00:00Z") });
  const typed: PendingMessage = { client_id: "c-2", room_id: 10, content: "b", created_at: "2026-01-15T10:01:00Z", status: "failed", error: "нет" };

  test("follow the acknowledged messages, in my name, grouped with mine, with their status", () => {
    const rows = timelineRows(timeline([sent], [typed]), ME, false);
    expect(shape(rows)).toEqual(["аня: a", "  b"]);
    expect(rows[1]).toMatchObject({ status: "failed", error: "нет", pending: typed, authorId: ME.id, city: ME.city });
  });

  test("keep their key when acknowledged, so the row stays and only its status changes", () => {
    const [pendingRow] = timelineRows(timeline([], [{ ...typed, status: "pending", error: undefined }]), ME, false) as MessageRow[];
    const [ackedRow] = timelineRows(timeline([message(9, ME, { client_id: "c-2" })]), ME, false) as MessageRow[];
    expect(pendingRow?.key).toBe(ackedRow?.key);
    expect(ackedRow?.status).toBe("sent");
  });

  test("two users' messages with the same client_id get different keys", () => {
    const rows = timelineRows(timeline([message(1, ME, { client_id: "x" }), message(2, BORIS, { client_id: "x" })]), ME, false);
    expect(new Set(rows.map((r) => r.key)).size).toBe(2);
  });
});

describe("conversations", () => {
  const anna = message(1, BORIS, { content: "вопрос", ...at("2026-01-15T10:00:00Z") });

  test("my edit on its way shows its text over the server's, and a tombstone has neither text nor reactions", () => {
    const base = timeline([anna, message(2, ME, { content: "было", ...at("2026-01-15T10:01:00Z"), reactions: [{ emoji: "👍", count: 1, me: false }] })]);
    const rows = timelineRows({ ...base, changes: { 2: { edit: { content: "стало", status: "failed", error: "нет" }, reactions: { "🔥": true } } } }, ME, false);
    expect(rows[1]).toMatchObject({ content: "стало", edit: { status: "failed", error: "нет" }, reactions: [{ emoji: "👍" }, { emoji: "🔥", me: true }] });
    const gone = timelineRows(timeline([{ ...anna, deleted: true, content: "", reactions: [] }]), ME, false);
    expect(gone[0]).toMatchObject({ deleted: true, content: "", edit: null, deleting: false });
    // My edit refused because the message was deleted meanwhile stays on the tombstone, to be dropped.
    const refused = timelineRows({ ...timeline([{ ...anna, deleted: true, content: "" }]), changes: { 1: { edit: { content: "x", status: "failed", error: "нет" } } } }, ME, false);
    expect(refused[0]).toMatchObject({ content: "", edit: { status: "failed", error: "нет" } });
  });

  test("a reply starts a new group, and my reply on its way quotes the message on screen", () => {
    const reply: PendingMessage = { client_id: "c-9", room_id: 10, content: "ответ", created_at: "2026-01-15T10:02:00Z", reply_to_id: 1, status: "pending" };
    const rows = timelineRows(timeline([anna, message(2, ME, { content: "a", ...at("2026-01-15T10:01:00Z") })], [reply]), ME, false);
    expect(shape(rows)).toEqual(["борис: вопрос", "аня: a", "аня: ответ"]);
    expect(rows[2]).toMatchObject({ replyTo: { id: 1, username: BORIS.username, content: "вопрос", deleted: false } });
  });

  test("messages not loaded between an island and the latest ones are marked, and no group spans them", () => {
    const island = message(1, ME, { content: "давно", ...at("2026-01-15T10:00:00Z") });
    const latest = message(90, ME, { content: "сейчас", ...at("2026-01-15T10:01:00Z") });
    expect(shape(timelineRows({ ...timeline([island, latest]), gap: { after: 1, before: 90 } }, ME, false))).toEqual(["аня: давно", "gap", "аня: сейчас"]);
  });
});
