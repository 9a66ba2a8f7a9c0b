import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import type { MessageDto } from "@/lib/chat/dto";
import type { ErrorCode, WireError } from "@/lib/errors";
import type { AckResult } from "@/lib/realtime/events";
import type { ChatAction } from "./chat-state";
import { backoffMs, classifyAck, isRetryable, Outbox, retryAfterMs, storedOperationCount } from "./outbox";
import { OUTBOX_KINDS, type ChangeOp, type SendOp } from "./outbox-kinds";
import { ME, memoryStorage, message } from "./testing/fixtures";
import type { ChatSocket } from "./use-chat-socket";

type SendAck = AckResult<{ message: MessageDto }>;
interface Emitted {
  event: string;
  payload: { room_id: number; content: string; client_id: string };
  answer: (ack: SendAck) => void;
  drop: () => void;
}

/** A socket whose acks the test gives by hand, one emitted frame at a time. */
function fakeSocket() {
  const emitted: Emitted[] = [];
  const socket = {
    connected: true,
    timeout: () => ({
      emitWithAck: (event: string, payload: Emitted["payload"]) =>
        new Promise<SendAck>((resolve, reject) => {
          emitted.push({ event, payload, answer: resolve, drop: () => reject(new Error("operation has timed out")) });
        }),
    }),
  };
  return { socket, emitted, asSocket: socket as unknown as ChatSocket };
}

const op = (n: number, roomId = 10): SendOp => ({
  client_id: `c-${n}`,
  room_id: roomId,
  content: `текст ${n}`,
  created_at: "2026-01-01T12:00:00.000Z",
});
const acked = (o: SendOp, id: number): SendAck => ({ ok: true, message: message(id, ME, { client_id: o.client_id, room_id: o.room_id, content: o.content }) });
const refused = (code: ErrorCode, extra: Record<string, unknown> = {}): SendAck => ({ ok: false, error: { code, message: `отказ: ${code}`, ...extra } });

/** Lets the outbox's awaits run, without moving fake time. */
const settle = () => vi.advanceTimersByTimeAsync(0);

function setup(storage = memoryStorage(), userId = ME.id) {
  const actions: ChatAction[] = [];
  const outbox = new Outbox({ userId, kinds: OUTBOX_KINDS, dispatch: (a) => actions.push(a), storage: () => storage });
  const link = fakeSocket();
  return { outbox, actions, storage, ...link };
}

beforeEach(() => {
  vi.useFakeTimers({ now: Date.UTC(2026, 0, 1) });
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe("classifying an answer", () => {
  test.each<ErrorCode>(["db_unavailable", "shutting_down", "internal", "rate_limited"])("%s is retried", (code) => {
    expect(isRetryable({ code })).toBe(true);
    expect(classifyAck(refused(code))).toEqual({ kind: "retry", retryAfterMs: null });
  });

  test.each<ErrorCode>(["invalid_input", "not_found", "forbidden", "unauthorized", "conflict"])("%s is refused for good, with its sentence", (code) => {
    expect(classifyAck(refused(code))).toEqual({ kind: "refused", error: `отказ: ${code}` });
  });

  test("retry_after_ms is the wait when it is a sane number, and ignored otherwise", () => {
    expect(classifyAck(refused("rate_limited", { retry_after_ms: 1500 }))).toEqual({ kind: "retry", retryAfterMs: 1500 });
    for (const bad of [-1, Number.NaN, "1500", null]) {
      expect(retryAfterMs({ code: "rate_limited", message: "", retry_after_ms: bad } as WireError)).toBeNull();
    }
  });

  test("an ack is applied", () => {
    const ack = acked(op(1), 7);
    expect(classifyAck(ack)).toEqual({ kind: "applied", ack });
  });
});

describe("backoff", () => {
  test.each([0, 1, 2, 3, 4, 5, 10, 50])("attempt %i waits between half and all of min(2^n s, 30 s)", (attempt) => {
    const ceiling = Math.min(30_000, 1_000 * 2 ** attempt);
    vi.spyOn(Math, "random").mockReturnValue(0);
    expect(backoffMs(attempt)).toBe(ceiling / 2);
    vi.spyOn(Math, "random").mockReturnValue(0.999_999);
    expect(backoffMs(attempt)).toBe(ceiling);
  });
});

describe("delivery", () => {
  test("one at a time, in the order typed, each acked before the next goes", async () => {
    const { outbox, emitted, asSocket, actions } = setup();
    outbox.open();
    outbox.connected(asSocket);
    outbox.enqueue("send", op(1));
    outbox.enqueue("send", op(2));
    outbox.enqueue("send", op(3));
    await settle();
    expect(emitted.map((e) => e.payload.client_id)).toEqual(["c-1"]);
    expect(emitted[0]).toMatchObject({ event: "send_message", payload: { room_id: 10, content: "текст 1", client_id: "c-1" } });
    emitted[0]?.answer(acked(op(1), 1));
    await settle();
    emitted[1]?.answer(acked(op(2), 2));
    await settle();
    emitted[2]?.answer(acked(op(3), 3));
    await settle();
    expect(emitted.map((e) => e.payload.client_id)).toEqual(["c-1", "c-2", "c-3"]);
    expect(actions.filter((a) => a.type === "send_started").length).toBe(3);
    expect(actions.filter((a) => a.type === "message_received").map((a) => a.type === "message_received" && a.message.id)).toEqual([1, 2, 3]);
    expect(outbox.list()).toEqual([]);
  });

  test("nothing goes while offline; the connect sends it", async () => {
    const { outbox, emitted, asSocket } = setup();
    outbox.open();
    outbox.enqueue("send", op(1));
    await settle();
    expect(emitted).toEqual([]);
    outbox.connected(asSocket);
    await settle();
    expect(emitted.map((e) => e.payload.client_id)).toEqual(["c-1"]);
  });

  test("a lost ack waits with backoff and goes again with the same client_id; a reconnect cuts the wait short", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0.5);
    const { outbox, emitted, asSocket } = setup();
    outbox.open();
    outbox.connected(asSocket);
    outbox.enqueue("send", op(1));
    await settle();
    emitted[0]?.drop();
    await vi.advanceTimersByTimeAsync(749);
    expect(emitted).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(emitted.map((e) => e.payload.client_id)).toEqual(["c-1", "c-1"]);
    emitted[1]?.drop();
    await settle();
    // The second wait is longer (1.5 s); a new connection does not wait for it.
    outbox.connected(asSocket);
    await settle();
    expect(emitted).toHaveLength(3);
  });

  test("rate_limited waits retry_after_ms, even across a reconnect", async () => {
    const { outbox, emitted, asSocket, actions } = setup();
    outbox.open();
    outbox.connected(asSocket);
    outbox.enqueue("send", op(1));
    await settle();
    emitted[0]?.answer(refused("rate_limited", { retry_after_ms: 5_000 }));
    await settle();
    outbox.connected(asSocket);
    await vi.advanceTimersByTimeAsync(4_999);
    expect(emitted).toHaveLength(1);
    expect(actions.map((a) => a.type)).toEqual(["send_started"]);
    await vi.advanceTimersByTimeAsync(1);
    expect(emitted).toHaveLength(2);
  });

  test("a refusal marks the send failed and the next one still goes; retry resends the same id, discard forgets it", async () => {
    const { outbox, emitted, asSocket, actions, storage } = setup();
    outbox.open();
    outbox.connected(asSocket);
    outbox.enqueue("send", op(1));
    outbox.enqueue("send", op(2));
    await settle();
    emitted[0]?.answer(refused("invalid_input"));
    await settle();
    expect(actions).toContainEqual({ type: "send_failed", clientId: "c-1", roomId: 10, error: "отказ: invalid_input" });
    expect(emitted.map((e) => e.payload.client_id)).toEqual(["c-1", "c-2"]);
    expect(JSON.parse(storage.items.get(`discock:outbox:${ME.id}`) ?? "[]")).toEqual([
      { kind: "send", ...op(1), status: "failed", error: "отказ: invalid_input" },
      { kind: "send", ...op(2), status: "pending" },
    ]);
    emitted[1]?.answer(acked(op(2), 2));
    await settle();

    outbox.retry("send", op(1));
    await settle();
    expect(actions.at(-1)?.type).toBe("send_retried");
    expect(emitted.map((e) => e.payload.client_id)).toEqual(["c-1", "c-2", "c-1"]);
    emitted[2]?.answer(refused("invalid_input"));
    await settle();

    outbox.discard("send", op(1));
    expect(actions.at(-1)).toEqual({ type: "send_discarded", clientId: "c-1", roomId: 10 });
    expect(outbox.list()).toEqual([]);
    expect(storage.items.size).toBe(0);
  });

  test("an ack for a send discarded meanwhile changes nothing", async () => {
    const { outbox, emitted, asSocket, actions } = setup();
    outbox.open();
    outbox.connected(asSocket);
    outbox.enqueue("send", op(1));
    await settle();
    outbox.discard("send", op(1));
    emitted[0]?.answer(acked(op(1), 1));
    await settle();
    expect(actions.map((a) => a.type)).toEqual(["send_started", "send_discarded"]);
  });

  test("a deleted room takes its sends with it", async () => {
    const { outbox, emitted, asSocket } = setup();
    outbox.open();
    outbox.enqueue("send", op(1, 10));
    outbox.enqueue("send", op(2, 20));
    outbox.dropRoom(10);
    outbox.connected(asSocket);
    await settle();
    expect(emitted.map((e) => e.payload.client_id)).toEqual(["c-2"]);
  });

  test("a closed outbox sends nothing more", async () => {
    const { outbox, emitted, asSocket } = setup();
    outbox.open();
    outbox.connected(asSocket);
    outbox.enqueue("send", op(1));
    await settle();
    emitted[0]?.drop();
    outbox.close();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(emitted).toHaveLength(1);
  });
});

describe("persistence across reloads", () => {
  test("what is unacknowledged is shown again and sent by the next page, in order and once", async () => {
    const storage = memoryStorage();
    const before = setup(storage);
    before.outbox.open();
    before.outbox.enqueue("send", op(1));
    before.outbox.enqueue("send", op(2));
    before.outbox.close();

    const after = setup(storage);
    after.outbox.open();
    expect(after.actions).toEqual([
      { type: "outbox_restored", messages: [{ ...op(1), status: "pending" }] },
      { type: "outbox_restored", messages: [{ ...op(2), status: "pending" }] },
    ]);
    // Strict Mode opens twice; the second open must not show or send anything twice.
    after.outbox.close();
    after.outbox.open();
    expect(after.actions).toHaveLength(2);
    after.outbox.connected(after.asSocket);
    await settle();
    expect(after.emitted.map((e) => e.payload.client_id)).toEqual(["c-1"]);
  });

  test("records stored before kinds existed are read as sends; foreign or broken records are dropped", () => {
    const storage = memoryStorage();
    const legacy = { ...op(1), status: "failed", error: "Сообщение отклонено" };
    storage.setItem(
      `discock:outbox:${ME.id}`,
      JSON.stringify([legacy, { kind: "teleport", ...op(2), status: "pending" }, { ...op(3), status: "lost" }, { client_id: 4 }, null, "x"]),
    );
    const { outbox, actions } = setup(storage);
    outbox.open();
    expect(actions).toEqual([{ type: "outbox_restored", messages: [legacy] }]);
  });

  test("an edit, a deletion and a reaction made offline survive a reload and go after the send they follow, in order", async () => {
    const storage = memoryStorage();
    const before = setup(storage);
    before.outbox.open();
    before.outbox.enqueue("send", op(1));
    const change = (n: number, c: ChangeOp["change"]): ChangeOp => ({ op_id: `o-${n}`, room_id: 10, message_id: 7, change: c });
    before.outbox.enqueue("change", change(1, { kind: "edit", content: "правка" }));
    before.outbox.enqueue("change", change(2, { kind: "react", emoji: "👍", add: true }));
    before.outbox.enqueue("change", change(3, { kind: "delete" }));
    storage.setItem(
      `discock:outbox:${ME.id}`,
      JSON.stringify([
        ...(JSON.parse(storage.getItem(`discock:outbox:${ME.id}`) ?? "[]") as unknown[]),
        { kind: "change", op_id: "bad", room_id: 10, message_id: 7, change: { kind: "react", emoji: "👍" }, status: "pending" },
      ]),
    );
    before.outbox.close();

    const after = setup(storage);
    after.outbox.open();
    expect(after.actions.map((a) => a.type)).toEqual(["outbox_restored", "change_started", "change_started", "change_started"]);
    after.outbox.connected(after.asSocket);
    for (const expected of ["send_message", "edit_message", "add_reaction", "delete_message"]) {
      await settle();
      const frame = after.emitted.at(-1);
      expect(frame?.event).toBe(expected);
      frame?.answer({ ok: true, message: message(7, ME) });
    }
    await settle();
    expect(after.outbox.list()).toEqual([]);
  });

  test("a reply survives a reload and still names the message it answers", async () => {
    const storage = memoryStorage();
    const before = setup(storage);
    before.outbox.open();
    before.outbox.enqueue("send", { ...op(1), reply_to_id: 7 });
    before.outbox.close();

    const after = setup(storage);
    after.outbox.open();
    expect(after.actions).toEqual([{ type: "outbox_restored", messages: [{ ...op(1), reply_to_id: 7, status: "pending" }] }]);
    after.outbox.connected(after.asSocket);
    await settle();
    expect(after.emitted[0]).toMatchObject({ event: "send_message", payload: { client_id: "c-1", reply_to_id: 7 } });
  });

  test.each(["not json", "{}", "null"])("unreadable storage (%s) restores nothing", (raw) => {
    const storage = memoryStorage();
    storage.setItem(`discock:outbox:${ME.id}`, raw);
    const { outbox, actions } = setup(storage);
    outbox.open();
    expect(actions).toEqual([]);
  });

  test("another user's outbox in this tab is not theirs to send", () => {
    const storage = memoryStorage();
    const first = setup(storage, 1);
    first.outbox.enqueue("send", op(1));
    const second = setup(storage, 2);
    second.outbox.open();
    expect(second.actions).toEqual([]);
  });

  test("storage that throws does not stop delivery", async () => {
    const throwing = {
      getItem: () => {
        throw new Error("SecurityError");
      },
      setItem: () => {
        throw new Error("QuotaExceededError");
      },
      removeItem: () => {
        throw new Error("SecurityError");
      },
    };
    const actions: ChatAction[] = [];
    const outbox = new Outbox({ userId: ME.id, kinds: OUTBOX_KINDS, dispatch: (a) => actions.push(a), storage: () => throwing });
    const { emitted, asSocket } = fakeSocket();
    outbox.open();
    outbox.connected(asSocket);
    outbox.enqueue("send", op(1));
    await settle();
    emitted[0]?.answer(acked(op(1), 1));
    await settle();
    expect(actions.map((a) => a.type)).toEqual(["send_started", "message_received"]);
  });
});

describe("storedOperationCount", () => {
  test("counts what every user of the tab left unsent, and skips what is not an outbox or cannot be read", () => {
    const items = new Map([
      ["discock:outbox:1", JSON.stringify([{ client_id: "a" }, { client_id: "b" }])],
      ["discock:outbox:2", JSON.stringify([{ client_id: "c" }])],
      ["discock:outbox:3", "{not json"],
      ["discock:draft:1", JSON.stringify([{ text: "x" }])],
    ]);
    const storage: Storage = {
      get length() {
        return items.size;
      },
      key: (index) => [...items.keys()][index] ?? null,
      getItem: (key) => items.get(key) ?? null,
      setItem: (key, value) => void items.set(key, value),
      removeItem: (key) => void items.delete(key),
      clear: () => items.clear(),
    };

    expect(storedOperationCount(storage)).toBe(3);
  });
});
