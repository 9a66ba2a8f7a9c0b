import type { RoomChannels } from "../chat/events";
import { isUserInRoom, roomChannel, usersInRoom, type AnnounceLeave } from "./presence";
import type { AppSocket, RealtimeServer } from "./events";

/** lib/chat's view of one socket's live subscriptions, over Socket.IO's `room:<id>` channels. */
export function roomChannelsOf(io: RealtimeServer, socket: AppSocket, announceLeave: AnnounceLeave): RoomChannels {
  return {
    subscribe: async (roomId) => socket.join(roomChannel(roomId)),
    async unsubscribe(roomId) {
      if (!socket.rooms.has(roomChannel(roomId))) return false;
      await socket.leave(roomChannel(roomId));
      return true;
    },
    presentIn: (roomId) => usersInRoom(io, roomId),
    isPresent: (roomId, userId) => isUserInRoom(io, roomId, userId),
    announceLeave,
  };
}

/** The rooms a socket follows, by id. */
export function followedRooms(socket: AppSocket): number[] {
  return [...socket.rooms].filter((name) => name.startsWith("room:")).map((name) => Number(name.slice("room:".length)));
}
