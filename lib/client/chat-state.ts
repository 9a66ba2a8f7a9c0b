import { sortPresence, type MemberDto, type MemberListDto, type MessageDto, type PresenceUserDto, type RoomDto } from "@/lib/chat/dto";
import {
  keepMyReactions,
  tombstoneOf,
  withFreshPreviews,
  withReaction,
  withTypist,
  type PendingChange,
  type Typist,
} from "./conversation-state";
import { FAILED_ROSTER, rosterOf, withMember, withMemberChange, withoutMember, type RoomRole, type Roster } from "./roster";

export interface PendingMessage {
  client_id: string;
  room_id: number;
  content: string;
  /** ISO time the user pressed Enter; the server's timestamp replaces it on ack. */
  created_at: string;
  /** The message of this room it answers. */
  reply_to_id?: number;
  status: "pending" | "failed";
  error?: string;
}

/**
 * Messages the room has between two loaded ones and this timeline does not: a jump to an older message loads
 * the page around it (an island), apart from the latest messages. Ids strictly between `after` and `before`.
 */
export interface TimelineGap {
  after: number;
  before: number;
}

export interface RoomTimeline {
  /** Acknowledged messages, ordered by id, unique by id. */
  messages: MessageDto[];
  /** My sends not yet acknowledged, in the order they were typed. */
  pending: PendingMessage[];
  /** Whether the latest page has been fetched (or rendered by the server). */
  loaded: boolean;
  /**
   * Every change to this room up to this version is here (the change cursor). Only history fetches move
   * it: broadcasts of concurrent changes can arrive out of order, so the newest one received says nothing
   * about those before it, and a reconnect catches up from here (`changed_after`), not from what is on screen.
   */
  syncedVersion: number;
  hasOlder: boolean;
  loadingOlder: boolean;
  /** My edits, deletions and reactions on their way, by message id: shown over the server's copy until acked. */
  changes: Record<number, PendingChange>;
  gap: TimelineGap | null;
}

/** One change of mine to a message, as the outbox carries it. */
export type MessageChange = { kind: "edit"; content: string } | { kind: "delete" } | { kind: "react"; emoji: string; add: boolean };

/** What the bar above the messages tells the user, kept as data and worded when shown, in the reader's language. */
export type Notice =
  /** A sentence from the server, already in the reader's language (a request failed, an error event). */
  | { kind: "server"; text: string }
  /** `movedTo`: where a reader who had the room open now is; null for the one who deleted it. */
  | { kind: "room_deleted"; room: RoomDto; movedTo: RoomDto | null }
  /** The reader was removed from a room they had open (kicked, banned, left out when it became private). */
  | { kind: "access_lost"; room: RoomDto }
  /** The reader left a room themselves. */
  | { kind: "left"; room: RoomDto };

export type ConnectionStatus = "connecting" | "online" | "reconnecting" | "restored";

export interface ChatState {
  me: PresenceUserDto;
  rooms: RoomDto[];
  /** Where the next page of the room list starts (the last id of the newest page), or null when all are here. */
  roomsAfter: number | null;
  timelines: Record<number, RoomTimeline>;
  presence: Record<number, PresenceUserDto[]>;
  /** Each room's members as last loaded and kept up by member events (roster.ts); absent until loaded. */
  rosters: Record<number, Roster>;
  connection: ConnectionStatus;
  /** One short thing to tell the user (a room was deleted, a request failed). */
  notice: Notice | null;
  /** Who else is typing, per room, with the time of their last signal (conversation-state.ts#typistsAt). */
  typing: Record<number, Typist[]>;
}

export type ChatAction =
  | { type: "page_loaded"; roomId: number; messages: MessageDto[]; page: "latest" | "older" | "newer"; complete: boolean }
  /** The page about one message (`?around=`), for a jump to it. */
  | { type: "around_loaded"; roomId: number; messages: MessageDto[] }
  /** A page of the gap's messages, oldest first; `complete` when it holds the rest of them. */
  | { type: "gap_loaded"; roomId: number; gap: TimelineGap; messages: MessageDto[]; complete: boolean }
  | { type: "older_loading"; roomId: number; loading: boolean }
  | { type: "message_received"; message: MessageDto }
  /** A broadcast of an edited or deleted message: the whole message, `me` false in its reactions. */
  | { type: "message_updated"; message: MessageDto }
  | { type: "message_deleted"; roomId: number; id: number; version: number }
  | { type: "reaction_changed"; roomId: number; messageId: number; emoji: string; userId: number; added: boolean; version: number }
  | { type: "typing"; roomId: number; user: { id: number; username: string }; stopped: boolean; at: number }
  | { type: "change_started"; roomId: number; messageId: number; change: MessageChange }
  /** The server applied my change and answered with the message as it now is. */
  | { type: "change_applied"; roomId: number; messageId: number; change: MessageChange; message: MessageDto }
  | { type: "change_failed"; roomId: number; messageId: number; change: MessageChange; error: string }
  | { type: "change_discarded"; roomId: number; messageId: number; change: MessageChange }
  | { type: "send_started"; message: PendingMessage }
  /** Unacknowledged sends a previous page of this tab left in sessionStorage. */
  | { type: "outbox_restored"; messages: PendingMessage[] }
  | { type: "send_failed"; clientId: string; roomId: number; error: string }
  | { type: "send_retried"; clientId: string; roomId: number }
  | { type: "send_discarded"; clientId: string; roomId: number }
  /** A page of GET /api/rooms: it is the truth for the ids it spans; rooms outside it stay as they are. */
  | { type: "rooms_page_loaded"; rooms: RoomDto[]; after: number | undefined; complete: boolean }
  | { type: "room_upserted"; room: RoomDto }
  | { type: "room_removed"; roomId: number }
  /**
   * The server says a room is gone for the reader (deleted, or their access lost): the notice is shown only if the
   * room is still listed. The reader's own deletion or leaving may have removed it already, with its own notice,
   * and the event, heard a moment later, must not replace that.
   */
  | { type: "room_gone"; roomId: number; notice: Notice | null }
  | { type: "presence_list"; roomId: number; users: PresenceUserDto[] }
  | { type: "presence_joined"; roomId: number; user: PresenceUserDto }
  | { type: "presence_left"; roomId: number; userId: number }
  | { type: "presence_cleared"; roomId: number }
  | { type: "members_loaded"; roomId: number; list: MemberListDto }
  | { type: "members_failed"; roomId: number }
  /** Invited, first joined a public room, or answered by the server to my own moderation (a timeout, a role). */
  | { type: "member_joined"; roomId: number; member: MemberDto }
  | { type: "member_left"; roomId: number; userId: number }
  | { type: "member_updated"; roomId: number; userId: number; role: RoomRole; timedOutUntil: string | null }
  /** Someone changed their city: their presence entries and messages on screen show the new one. */
  | { type: "user_updated"; user: PresenceUserDto }
  | { type: "connection"; status: ConnectionStatus }
  | { type: "notice"; notice: Notice | null };

export const EMPTY_TIMELINE: RoomTimeline = {
  messages: [],
  pending: [],
  loaded: false,
  syncedVersion: 0,
  hasOlder: true,
  loadingOlder: false,
  changes: {},
  gap: null,
};

/** The default room first, then the order of creation, as GET /api/rooms lists them. */
function sortRooms(rooms: RoomDto[]): RoomDto[] {
  return [...rooms].sort((a, b) => Number(b.is_default) - Number(a.is_default) || a.id - b.id);
}

const newestVersion = (messages: MessageDto[], since: number) => messages.reduce((newest, m) => Math.max(newest, m.version), since);

/**
 * Merges by id and keeps id order; history pages, broadcasts and acks overlap freely. Of two copies of
 * one message the newer version wins, so a stale copy arriving late never undoes a change.
 */
export function mergeMessages(current: MessageDto[], incoming: MessageDto[]): MessageDto[] {
  if (incoming.length === 0) return current;
  const byId = new Map<number, MessageDto>();
  for (const message of current) byId.set(message.id, message);
  for (const message of incoming) {
    const known = byId.get(message.id);
    if (!known || known.version <= message.version) byId.set(message.id, message);
  }
  return [...byId.values()].sort((a, b) => a.id - b.id);
}

function withoutAcknowledged(pending: PendingMessage[], incoming: MessageDto[], myId: number): PendingMessage[] {
  const acknowledged = new Set(incoming.filter((m) => m.user_id === myId && m.client_id).map((m) => m.client_id));
  return acknowledged.size === 0 ? pending : pending.filter((p) => !acknowledged.has(p.client_id));
}

function updateTimeline(state: ChatState, roomId: number, change: (timeline: RoomTimeline) => RoomTimeline): ChatState {
  const timeline = state.timelines[roomId] ?? EMPTY_TIMELINE;
  return { ...state, timelines: { ...state.timelines, [roomId]: change(timeline) } };
}

function updatePending(state: ChatState, roomId: number, clientId: string, change: (p: PendingMessage) => PendingMessage | null) {
  return updateTimeline(state, roomId, (t) => ({
    ...t,
    pending: t.pending.flatMap((p) => {
      if (p.client_id !== clientId) return [p];
      const next = change(p);
      return next ? [next] : [];
    }),
  }));
}

/** Skips what is already shown, pending or acknowledged (a restored send may have been stored before the reload). */
function addPending(state: ChatState, messages: PendingMessage[]): ChatState {
  let next = state;
  for (const message of messages) {
    next = updateTimeline(next, message.room_id, (t) => {
      const known =
        t.pending.some((p) => p.client_id === message.client_id) ||
        t.messages.some((m) => m.user_id === state.me.id && m.client_id === message.client_id);
      return known ? t : { ...t, pending: [...t.pending, message] };
    });
  }
  return next;
}

/** Public rooms are listed in pages by id; the first page also brings the default room and all of the reader's own. */
const isPaged = (room: RoomDto) => room.kind === "public" && !room.is_default;

/** Where the next page of public rooms starts, or null when this page was the last. */
export function nextRoomsAfter(page: RoomDto[], complete: boolean): number | null {
  if (complete) return null;
  return page.filter(isPaged).at(-1)?.id ?? null;
}

/**
 * Whether a page of GET /api/rooms holds the last public rooms: its limit counts public rooms only, the first
 * page's default room and the reader's own rooms and conversations coming on top.
 */
export function isLastRoomPage(page: RoomDto[], limit: number): boolean {
  return page.filter(isPaged).length < limit;
}

/** Replaces the rooms a page of the list spans (the first page: the default room and the reader's own) with the page. */
function mergeRoomPage(rooms: RoomDto[], page: RoomDto[], after: number | undefined, complete: boolean): RoomDto[] {
  const end = complete ? Number.POSITIVE_INFINITY : (page.filter(isPaged).at(-1)?.id ?? Number.NEGATIVE_INFINITY);
  const spanned = (room: RoomDto) => (isPaged(room) ? room.id > (after ?? 0) && room.id <= end : after === undefined);
  return sortRooms([...rooms.filter((room) => !spanned(room)), ...page]);
}

function updateRoster(state: ChatState, roomId: number, change: (roster: Roster) => Roster): ChatState {
  const roster = state.rosters[roomId];
  return roster ? { ...state, rosters: { ...state.rosters, [roomId]: change(roster) } } : state;
}

/** A conversation is named after its people, so who is in it is part of the room object too. */
function withConversationPeople(state: ChatState, roomId: number, change: (people: PresenceUserDto[]) => PresenceUserDto[]): ChatState {
  const room = state.rooms.find((r) => r.id === roomId);
  if (room?.kind !== "direct") return state;
  return { ...state, rooms: state.rooms.map((r) => (r === room ? { ...room, members: change(room.members ?? []) } : r)) };
}

/** Conversations are listed by their latest message, which is now this one if it is newer. */
function withLatestMessage(rooms: RoomDto[], message: MessageDto): RoomDto[] {
  const room = rooms.find((r) => r.id === message.room_id);
  if (!room || (room.last_message_id ?? 0) >= message.id) return rooms;
  return rooms.map((r) => (r === room ? { ...room, last_message_id: message.id } : r));
}

function withoutTypist(state: ChatState, roomId: number, userId: number): ChatState {
  const typists = state.typing[roomId];
  if (!typists?.some((t) => t.id === userId)) return state;
  return { ...state, typing: { ...state.typing, [roomId]: typists.filter((t) => t.id !== userId) } };
}

const byId = (timeline: RoomTimeline, id: number) => timeline.messages.find((m) => m.id === id);

const inGap = (gap: TimelineGap | null, id: number) => gap !== null && id > gap.after && id < gap.before;

/**
 * Whether a message belongs among those loaded: a changed copy of one that is not (older than the oldest loaded,
 * or in the gap) would show it out of its place, and hide the messages around it for good.
 */
function belongsIn(timeline: RoomTimeline, id: number): boolean {
  if (byId(timeline, id)) return true;
  const oldest = timeline.messages[0]?.id;
  if (!timeline.loaded || (timeline.hasOlder && (oldest === undefined || id < oldest))) return false;
  return !inGap(timeline.gap, id);
}

/** A newer copy of a message replaces the old one, and the replies on screen that quote it follow. */
function withChangedMessage(timeline: RoomTimeline, message: MessageDto): RoomTimeline {
  if (!belongsIn(timeline, message.id)) return timeline;
  const messages = mergeMessages(timeline.messages, [message]);
  const current = messages.find((m) => m.id === message.id);
  return { ...timeline, messages: current ? withFreshPreviews(messages, current) : messages };
}

/** Sets (`pending`, a failure) or clears (null) one of my changes to a message. */
function withPendingChange(
  timeline: RoomTimeline,
  messageId: number,
  change: MessageChange,
  state: "pending" | { failed: string } | null,
): RoomTimeline {
  const current: PendingChange = { ...timeline.changes[messageId] };
  if (change.kind === "edit") {
    if (state === null) delete current.edit;
    else current.edit = state === "pending" ? { content: change.content, status: "pending" } : { content: change.content, status: "failed", error: state.failed };
  } else if (change.kind === "delete") {
    if (state === null) delete current.deleting;
    else current.deleting = true;
  } else {
    const reactions = { ...current.reactions };
    if (state === null) delete reactions[change.emoji];
    else reactions[change.emoji] = change.add;
    current.reactions = reactions;
    if (Object.keys(reactions).length === 0) delete current.reactions;
  }
  const changes = { ...timeline.changes };
  if (Object.keys(current).length === 0) delete changes[messageId];
  else changes[messageId] = current;
  return { ...timeline, changes };
}

/**
 * Puts the page around a message into the timeline. The part that reaches the latest message (the tail) stays;
 * the page joins it when they overlap (a page that reaches the latest message always does), or else becomes the
 * island before the gap, with whatever of the previous island it overlaps. An island it does not overlap is
 * dropped: a timeline holds at most one gap. Whether the island has older messages is found out by asking.
 */
function withPageAround(timeline: RoomTimeline, page: MessageDto[]): RoomTimeline {
  const first = page[0]?.id;
  const last = page.at(-1)?.id;
  if (first === undefined || last === undefined) return timeline;
  const { gap } = timeline;
  const tail = gap ? timeline.messages.filter((m) => m.id >= gap.before) : timeline.messages;
  const island = gap ? timeline.messages.filter((m) => m.id <= gap.after) : [];
  const overlaps = (island[0]?.id ?? Number.POSITIVE_INFINITY) <= last && (island.at(-1)?.id ?? 0) >= first;
  const kept = overlaps ? island : [];
  const tailStart = tail[0]?.id;
  return {
    ...timeline,
    messages: mergeMessages(mergeMessages(tail, kept), page),
    hasOlder: (kept[0]?.id ?? Number.POSITIVE_INFINITY) < first ? timeline.hasOlder : true,
    gap: tailStart === undefined || last >= tailStart ? null : { after: Math.max(last, kept.at(-1)?.id ?? 0), before: tailStart },
  };
}

/** A page of the gap's messages narrows it, unless the gap it was asked for is no longer the timeline's. */
function withGapPage(timeline: RoomTimeline, asked: TimelineGap, page: MessageDto[], complete: boolean): RoomTimeline {
  const { gap } = timeline;
  if (gap?.after !== asked.after || gap.before !== asked.before) return timeline;
  const after = Math.max(gap.after, page.at(-1)?.id ?? gap.after);
  return { ...timeline, messages: mergeMessages(timeline.messages, page), gap: complete || after >= gap.before ? null : { ...gap, after } };
}

export function initChatState(init: {
  me: PresenceUserDto;
  rooms: RoomDto[];
  /** Where the room list's next page starts, or null when `rooms` is the whole list. */
  roomsAfter: number | null;
  roomId: number | null;
  messages: MessageDto[];
  pageSize: number;
}): ChatState {
  const timelines: Record<number, RoomTimeline> = {};
  if (init.roomId !== null) {
    timelines[init.roomId] = {
      ...EMPTY_TIMELINE,
      messages: mergeMessages([], init.messages),
      loaded: true,
      syncedVersion: newestVersion(init.messages, 0),
      hasOlder: init.messages.length >= init.pageSize,
    };
  }
  return {
    me: init.me,
    rooms: sortRooms(init.rooms),
    roomsAfter: init.roomsAfter,
    timelines,
    presence: {},
    rosters: {},
    connection: "connecting",
    notice: null,
    typing: {},
  };
}

function withUpdatedUser(state: ChatState, user: PresenceUserDto): ChatState {
  const presence: Record<number, PresenceUserDto[]> = {};
  for (const [roomId, users] of Object.entries(state.presence)) {
    presence[Number(roomId)] = users.some((u) => u.id === user.id) ? sortPresence(users.map((u) => (u.id === user.id ? user : u))) : users;
  }
  const timelines: Record<number, RoomTimeline> = {};
  for (const [roomId, timeline] of Object.entries(state.timelines)) {
    const authored = timeline.messages.some((m) => m.user_id === user.id);
    // Only the city is rewritten: the message is otherwise the server's copy, its version included.
    timelines[Number(roomId)] = authored
      ? { ...timeline, messages: timeline.messages.map((m) => (m.user_id === user.id ? { ...m, user_city: user.city } : m)) }
      : timeline;
  }
  const rosters: Record<number, Roster> = {};
  for (const [roomId, roster] of Object.entries(state.rosters)) {
    rosters[Number(roomId)] = roster.members.some((m) => m.id === user.id)
      ? { ...roster, members: roster.members.map((m) => (m.id === user.id ? { ...m, city: user.city } : m)) }
      : roster;
  }
  return { ...state, me: state.me.id === user.id ? user : state.me, presence, timelines, rosters };
}

export function chatReducer(state: ChatState, action: ChatAction): ChatState {
  switch (action.type) {
    case "page_loaded":
      return updateTimeline(state, action.roomId, (t) => ({
        ...t,
        // A catch-up page holds whatever changed since, the gap's messages too: those come when the gap is filled.
        messages: mergeMessages(t.messages, action.page === "newer" ? action.messages.filter((m) => !inGap(t.gap, m.id)) : action.messages),
        pending: withoutAcknowledged(t.pending, action.messages, state.me.id),
        loaded: true,
        syncedVersion: action.page === "older" ? t.syncedVersion : newestVersion(action.messages, t.syncedVersion),
        // Only a page of the past can tell that the past is exhausted.
        hasOlder: action.page === "newer" ? t.hasOlder : !action.complete,
        loadingOlder: action.page === "older" ? false : t.loadingOlder,
      }));
    // Pages of the past: they say nothing about what changed since the cursor.
    case "around_loaded":
      return updateTimeline(state, action.roomId, (t) => withPageAround(t, action.messages));
    case "gap_loaded":
      return updateTimeline(state, action.roomId, (t) => withGapPage(t, action.gap, action.messages, action.complete));
    case "older_loading":
      return updateTimeline(state, action.roomId, (t) => ({ ...t, loadingOlder: action.loading }));
    case "message_received": {
      // Their message is here: they are no longer typing it.
      const next = withoutTypist({ ...state, rooms: withLatestMessage(state.rooms, action.message) }, action.message.room_id, action.message.user_id);
      return updateTimeline(next, action.message.room_id, (t) => ({
        ...t,
        messages: mergeMessages(t.messages, [action.message]),
        pending: withoutAcknowledged(t.pending, [action.message], state.me.id),
      }));
    }
    case "message_updated":
      return updateTimeline(state, action.message.room_id, (t) => withChangedMessage(t, keepMyReactions(action.message, byId(t, action.message.id))));
    case "message_deleted":
      return updateTimeline(state, action.roomId, (t) => {
        const known = byId(t, action.id);
        return known ? withChangedMessage(t, tombstoneOf(known, action.version)) : t;
      });
    case "reaction_changed":
      return updateTimeline(state, action.roomId, (t) => {
        const known = byId(t, action.messageId);
        if (!known) return t;
        const mine = action.userId === state.me.id;
        return { ...t, messages: t.messages.map((m) => (m === known ? withReaction(m, { ...action, mine }) : m)) };
      });
    case "typing":
      return { ...state, typing: { ...state.typing, [action.roomId]: withTypist(state.typing[action.roomId], { ...action.user, at: action.at }, action.stopped) } };
    case "change_started":
      return updateTimeline(state, action.roomId, (t) => withPendingChange(t, action.messageId, action.change, "pending"));
    case "change_applied":
      return updateTimeline(state, action.roomId, (t) =>
        withChangedMessage(withPendingChange(t, action.messageId, action.change, null), action.message),
      );
    case "change_failed":
      // A failed edit stays, to be sent again or dropped; a refused deletion or reaction simply did not happen.
      return updateTimeline(action.change.kind === "edit" ? state : { ...state, notice: { kind: "server", text: action.error } }, action.roomId, (t) =>
        withPendingChange(t, action.messageId, action.change, action.change.kind === "edit" ? { failed: action.error } : null),
      );
    case "change_discarded":
      return updateTimeline(state, action.roomId, (t) => withPendingChange(t, action.messageId, action.change, null));
    case "send_started":
      return addPending(state, [action.message]);
    case "outbox_restored":
      return addPending(state, action.messages);
    case "send_failed":
      return updatePending(state, action.roomId, action.clientId, (p) => ({ ...p, status: "failed", error: action.error }));
    case "send_retried":
      return updatePending(state, action.roomId, action.clientId, (p) => ({ ...p, status: "pending", error: undefined }));
    case "send_discarded":
      return updatePending(state, action.roomId, action.clientId, () => null);
    case "rooms_page_loaded": {
      const roomsAfter = nextRoomsAfter(action.rooms, action.complete);
      return {
        ...state,
        rooms: mergeRoomPage(state.rooms, action.rooms, action.after, action.complete),
        // A reloaded first page does not forget later pages already shown.
        roomsAfter:
          action.after === undefined && !action.complete && state.roomsAfter !== null ? Math.max(roomsAfter ?? 0, state.roomsAfter) : roomsAfter,
      };
    }
    case "room_upserted":
      return { ...state, rooms: sortRooms([...state.rooms.filter((r) => r.id !== action.room.id), action.room]) };
    case "room_removed": {
      const timelines = { ...state.timelines };
      const presence = { ...state.presence };
      const rosters = { ...state.rosters };
      delete timelines[action.roomId];
      delete presence[action.roomId];
      delete rosters[action.roomId];
      return { ...state, rooms: state.rooms.filter((r) => r.id !== action.roomId), timelines, presence, rosters };
    }
    case "room_gone":
      return action.notice && state.rooms.some((r) => r.id === action.roomId) ? { ...state, notice: action.notice } : state;
    case "presence_list":
      return { ...state, presence: { ...state.presence, [action.roomId]: sortPresence(action.users) } };
    case "presence_joined": {
      const users = (state.presence[action.roomId] ?? []).filter((u) => u.id !== action.user.id);
      return { ...state, presence: { ...state.presence, [action.roomId]: sortPresence([...users, action.user]) } };
    }
    case "presence_left": {
      const users = state.presence[action.roomId];
      const next = withoutTypist(state, action.roomId, action.userId);
      if (!users) return next;
      return { ...next, presence: { ...state.presence, [action.roomId]: users.filter((u) => u.id !== action.userId) } };
    }
    case "presence_cleared": {
      const presence = { ...state.presence };
      delete presence[action.roomId];
      return { ...state, presence };
    }
    case "members_loaded":
      return { ...state, rosters: { ...state.rosters, [action.roomId]: rosterOf(action.list) } };
    case "members_failed":
      return { ...state, rosters: { ...state.rosters, [action.roomId]: FAILED_ROSTER } };
    case "member_joined": {
      const { id, username, city } = action.member;
      const next = withConversationPeople(state, action.roomId, (people) => [...people.filter((p) => p.id !== id), { id, username, city }]);
      return updateRoster(next, action.roomId, (roster) => withMember(roster, action.member));
    }
    case "member_left": {
      const next = withConversationPeople(state, action.roomId, (people) => people.filter((p) => p.id !== action.userId));
      return updateRoster(next, action.roomId, (roster) => withoutMember(roster, action.userId));
    }
    case "member_updated":
      return updateRoster(state, action.roomId, (roster) => withMemberChange(roster, action, state.presence[action.roomId]));
    case "user_updated":
      return withUpdatedUser(state, action.user);
    case "connection":
      return state.connection === action.status ? state : { ...state, connection: action.status };
    case "notice":
      return { ...state, notice: action.notice };
  }
}
