import type { WireError } from "../errors";
import type { MemberDto, MessageDto, PresenceUserDto, RoomDto } from "./dto";
import type { RoomRole } from "../db/types";
import type { EditMessageInput, MessageRef, ReactionInput, RoomRef, SendMessageInput, TypingInput } from "./schemas";

// The socket contract, declared once for the server, the browser and lib/chat's events: DESIGN.md's
// WebSocket section in types. lib/realtime carries it; it does not define it.

export type AckResult<T extends object = object> = ({ ok: true } & T) | { ok: false; error: WireError };
export type Ack<T extends object = object> = (result: AckResult<T>) => void;

export interface RoomUsers {
  room_id: number;
  users: PresenceUserDto[];
}

/**
 * Payload types are what a well-behaved client sends; the server still parses every one as unknown and
 * answers without an ack too (as an `error` event). Declaring the ack lets `emitWithAck` type its
 * result, and lets the server check each handler's result against it (lib/realtime/on.ts).
 */
export interface ClientToServerEvents {
  join_room: (payload: RoomRef, ack: Ack<RoomUsers>) => void;
  /** Sent on the way out of a room; nobody waits for its answer. */
  leave_room: (payload: RoomRef, ack?: Ack) => void;
  send_message: (payload: SendMessageInput, ack: Ack<{ message: MessageDto }>) => void;
  edit_message: (payload: EditMessageInput, ack: Ack<{ message: MessageDto }>) => void;
  /** Answers with the tombstone. */
  delete_message: (payload: MessageRef, ack: Ack<{ message: MessageDto }>) => void;
  add_reaction: (payload: ReactionInput, ack: Ack<{ message: MessageDto }>) => void;
  remove_reaction: (payload: ReactionInput, ack: Ack<{ message: MessageDto }>) => void;
  /** At most one per 3 s while the text changes; `stopped` when the composer empties. Nobody waits for its answer. */
  typing: (payload: TypingInput, ack?: Ack) => void;
}

/** A reaction as the room hears it; `version` is the message's new place on the change cursor. */
export interface ReactionEvent {
  message_id: number;
  room_id: number;
  emoji: string;
  user_id: number;
  version: number;
}

/** What a successful ack of a client event carries besides `ok: true`. */
export type AckPayload<E extends keyof ClientToServerEvents> = NonNullable<Parameters<ClientToServerEvents[E]>[1]> extends Ack<infer T> ? T : never;

export interface ServerToClientEvents {
  connected: (payload: { username: string; status: "connected" }) => void;
  new_message: (message: MessageDto) => void;
  room_users_list: (payload: RoomUsers) => void;
  joined_room: (payload: { room_id: number; user: PresenceUserDto }) => void;
  left_room: (payload: { room_id: number; user_id: number }) => void;
  room_created: (room: RoomDto) => void;
  room_updated: (room: RoomDto) => void;
  /** Everyone still viewing the room is moved to `fallback_room_id` («Общий чат»). */
  room_deleted: (payload: { room_id: number; fallback_room_id: number }) => void;
  /** A person changed how others see them (their city): presence lists and their messages on screen follow. */
  user_updated: (user: PresenceUserDto) => void;
  /** The whole message after an edit or a deletion (then a tombstone); `me` in its reactions is false. */
  message_updated: (message: MessageDto) => void;
  message_deleted: (payload: { id: number; room_id: number; version: number }) => void;
  reaction_added: (reaction: ReactionEvent) => void;
  reaction_removed: (reaction: ReactionEvent) => void;
  /** Someone else in the room is typing, or (`stopped`) no longer is. */
  typing: (payload: { room_id: number; user: { id: number; username: string }; stopped?: true }) => void;
  /** Someone became a member of a room the reader can see the members of (invited, or first joined a public room). */
  member_joined: (payload: { room_id: number; member: MemberDto }) => void;
  /** Someone stopped being a member (left, kicked, banned). */
  member_left: (payload: { room_id: number; user_id: number }) => void;
  /** A member's role or timeout changed. */
  member_updated: (payload: { room_id: number; user_id: number; role: RoomRole; timed_out_until: string | null }) => void;
  /**
   * The reader may no longer read the room (left, kicked, banned, or it became private without them): it
   * leaves their list, and their connections no longer hear it, on every instance.
   */
  room_access_lost: (payload: { room_id: number }) => void;
  error: (error: WireError) => void;
}
