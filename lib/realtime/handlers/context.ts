import type { ChatDeps } from "../../chat/events";
import type { RealtimeServer } from "../events";
import type { AnnounceLeave } from "../presence";
import type { SocketWork } from "../work";

/** What every socket handler gets: lib/chat's dependencies and this instance's Socket.IO server. */
export interface HandlerContext extends ChatDeps {
  io: RealtimeServer;
  work: SocketWork;
  /** Announces that a user's last socket in a room left it (leave_room or disconnect). */
  announceLeave: AnnounceLeave;
}
