import { connectionClosed, joinRoom, leaveRoom } from "../../chat/presence";
import { followedRooms, roomChannelsOf } from "../channels";
import { on } from "../on";
import type { AppSocket } from "../events";
import type { HandlerContext } from "./context";

export function registerRoomHandlers(context: HandlerContext, socket: AppSocket): void {
  const { io, work, announceLeave } = context;
  const channels = roomChannelsOf(io, socket, announceLeave);

  on(work, socket, "join_room", async (user, payload, sessionId) => {
    const list = await joinRoom(context, { id: user.id, sessionId }, user, channels, payload);
    // The ack carries the list too; the event is for clients that sent no ack.
    socket.emit("room_users_list", list);
    return list;
  });

  on(work, socket, "leave_room", (user, payload) => leaveRoom(user, channels, payload));

  // Socket.IO has emptied socket.rooms by the time "disconnect" fires.
  let roomsAtDisconnect: number[] = [];
  socket.on("disconnecting", () => (roomsAtDisconnect = followedRooms(socket)));
  socket.on("disconnect", () => connectionClosed(socket.data.user, channels, roomsAtDisconnect));
}
