import type { ServerToClientEvents } from "@/lib/realtime/events";
import type { ChatAction, ChatState } from "./chat-state";

type Payload<E extends keyof ServerToClientEvents> = Parameters<ServerToClientEvents[E]>[0];

/** What an event handler may do beyond dispatching: the chat around the reducer. */
export interface EventContext {
  state: ChatState;
  /** The room on screen, or null. */
  currentRoomId: number | null;
  dispatch: (action: ChatAction) => void;
  /** Forgets a room everywhere: its timeline, its presence, and whatever the outbox still holds for it. */
  removeRoom: (roomId: number) => void;
  /** The room on screen is gone: show this one instead. */
  showRoom: (roomId: number) => void;
}

/** Most events are one reducer action; the few with side effects beyond it get the context instead. */
type EventEntry<E extends keyof ServerToClientEvents> =
  | ((payload: Payload<E>) => ChatAction)
  | { run: (payload: Payload<E>, context: EventContext) => void };

/** Every server event the chat listens to, and what it does; the socket hook registers them all in one loop. */
export const SERVER_EVENTS = {
  new_message: (message) => ({ type: "message_received", message }),
  room_users_list: ({ room_id, users }) => ({ type: "presence_list", roomId: room_id, users }),
  joined_room: ({ room_id, user }) => ({ type: "presence_joined", roomId: room_id, user }),
  left_room: ({ room_id, user_id }) => ({ type: "presence_left", roomId: room_id, userId: user_id }),
  room_created: (room) => ({ type: "room_upserted", room }),
  room_updated: (room) => ({ type: "room_upserted", room }),
  room_deleted: {
    run: ({ room_id, fallback_room_id }, { state, currentRoomId, dispatch, removeRoom, showRoom }) => {
      const room = state.rooms.find((r) => r.id === room_id);
      const fallback = state.rooms.find((r) => r.id === fallback_room_id);
      const shown = currentRoomId === room_id;
      // Both are listed: the room was on screen, and the fallback is the default room, which every list starts with.
      const notice = shown && room && fallback ? ({ kind: "room_deleted", room, movedTo: fallback } as const) : null;
      dispatch({ type: "room_gone", roomId: room_id, notice });
      removeRoom(room_id);
      if (shown) showRoom(fallback_room_id);
    },
  },
  user_updated: (user) => ({ type: "user_updated", user }),
  message_updated: (message) => ({ type: "message_updated", message }),
  message_deleted: ({ id, room_id, version }) => ({ type: "message_deleted", roomId: room_id, id, version }),
  reaction_added: ({ message_id, room_id, emoji, user_id, version }) => ({
    type: "reaction_changed",
    roomId: room_id,
    messageId: message_id,
    emoji,
    userId: user_id,
    added: true,
    version,
  }),
  reaction_removed: ({ message_id, room_id, emoji, user_id, version }) => ({
    type: "reaction_changed",
    roomId: room_id,
    messageId: message_id,
    emoji,
    userId: user_id,
    added: false,
    version,
  }),
  member_joined: ({ room_id, member }) => ({ type: "member_joined", roomId: room_id, member }),
  member_left: ({ room_id, user_id }) => ({ type: "member_left", roomId: room_id, userId: user_id }),
  member_updated: ({ room_id, user_id, role, timed_out_until }) => ({
    type: "member_updated",
    roomId: room_id,
    userId: user_id,
    role,
    timedOutUntil: timed_out_until,
  }),
  room_access_lost: {
    run: ({ room_id }, { state, currentRoomId, dispatch, removeRoom, showRoom }) => {
      const room = state.rooms.find((r) => r.id === room_id);
      const fallback = state.rooms.find((r) => r.is_default);
      const shown = currentRoomId === room_id;
      dispatch({ type: "room_gone", roomId: room_id, notice: shown && room ? { kind: "access_lost", room } : null });
      removeRoom(room_id);
      if (shown && fallback) showRoom(fallback.id);
    },
  },
  typing: ({ room_id, user, stopped }) => ({ type: "typing", roomId: room_id, user, stopped: stopped === true, at: Date.now() }),
  error: (error) => ({ type: "notice", notice: { kind: "server", text: error.message } }),
} satisfies { [E in keyof ServerToClientEvents]?: EventEntry<E> };

export type HandledEvent = keyof typeof SERVER_EVENTS;

// A mapped type, so that indexing it with one event keeps the entry and the payload of that same event.
const EVENT_TABLE: { [E in HandledEvent]: EventEntry<E> } = SERVER_EVENTS;

/** Runs one event's entry: its action goes to the reducer, its handler gets the context. */
export function handleServerEvent<E extends HandledEvent>(event: E, payload: Payload<E>, context: EventContext): void {
  const entry = EVENT_TABLE[event];
  if (typeof entry === "function") context.dispatch(entry(payload));
  else entry.run(payload, context);
}
