import type { RoomQuota, Store, User } from "../db/types";
import type { Throttles } from "../limits";
import type { MessageDto, RoomDto } from "./dto";

/**
 * The broadcast port: lib/chat announces what changed, lib/realtime delivers it to sockets.
 * HTTP and socket paths call the same use cases, so both reach connected clients the same way.
 */
export interface ChatEvents {
  messageCreated(message: MessageDto): void;
  roomCreated(room: RoomDto): void;
  roomUpdated(room: RoomDto): void;
  roomDeleted(event: { room_id: number; fallback_room_id: number }): void;
}

export interface ChatDeps {
  store: Store;
  events: ChatEvents;
  throttles: Pick<Throttles, "messages" | "roomCreations">;
  roomQuota: RoomQuota;
}

/**
 * Who acts: the signed-in user and the session they act through, as the session cookie (HTTP) or the
 * handshake (socket) established. Writes are refused once that session has ended.
 */
export type Actor = Pick<User, "id"> & { sessionId: string };
