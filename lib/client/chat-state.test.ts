import { createTranslator } from "use-intl/core";
import { describe, expect, test } from "vitest";
import { sortPresence, type MessageDto, type PresenceUserDto, type RoomDto } from "@/lib/chat/dto";
import { CATALOGUE } from "@/lib/i18n/catalogue";
import type { ServerToClientEvents } from "@/lib/realtime/events";
import { chatReducer, EMPTY_TIMELINE, initChatState, isLastRoomPage, type ChatAction, type ChatState, type PendingMessage } from "./chat-state";
import { noticeText } from "./notice-text";
import { handleServerEvent, type EventContext, type HandledEvent } from "./server-events";
import { ME, MEMBER_PERMISSIONS, OTHERS, direct, member, message, random, room } from "./testing/fixtures";

const ROOM = 10;
const PAGE = 50;
const SEEDS = Array.from({ length: 25 }, (_, i) => i + 1);
const GENERAL = room(1, { name: "Общий чат", is_default: true, created_by: null });

type Delivery = { event: HandledEvent; payload: unknown } | { action: ChatAction };

/** A chat that only reacts: events go through the same table the socket hook uses, actions straight to the reducer. */
function apply(start: ChatState, deliveries: Delivery[], currentRoomId: number | null = ROOM) {
  let state = start;
  const moves: number[] = [];
  const dispatch = (action: ChatAction) => {
    state = chatReducer(state, action);
  };
  for (const delivery of deliveries) {
    if ("action" in delivery) {
      dispatch(delivery.action);
      continue;
    }
    const context: EventContext = {
      state,
      currentRoomId,
      dispatch,
      removeRoom: (roomId) => dispatch({ type: "room_removed", roomId }),
      showRoom: (roomId) => moves.push(roomId),
    };
    handleServerEvent(delivery.event, delivery.payload as Parameters<ServerToClientEvents[HandledEvent]>[0], context);
  }
  return { state, moves };
}

const fresh = (over: Partial<Parameters<typeof initChatState>[0]> = {}) =>
  initChatState({ me: ME, rooms: [GENERAL], roomsAfter: null, roomId: ROOM, messages: [], pageSize: PAGE, ...over });

const isSendStart = (d: Delivery) => "action" in d && d.action.type === "send_started";

const pending = (m: MessageDto): PendingMessage => ({
  client_id: m.client_id ?? "",
  room_id: m.room_id,
  content: m.content,
  created_at: m.timestamp,
  status: "pending",
});

describe("messages: any mix of broadcasts, acks and history pages shows what a fresh page shows", () => {
  test.each(SEEDS)("seed %i", (seed) => {
    const rnd = random(seed);
    const total = rnd.int(1, 120);
    const all = Array.from({ length: total }, (_, i) => message(i + 1, rnd.pick([ME, ...OTHERS])));
    // The page was rendered when `seen` messages existed; it showed the latest page of those.
    const seen = rnd.int(0, total);
    const initial = all.slice(Math.max(0, seen - PAGE), seen);
    const start = fresh({ messages: initial });

    const deliveries: Delivery[] = [];
    const delivered = new Set(initial.map((m) => m.id));
    let syncedVersion = initial.at(-1)?.id ?? 0;
    for (const m of all.slice(seen)) {
      if (m.user_id === ME.id) deliveries.push({ action: { type: "send_started", message: pending(m) } });
      if (rnd.next() < 0.8) {
        for (let copies = rnd.int(1, 3); copies > 0; copies--) deliveries.push({ event: "new_message", payload: m });
        delivered.add(m.id);
      }
    }
    // Catch-up and older pages: contiguous slices of the server's list, overlapping what broadcasts brought.
    for (let pages = rnd.int(0, 4); pages > 0; pages--) {
      const from = rnd.int(0, total);
      const slice = all.slice(from, from + rnd.int(1, PAGE));
      const older = (slice.at(-1)?.id ?? 0) <= (initial[0]?.id ?? 0);
      deliveries.push({ action: { type: "page_loaded", roomId: ROOM, messages: slice, page: older ? "older" : "newer", complete: true } });
      if (!older) syncedVersion = Math.max(syncedVersion, slice.at(-1)?.id ?? 0);
      for (const m of slice) delivered.add(m.id);
    }
    // A reload may restore sends the server already has; they must not reappear as pending.
    const mine = all.filter((m) => m.user_id === ME.id && delivered.has(m.id));
    if (mine.length > 0) deliveries.push({ action: { type: "outbox_restored", messages: [pending(rnd.pick(mine))] } });

    // Everything arrives in any order, except that sends start in the order they were typed.
    const shuffled = rnd.shuffle(deliveries);
    const typed = deliveries.filter(isSendStart);
    const arrived = shuffled.map((d) => (isSendStart(d) ? (typed.shift() ?? d) : d));
    const { state } = apply(start, arrived);
    const timeline = state.timelines[ROOM] ?? EMPTY_TIMELINE;
    expect(timeline.messages).toEqual(all.filter((m) => delivered.has(m.id)));
    expect(timeline.pending.map((p) => p.client_id)).toEqual(
      all.filter((m) => m.user_id === ME.id && m.id > seen && !delivered.has(m.id)).map((m) => m.client_id),
    );
    // Broadcasts arrive out of id order, so only history pages may say that everything up to an id is here.
    expect(timeline.syncedVersion).toBe(syncedVersion);
  });

  test("a later copy of a message replaces the earlier one", () => {
    const first = message(1, OTHERS[0] ?? ME);
    const { state } = apply(fresh({ messages: [first] }), [{ event: "new_message", payload: { ...first, content: "исправлено" } }]);
    expect(state.timelines[ROOM]?.messages.map((m) => m.content)).toEqual(["исправлено"]);
  });

  test("someone else's message with my client_id does not clear my pending send", () => {
    const mine = message(5, ME);
    const theirs = message(6, OTHERS[0] ?? ME, { client_id: mine.client_id });
    const { state } = apply(fresh(), [{ action: { type: "send_started", message: pending(mine) } }, { event: "new_message", payload: theirs }]);
    expect(state.timelines[ROOM]?.pending.map((p) => p.client_id)).toEqual([mine.client_id]);
  });
});

describe("history pages", () => {
  test("only a page of the past can say the past is exhausted", () => {
    const msgs = Array.from({ length: 3 }, (_, i) => message(i + 10, ME));
    let state = fresh({ messages: msgs.slice(1) });
    expect(state.timelines[ROOM]?.hasOlder).toBe(false);
    state = chatReducer(fresh({ messages: msgs, pageSize: 3 }), { type: "page_loaded", roomId: ROOM, messages: [], page: "newer", complete: true });
    expect(state.timelines[ROOM]?.hasOlder).toBe(true);
    state = chatReducer(state, { type: "older_loading", roomId: ROOM, loading: true });
    expect(state.timelines[ROOM]?.loadingOlder).toBe(true);
    state = chatReducer(state, { type: "page_loaded", roomId: ROOM, messages: [message(9, ME)], page: "older", complete: true });
    expect(state.timelines[ROOM]).toMatchObject({ hasOlder: false, loadingOlder: false, syncedVersion: 12 });
    expect(state.timelines[ROOM]?.messages.map((m) => m.id)).toEqual([9, 10, 11, 12]);
  });

  test("a stale copy of a message never replaces a newer version, whichever arrives last", () => {
    const current = message(5, ME, { content: "после правки", version: 40 });
    const stale = message(5, ME, { content: "до правки", version: 5 });
    let state = fresh({ messages: [current] });
    state = chatReducer(state, { type: "message_received", message: stale });
    state = chatReducer(state, { type: "page_loaded", roomId: ROOM, messages: [stale], page: "latest", complete: true });
    expect(state.timelines[ROOM]?.messages).toEqual([current]);
    expect(state.timelines[ROOM]?.syncedVersion).toBe(40);
  });

  test("catch-up pages move the change cursor to the newest version they hold, in any order", () => {
    let state = fresh({ messages: [message(1, ME)] });
    state = chatReducer(state, { type: "page_loaded", roomId: ROOM, messages: [message(1, ME, { version: 9 }), message(2, ME, { version: 7 })], page: "newer", complete: true });
    expect(state.timelines[ROOM]?.syncedVersion).toBe(9);
    state = chatReducer(state, { type: "message_received", message: message(3, ME, { version: 30 }) });
    expect(state.timelines[ROOM]?.syncedVersion).toBe(9);
  });

  test("a room's first latest page marks it loaded", () => {
    const state = chatReducer(fresh({ roomId: null }), { type: "page_loaded", roomId: 7, messages: [message(3, ME, { room_id: 7 })], page: "latest", complete: false });
    expect(state.timelines[7]).toMatchObject({ loaded: true, syncedVersion: 3, hasOlder: true });
  });
});

describe("a jump to a message far up", () => {
  const ANNA = OTHERS[0] ?? ME;
  const all = Array.from({ length: 200 }, (_, i) => message(i + 1, ANNA));
  const ids = (state: ChatState) => state.timelines[ROOM]?.messages.map((m) => m.id) ?? [];
  const range = (from: number, to: number) => all.slice(from - 1, to);
  const latest = () => fresh({ messages: range(151, 200) });

  test("puts the page around it before a gap, and the gap fills page by page until it is gone", () => {
    let state = chatReducer(latest(), { type: "around_loaded", roomId: ROOM, messages: range(5, 54) });
    expect(state.timelines[ROOM]?.gap).toEqual({ after: 54, before: 151 });
    expect(ids(state)).toEqual([...range(5, 54), ...range(151, 200)].map((m) => m.id));
    expect(state.timelines[ROOM]).toMatchObject({ hasOlder: true, syncedVersion: 200 });

    const gap = { after: 54, before: 151 };
    state = chatReducer(state, { type: "gap_loaded", roomId: ROOM, gap, messages: range(55, 104), complete: false });
    expect(state.timelines[ROOM]?.gap).toEqual({ after: 104, before: 151 });
    // A page asked for a gap that has since changed is dropped: it may not border what is loaded.
    const stale = chatReducer(state, { type: "gap_loaded", roomId: ROOM, gap, messages: range(60, 61), complete: true });
    expect(stale.timelines[ROOM]?.gap).toEqual({ after: 104, before: 151 });
    state = chatReducer(state, { type: "gap_loaded", roomId: ROOM, gap: { after: 104, before: 151 }, messages: range(105, 150), complete: true });
    expect(state.timelines[ROOM]?.gap).toBeNull();
    expect(ids(state)).toEqual(range(5, 200).map((m) => m.id));
  });

  test("a page that meets the latest messages joins them, leaving no gap", () => {
    const state = chatReducer(latest(), { type: "around_loaded", roomId: ROOM, messages: range(110, 159) });
    expect(state.timelines[ROOM]?.gap).toBeNull();
    expect(ids(state)).toEqual(range(110, 200).map((m) => m.id));
  });

  test("a second jump keeps the island it overlaps and drops one it does not", () => {
    let state = chatReducer(latest(), { type: "around_loaded", roomId: ROOM, messages: range(50, 99) });
    state = chatReducer(state, { type: "around_loaded", roomId: ROOM, messages: range(80, 129) });
    expect(state.timelines[ROOM]?.gap).toEqual({ after: 129, before: 151 });
    expect(ids(state)[0]).toBe(50);
    state = chatReducer(state, { type: "around_loaded", roomId: ROOM, messages: range(1, 20) });
    expect(state.timelines[ROOM]?.gap).toEqual({ after: 20, before: 151 });
    expect(ids(state)).toEqual([...range(1, 20), ...range(151, 200)].map((m) => m.id));
  });

  test("changes to messages that are not loaded are not shown out of their place", () => {
    let state = chatReducer(latest(), { type: "around_loaded", roomId: ROOM, messages: range(5, 54) });
    const edited = (id: number) => ({ ...all[id - 1], content: "правка", version: 500 + id }) as MessageDto;
    state = chatReducer(state, { type: "message_updated", message: edited(100) });
    state = chatReducer(state, { type: "message_updated", message: edited(2) });
    state = chatReducer(state, { type: "page_loaded", roomId: ROOM, messages: [edited(120), edited(30), edited(199)], page: "newer", complete: true });
    expect(ids(state)).toEqual([...range(5, 54), ...range(151, 200)].map((m) => m.id));
    expect(state.timelines[ROOM]?.messages.filter((m) => m.content === "правка").map((m) => m.id)).toEqual([30, 199]);
    expect(state.timelines[ROOM]?.syncedVersion).toBe(699);
  });
});

describe("my sends", () => {
  const m = pending(message(1, ME));
  const started = chatReducer(fresh(), { type: "send_started", message: m });

  test("refused, retried and discarded change only that send", () => {
    const other = pending(message(2, ME));
    let state = chatReducer(started, { type: "send_started", message: other });
    state = chatReducer(state, { type: "send_failed", clientId: m.client_id, roomId: ROOM, error: "Сообщение отклонено" });
    expect(state.timelines[ROOM]?.pending).toEqual([{ ...m, status: "failed", error: "Сообщение отклонено" }, other]);
    state = chatReducer(state, { type: "send_retried", clientId: m.client_id, roomId: ROOM });
    expect(state.timelines[ROOM]?.pending).toEqual([{ ...m, error: undefined }, other]);
    state = chatReducer(state, { type: "send_discarded", clientId: m.client_id, roomId: ROOM });
    expect(state.timelines[ROOM]?.pending).toEqual([other]);
  });

  test("a send shown twice (typed, then restored after a reload) is listed once", () => {
    const state = chatReducer(started, { type: "outbox_restored", messages: [m] });
    expect(state.timelines[ROOM]?.pending).toEqual([m]);
  });
});

describe("rooms: replayed events or a reloaded list bring a stale list to what a fresh page shows", () => {
  type RoomEvent = { event: "room_created" | "room_updated"; payload: RoomDto } | { event: "room_deleted"; payload: { room_id: number; fallback_room_id: number } };

  function history(seed: number) {
    const rnd = random(seed);
    const alive = new Map<number, RoomDto>([[GENERAL.id, GENERAL]]);
    const snapshots: RoomDto[][] = [[GENERAL]];
    const events: RoomEvent[] = [];
    let nextId = 2;
    for (let step = rnd.int(1, 40); step > 0; step--) {
      const existing = [...alive.values()].filter((r) => !r.is_default);
      const choice = existing.length === 0 ? 0 : rnd.int(0, 2);
      if (choice === 0) {
        const created = room(nextId++);
        alive.set(created.id, created);
        events.push({ event: "room_created", payload: created });
      } else if (choice === 1) {
        const target = rnd.pick(existing);
        const renamed = { ...target, name: `${target.name}!` };
        alive.set(renamed.id, renamed);
        events.push({ event: "room_updated", payload: renamed });
      } else {
        const target = rnd.pick(existing);
        alive.delete(target.id);
        events.push({ event: "room_deleted", payload: { room_id: target.id, fallback_room_id: GENERAL.id } });
      }
      snapshots.push([...alive.values()].sort((a, b) => Number(b.is_default) - Number(a.is_default) || a.id - b.id));
    }
    const final = snapshots.at(-1) ?? [];
    return { rnd, events, snapshots, final };
  }

  test.each(SEEDS)("events replayed from before the snapshot, seed %i", (seed) => {
    const { rnd, events, snapshots, final } = history(seed);
    const seen = rnd.int(0, events.length);
    const replayFrom = rnd.int(0, seen);
    const start = fresh({ rooms: snapshots[seen] ?? [], roomId: null });
    const { state } = apply(start, events.slice(replayFrom), null);
    expect(state.rooms).toEqual(final);
    expect(state).toEqual(fresh({ rooms: final, roomId: null }));
  });

  test.each(SEEDS)("events lost, then the list reloaded page by page in any order, seed %i", (seed) => {
    const { rnd, snapshots, final } = history(seed);
    const stale = fresh({ rooms: snapshots[rnd.int(0, snapshots.length - 1)] ?? [], roomId: null });
    const size = rnd.int(1, 5);
    const pages: ChatAction[] = [];
    for (let from = 0; from === 0 || from < final.length; from += size) {
      const rooms = final.slice(from, from + size);
      const after = from === 0 ? undefined : final[from - 1]?.id;
      pages.push({ type: "rooms_page_loaded", rooms, after, complete: from + size >= final.length });
    }
    const { state } = apply(stale, rnd.shuffle(pages).map((action) => ({ action })), null);
    expect(state.rooms).toEqual(final);
  });

  test("a deleted room takes its timeline and presence with it", () => {
    let state = fresh({ rooms: [GENERAL, room(ROOM)], messages: [message(1, ME)] });
    state = chatReducer(state, { type: "presence_list", roomId: ROOM, users: [ME] });
    state = chatReducer(state, { type: "room_removed", roomId: ROOM });
    expect(state.timelines[ROOM]).toBeUndefined();
    expect(state.presence[ROOM]).toBeUndefined();
    expect(state.rooms).toEqual([GENERAL]);
  });

  test("a reloaded first page keeps the later pages already shown", () => {
    const state = chatReducer(fresh({ rooms: [GENERAL, room(2), room(3)], roomsAfter: 3 }), {
      type: "rooms_page_loaded",
      rooms: [GENERAL],
      after: undefined,
      complete: false,
    });
    expect(state.roomsAfter).toBe(3);
  });
});

describe("presence: replayed joins and leaves end where the server's list does", () => {
  test.each(SEEDS)("seed %i", (seed) => {
    const rnd = random(seed);
    const people: PresenceUserDto[] = [ME, ...OTHERS, { id: 4, username: "Глеб", city: "Омск" }];
    const here = new Map<number, PresenceUserDto>();
    const lists: PresenceUserDto[][] = [[]];
    const events: Delivery[] = [];
    for (let step = rnd.int(1, 30); step > 0; step--) {
      const person = rnd.pick(people);
      if (rnd.next() < 0.5) {
        here.set(person.id, person);
        events.push({ event: "joined_room", payload: { room_id: ROOM, user: person } });
      } else {
        here.delete(person.id);
        events.push({ event: "left_room", payload: { room_id: ROOM, user_id: person.id } });
      }
      lists.push([...here.values()]);
    }
    const seen = rnd.int(0, events.length);
    const start = apply(fresh(), [{ event: "room_users_list", payload: { room_id: ROOM, users: lists[seen] ?? [] } }]).state;
    const { state } = apply(start, events.slice(rnd.int(0, seen)));
    expect(state.presence[ROOM]).toEqual(sortPresence(here.values()));
  });

  test("leaving a room clears its list, and a leave for a room not shown is ignored", () => {
    let state = apply(fresh(), [{ event: "room_users_list", payload: { room_id: ROOM, users: [ME] } }]).state;
    state = chatReducer(state, { type: "presence_cleared", roomId: ROOM });
    expect(state.presence).toEqual({});
    expect(chatReducer(state, { type: "presence_left", roomId: ROOM, userId: ME.id })).toBe(state);
  });
});

describe("server events with side effects", () => {
  const kitchen = room(ROOM, { name: "кухня" });
  const rooms = [GENERAL, kitchen];
  const deleted: Delivery = { event: "room_deleted", payload: { room_id: ROOM, fallback_room_id: GENERAL.id } };
  const reader = (locale: "ru" | "en") => createTranslator({ locale, messages: CATALOGUE[locale] });

  test("deleting the room on screen moves the viewer to the fallback and says so, in the reader's language", () => {
    const { state, moves } = apply(fresh({ rooms }), [deleted], ROOM);
    expect(moves).toEqual([GENERAL.id]);
    expect(state.notice).toEqual({ kind: "room_deleted", room: kitchen, movedTo: GENERAL });
    expect(state.rooms).toEqual([GENERAL]);
    if (!state.notice) throw new Error("no notice");
    expect(noticeText(state.notice, reader("ru"))).toBe("Комната #кухня удалена. Вы перешли в «Общий чат».");
    // The default room is named in the reader's language, whatever name it is stored under.
    expect(noticeText(state.notice, reader("en"))).toBe("Room #кухня was deleted. You are now in “General”.");
  });

  test("the one who deleted a room is told it is gone, not that they moved", () => {
    const notice = { kind: "room_deleted", room: kitchen, movedTo: null } as const;
    expect(noticeText(notice, reader("ru"))).toBe("Комната #кухня удалена.");
    expect(noticeText(notice, reader("en"))).toBe("Room #кухня was deleted.");
  });

  test("the one who deleted the room keeps their own notice when the broadcast comes after their reply", () => {
    const before = fresh({ rooms });
    let state = chatReducer(before, { type: "room_removed", roomId: ROOM });
    state = chatReducer(state, { type: "notice", notice: { kind: "room_deleted", room: kitchen, movedTo: null } });
    const dispatch = (action: ChatAction) => {
      state = chatReducer(state, action);
    };
    // The event handler still sees the page as it was before it re-rendered: the room listed and on screen.
    handleServerEvent("room_deleted", { room_id: ROOM, fallback_room_id: GENERAL.id }, {
      state: before,
      currentRoomId: ROOM,
      dispatch,
      removeRoom: (roomId) => dispatch({ type: "room_removed", roomId }),
      showRoom: () => undefined,
    });
    expect(state.notice).toEqual({ kind: "room_deleted", room: kitchen, movedTo: null });
  });

  test("deleting another room moves no one", () => {
    const { state, moves } = apply(fresh({ rooms }), [deleted], GENERAL.id);
    expect(moves).toEqual([]);
    expect(state.notice).toBeNull();
    expect(state.rooms).toEqual([GENERAL]);
  });

  test("a changed city reaches the presence lists, the person's messages on screen and, for the reader, `me`", () => {
    const [boris, vera] = OTHERS as [PresenceUserDto, PresenceUserDto];
    const start = fresh({ messages: [message(1, boris), message(2, vera), message(3, ME)] });
    const moved = { ...boris, city: "Тверь" };

    const { state } = apply(start, [
      { event: "room_users_list", payload: { room_id: ROOM, users: [ME, boris, vera] } },
      { event: "room_users_list", payload: { room_id: GENERAL.id, users: [vera] } },
      { event: "user_updated", payload: moved },
      { event: "user_updated", payload: { ...ME, city: "Сочи" } },
    ]);

    expect(state.presence[ROOM]).toEqual(sortPresence([{ ...ME, city: "Сочи" }, moved, vera]));
    expect(state.presence[GENERAL.id]).toEqual([vera]);
    expect(state.timelines[ROOM]?.messages.map((m) => [m.id, m.user_city])).toEqual([
      [1, "Тверь"],
      [2, vera.city],
      [3, "Сочи"],
    ]);
    expect(state.me).toEqual({ ...ME, city: "Сочи" });
  });

  test("an error event becomes the notice", () => {
    const { state } = apply(fresh(), [{ event: "error", payload: { code: "forbidden", message: "Нельзя" } }]);
    expect(state.notice).toEqual({ kind: "server", text: "Нельзя" });
  });
});

describe("private spaces: members, conversations and lost access", () => {
  const [boris, vera] = OTHERS as [PresenceUserDto, PresenceUserDto];
  const secret = room(ROOM, { name: "секрет", kind: "private" });
  const reader = (locale: "ru" | "en") => createTranslator({ locale, messages: CATALOGUE[locale] });
  const loaded = (state: ChatState) =>
    chatReducer(state, { type: "members_loaded", roomId: ROOM, list: { room_id: ROOM, members: [member(ME, { role: "owner" }), member(boris)], others: 0 } });

  test("member events change the loaded list: who joined, left, became a moderator or was timed out", () => {
    const until = "2030-01-01T00:00:00.000Z";
    const { state } = apply(loaded(fresh({ rooms: [GENERAL, secret] })), [
      { event: "member_joined", payload: { room_id: ROOM, member: member(vera) } },
      { event: "member_updated", payload: { room_id: ROOM, user_id: vera.id, role: "moderator", timed_out_until: null } },
      { event: "member_updated", payload: { room_id: ROOM, user_id: boris.id, role: "member", timed_out_until: until } },
      { event: "member_left", payload: { room_id: ROOM, user_id: boris.id } },
      { event: "member_joined", payload: { room_id: GENERAL.id, member: member(boris) } },
    ]);
    expect(state.rosters[ROOM]).toEqual({ members: [member(ME, { role: "owner" }), member(vera, { role: "moderator" })], total: 2, failed: false });
    // Nobody loaded the default room's members here: an event about them waits for the list.
    expect(state.rosters[GENERAL.id]).toBeUndefined();
  });

  test("a timeout of mine arrives as a member event, and the room's new permissions as a room event", () => {
    const until = "2030-01-01T00:00:00.000Z";
    const silenced = { ...secret, my_role: "member" as const, permissions: { ...MEMBER_PERMISSIONS, send: false } };
    const { state } = apply(loaded(fresh({ rooms: [GENERAL, secret] })), [
      { event: "member_updated", payload: { room_id: ROOM, user_id: ME.id, role: "member", timed_out_until: until } },
      { event: "room_updated", payload: silenced },
    ]);
    expect(state.rosters[ROOM]?.members.find((m) => m.id === ME.id)?.timed_out_until).toBe(until);
    expect(state.rooms.find((r) => r.id === ROOM)?.permissions.send).toBe(false);
  });

  test("losing access to the room on screen drops it and its members, moves to the default room and says why", () => {
    const { state, moves } = apply(loaded(fresh({ rooms: [GENERAL, secret], messages: [message(1, boris)] })), [
      { event: "room_access_lost", payload: { room_id: ROOM } },
    ]);
    expect(state.rooms).toEqual([GENERAL]);
    expect(state.rosters[ROOM]).toBeUndefined();
    expect(state.timelines[ROOM]).toBeUndefined();
    expect(moves).toEqual([GENERAL.id]);
    if (!state.notice) throw new Error("no notice");
    expect(noticeText(state.notice, reader("ru"))).toBe("Вы больше не в комнате «секрет».");
    expect(noticeText(state.notice, reader("en"))).toBe("You no longer have access to “секрет”.");
  });

  test("losing access to another room only takes it off the list", () => {
    const { state, moves } = apply(fresh({ rooms: [GENERAL, secret] }), [{ event: "room_access_lost", payload: { room_id: ROOM } }], GENERAL.id);
    expect(state.rooms).toEqual([GENERAL]);
    expect(moves).toEqual([]);
    expect(state.notice).toBeNull();
  });

  test("a conversation someone began with me appears, named after them; its newest message moves it up", () => {
    const withBoris = direct(20, [boris]);
    const withVera = direct(21, [vera], { last_message_id: 5 });
    const { state } = apply(fresh({ rooms: [GENERAL, withVera] }), [
      { event: "room_created", payload: withBoris },
      { event: "new_message", payload: message(9, boris, { room_id: 20 }) },
    ]);
    expect(state.rooms.find((r) => r.id === 20)?.last_message_id).toBe(9);
    // An older copy of a message does not move the conversation back.
    const again = apply(state, [{ event: "new_message", payload: message(3, boris, { room_id: 20 }) }]).state;
    expect(again.rooms.find((r) => r.id === 20)?.last_message_id).toBe(9);
  });

  test("someone added to a group conversation joins its name; one who left leaves it", () => {
    const group = direct(20, [boris, vera]);
    const gleb = { id: 4, username: "глеб", city: "Омск" };
    const { state } = apply(fresh({ rooms: [GENERAL, group] }), [
      { event: "member_joined", payload: { room_id: 20, member: member(gleb) } },
      { event: "member_left", payload: { room_id: 20, user_id: boris.id } },
    ]);
    expect(state.rooms.find((r) => r.id === 20)?.members).toEqual([ME, vera, gleb]);
  });

  test("a list that could not be loaded says so, and a later one replaces it", () => {
    let state = chatReducer(fresh({ rooms: [GENERAL, secret] }), { type: "members_failed", roomId: ROOM });
    expect(state.rosters[ROOM]?.failed).toBe(true);
    state = loaded(state);
    expect(state.rosters[ROOM]?.failed).toBe(false);
  });

  test("a changed city reaches the member lists too", () => {
    const { state } = apply(loaded(fresh({ rooms: [GENERAL, secret] })), [{ event: "user_updated", payload: { ...boris, city: "Тверь" } }]);
    expect(state.rosters[ROOM]?.members.find((m) => m.id === boris.id)?.city).toBe("Тверь");
  });

  test("the first page of the list brings private rooms and conversations; public rooms come in pages after it", () => {
    const publicRooms = [room(2), room(3)];
    const mine = [direct(40, [boris]), room(41, { kind: "private" })];
    let state = chatReducer(fresh({ rooms: [GENERAL], roomsAfter: null, roomId: null }), {
      type: "rooms_page_loaded",
      rooms: [GENERAL, ...mine, ...publicRooms],
      after: undefined,
      complete: false,
    });
    expect(state.roomsAfter).toBe(3);
    state = chatReducer(state, { type: "rooms_page_loaded", rooms: [room(4)], after: 3, complete: true });
    expect(state.rooms.map((r) => r.id)).toEqual([GENERAL.id, 2, 3, 4, 40, 41]);
    expect(state.roomsAfter).toBeNull();
    // The limit counts public rooms only: a first page of two, with the reader's own rooms on top, may be full.
    expect(isLastRoomPage([GENERAL, ...mine, ...publicRooms], 2)).toBe(false);
    expect(isLastRoomPage([GENERAL, ...mine, ...publicRooms], 3)).toBe(true);
  });
});

test("a repeated connection status keeps the same state object, so nothing re-renders", () => {
  const online = chatReducer(fresh(), { type: "connection", status: "online" });
  expect(online.connection).toBe("online");
  expect(chatReducer(online, { type: "connection", status: "online" })).toBe(online);
});
