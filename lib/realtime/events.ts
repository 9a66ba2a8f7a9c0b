import type { PresenceUserDto } from "../chat/dto";

export type { Ack, AckResult, ClientToServerEvents, RoomUsers, ServerToClientEvents } from "../chat/wire";

/** Who a socket belongs to, fixed at the handshake; handlers never take the sender from a payload. */
export type SocketUser = PresenceUserDto;

export type InterServerEvents = Record<never, never>;

export interface SocketData {
  user: SocketUser;
  /** The server-side session the handshake used; ending it disconnects this socket. */
  sessionId: string;
}
