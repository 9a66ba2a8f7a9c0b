import { requireRoom } from "../../chat/rooms";
import { roomRefSchema } from "../../chat/schemas";
import { parseInput } from "../../validation";
import { on } from "../on";
import { isUserInRoom, roomChannel, usersInRoom } from "../presence";
import type { AppSocket, HandlerContext } from "../server";

export function registerRoomHandlers({ io, store, work, announceLeave }: HandlerContext, socket: AppSocket): void {
  on(work, socket, "join_room", async (user, payload) => {
    const { room_id } = parseInput(roomRefSchema, payload);
    await requireRoom(store, room_id);
    const channel = roomChannel(room_id);
    const alreadyPresent = await isUserInRoom(io, room_id, user.id);
    await socket.join(channel);
    if (!alreadyPresent) socket.to(channel).emit("joined_room", { room_id, user });
    const list = { room_id, users: await usersInRoom(io, room_id) };
    socket.emit("room_users_list", list);
    return list;
  });

  on(work, socket, "leave_room", async (user, payload) => {
    const { room_id } = parseInput(roomRefSchema, payload);
    if (socket.rooms.has(roomChannel(room_id))) {
      await socket.leave(roomChannel(room_id));
      announceLeave(room_id, user.id);
    }
    return {};
  });

  let roomsAtDisconnect: number[] = [];
  socket.on("disconnecting", () => {
    roomsAtDisconnect = [...socket.rooms].filter((name) => name.startsWith("room:")).map((name) => Number(name.slice(5)));
  });
  socket.on("disconnect", () => {
    const { user } = socket.data;
    for (const roomId of roomsAtDisconnect) announceLeave(roomId, user.id);
  });
}
