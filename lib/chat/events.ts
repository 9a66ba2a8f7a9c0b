import type { RoomQuota, Store, User } from "../db/types";
import type { Throttles } from "../limits";
import type { MessageRules } from "./access";
import type { ServerToClientEvents } from "./wire";
import type { PresenceUserDto } from "./dto";

/** Who receives an event. The use case that causes the event names it; lib/realtime maps it to channels. */
export type Audience =
  /** The sockets subscribed to a room's live events (its readers who have it open). */
  | { to: "room"; roomId: number; exceptUserIds?: number[] }
  /** Every socket of these users, on every instance. */
  | { to: "users"; userIds: number[] }
  /** Every connected socket, but those of these users. */
  | { to: "everyone"; exceptUserIds?: number[] };

export type EventName = Exclude<keyof ServerToClientEvents, "error" | "connected">;
export type EventPayload<E extends EventName> = Parameters<ServerToClientEvents[E]>[0];

/**
 * The one way lib/chat announces what changed. HTTP and socket paths call the same use cases, so
 * both reach connected clients the same way; with Redis, every instance delivers to its own sockets.
 */
export interface ChatEvents {
  publish<E extends EventName>(event: E, payload: EventPayload<E>, audience: Audience): void;
  /** Every connection, on every instance, stops following a room that is gone. */
  closeRoom(roomId: number): void;
  /**
   * Connections stop following a room they may no longer read, on every instance at once: these users'
   * (kicked, banned, left), or everyone's but these users' (a room turned private keeps its members).
   */
  unsubscribe(roomId: number, who: { userIds: number[] } | { allBut: number[] }): void;
  /** Which of these users have a connection open anywhere (the green dot). */
  online(userIds: number[]): Promise<Set<number>>;
  /** Everyone following the room now, one entry per person. */
  presentIn(roomId: number): Promise<PresenceUserDto[]>;
}

/**
 * The live-subscription side of a room for one connection: which rooms a socket follows and who is
 * in a room now, across instances. lib/realtime implements it over Socket.IO channels.
 */
export interface RoomChannels {
  /** Subscribes this connection to the room's live events. */
  subscribe(roomId: number): Promise<void>;
  /** False when the connection was not subscribed. */
  unsubscribe(roomId: number): Promise<boolean>;
  /** Everyone subscribed to the room now, one entry per person however many tabs they have. */
  presentIn(roomId: number): Promise<PresenceUserDto[]>;
  /** Whether this user already follows the room from another connection. */
  isPresent(roomId: number, userId: number): Promise<boolean>;
  /** Tells the room who left with their last connection, batched (see lib/realtime/presence.ts). */
  announceLeave(roomId: number, userId: number): void;
}

export interface ChatDeps {
  store: Store;
  events: ChatEvents;
  throttles: Pick<Throttles, "messages" | "roomCreations" | "reactions" | "typing">;
  roomQuota: RoomQuota;
  messageRules: MessageRules;
}

/**
 * Who acts: the signed-in user and the session they act through, as the session cookie (HTTP) or the
 * handshake (socket) established. Writes are refused once that session has ended.
 */
export type Actor = Pick<User, "id"> & { sessionId: string };
