import type { PresenceUserDto } from "../chat/dto";
import type { RealtimeServer } from "./server";

export const roomChannel = (roomId: number) => `room:${roomId}`;
export const userChannel = (userId: number) => `user:${userId}`;
export const sessionChannel = (sessionId: string) => `session:${sessionId}`;

/**
 * Who is in a room now: one entry per person however many tabs they have open. fetchSockets asks
 * every instance when an adapter spans several, so the answer is the same on all of them.
 */
export async function usersInRoom(io: RealtimeServer, roomId: number): Promise<PresenceUserDto[]> {
  const sockets = await io.in(roomChannel(roomId)).fetchSockets();
  const users = new Map<number, PresenceUserDto>();
  for (const socket of sockets) users.set(socket.data.user.id, socket.data.user);
  return [...users.values()].sort((a, b) => a.username.localeCompare(b.username, "ru"));
}

export async function isUserInRoom(io: RealtimeServer, roomId: number, userId: number): Promise<boolean> {
  const sockets = await io.in(userChannel(userId)).fetchSockets();
  return sockets.some((socket) => socket.rooms.has(roomChannel(roomId)));
}
