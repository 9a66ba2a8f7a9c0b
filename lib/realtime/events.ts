import type { WireError } from "../errors";

/** Who a socket belongs to, fixed at the handshake; handlers never take the sender from a payload. */
export interface SocketUser {
  id: number;
  username: string;
  city: string;
}

export interface ServerToClientEvents {
  connected: (payload: { username: string; status: "connected" }) => void;
  error: (error: WireError) => void;
}

export type ClientToServerEvents = Record<never, never>;

export type InterServerEvents = Record<never, never>;

export interface SocketData {
  user: SocketUser;
}
