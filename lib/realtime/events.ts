import type { Server, Socket } from "socket.io";
import type { PresenceUserDto } from "../chat/dto";
import type { ClientToServerEvents, ServerToClientEvents } from "../chat/wire";
import type { Locale } from "../i18n/locale";

// The leaf of lib/realtime: every other module of it takes its socket types from here.

export type { Ack, AckPayload, AckResult, ClientToServerEvents, RoomUsers, ServerToClientEvents } from "../chat/wire";

/**
 * Who a socket belongs to, set at the handshake and refreshed when the person changes their profile
 * (lib/realtime/fanout.ts#withSocketUsers); handlers never take the sender from a payload.
 */
export type SocketUser = PresenceUserDto;

/** What instances tell each other through the Redis adapter (`io.serverSideEmit`). */
export interface InterServerEvents {
  user_updated: (user: unknown) => void;
  locale_changed: (change: unknown) => void;
}

export interface SocketData {
  user: SocketUser;
  /**
   * The language of this socket's acks and errors: fixed at the handshake (the user's choice, else the
   * cookie, else Accept-Language) and switched when the user chooses another.
   */
  locale: Locale;
  /** The server-side session the handshake used; ending it disconnects this socket. */
  sessionId: string;
}

export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type AppSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
