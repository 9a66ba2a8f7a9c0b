import { sortPresence, type PresenceUserDto } from "../chat/dto";
import { log } from "../log";
import type { RealtimeServer } from "./events";

export const roomChannel = (roomId: number) => `room:${roomId}`;
export const userChannel = (userId: number) => `user:${userId}`;
export const sessionChannel = (sessionId: string) => `session:${sessionId}`;

/** While the instances cannot reach each other (Redis down), each answers for its own sockets. */
async function everywhereOrLocally<T>(everywhere: () => Promise<T>, locally: () => Promise<T>): Promise<T> {
  try {
    return await everywhere();
  } catch {
    return locally();
  }
}

/**
 * Who is in a room now: one entry per person however many tabs they have open. fetchSockets asks
 * every instance when an adapter spans several, so the answer is the same on all of them.
 */
export async function usersInRoom(io: RealtimeServer, roomId: number): Promise<PresenceUserDto[]> {
  const sockets = await everywhereOrLocally(() => io.in(roomChannel(roomId)).fetchSockets(), () => io.local.in(roomChannel(roomId)).fetchSockets());
  const users = new Map<number, PresenceUserDto>();
  for (const socket of sockets) users.set(socket.data.user.id, socket.data.user);
  return sortPresence(users.values());
}

export async function isUserInRoom(io: RealtimeServer, roomId: number, userId: number): Promise<boolean> {
  const sockets = await everywhereOrLocally(() => io.in(userChannel(userId)).fetchSockets(), () => io.local.in(userChannel(userId)).fetchSockets());
  return sockets.some((socket) => socket.rooms.has(roomChannel(roomId)));
}

/**
 * Re-sends a room's presence list to this instance's sockets in it whenever it changed since the last
 * refresh. Instances that die cannot say their users left; this bounds how long such ghosts stay
 * listed. An unchanged list is not sent again: in a room of a thousand people it is tens of
 * kilobytes to each of them.
 */
export function createPresenceRefresher(io: RealtimeServer): () => Promise<void> {
  const sent = new Map<number, string>();
  return async () => {
    const rooms = [...io.of("/").adapter.rooms.keys()].filter((name) => name.startsWith("room:"));
    const present = new Set<number>();
    for (const name of rooms) {
      const roomId = Number(name.slice("room:".length));
      present.add(roomId);
      const users = await usersInRoom(io, roomId);
      const signature = users.map((user) => user.id).join(",");
      if (sent.get(roomId) === signature) continue;
      sent.set(roomId, signature);
      io.local.to(name).emit("room_users_list", { room_id: roomId, users });
    }
    for (const roomId of sent.keys()) if (!present.has(roomId)) sent.delete(roomId);
  };
}

/** How long disconnects are gathered before their rooms are told who left. */
export const LEAVE_BATCH_MS = 50;

export type AnnounceLeave = (roomId: number, userId: number) => void;

/**
 * Tells a room who left with their last socket (`left_room`), checking presence once per room per
 * batch rather than once per socket: when a room empties at once (an instance restarting, a network
 * blip, a bench run ending) that check was one lookup per socket — with Redis, a round trip to every
 * instance each.
 */
export function createLeaveAnnouncer(io: RealtimeServer): AnnounceLeave {
  const pending = new Map<number, Set<number>>();
  let timer: NodeJS.Timeout | undefined;

  async function announce(roomId: number, userIds: Set<number>) {
    const present = new Set((await usersInRoom(io, roomId)).map((user) => user.id));
    for (const userId of userIds) {
      if (!present.has(userId)) io.to(roomChannel(roomId)).emit("left_room", { room_id: roomId, user_id: userId });
    }
  }

  function flush() {
    timer = undefined;
    const batch = [...pending];
    pending.clear();
    for (const [roomId, userIds] of batch) {
      announce(roomId, userIds).catch((err: unknown) => log.error("presence update failed", err));
    }
  }

  return (roomId, userId) => {
    const userIds = pending.get(roomId) ?? new Set<number>();
    pending.set(roomId, userIds.add(userId));
    if (!timer) {
      timer = setTimeout(flush, LEAVE_BATCH_MS);
      timer.unref();
    }
  };
}
