import { Emitter } from "@socket.io/redis-emitter";
import type { Redis } from "ioredis";
import { z } from "zod";
import type { PresenceUserDto } from "../chat/dto";
import type { Audience, ChatEvents, EventName, EventPayload } from "../chat/events";
import { log } from "../log";
import type { RealtimeServer, ServerToClientEvents } from "./events";
import { roomChannel, userChannel, usersInRoom } from "./presence";

/** Socket.IO channels an emit goes to: `to` (all sockets when absent), minus `except`. */
interface Channels {
  to?: string[];
  except: string[];
}

/** The one mapping from a lib/chat audience to Socket.IO channels. */
export function channelsOf(audience: Audience): Channels {
  switch (audience.to) {
    case "room":
      return { to: [roomChannel(audience.roomId)], except: (audience.exceptUserIds ?? []).map(userChannel) };
    case "users":
      return { to: audience.userIds.map(userChannel), except: [] };
    case "everyone":
      return { except: (audience.exceptUserIds ?? []).map(userChannel) };
  }
}

/** What both a Socket.IO server and a Redis emitter can do: address channels, emit, empty a room. */
interface BroadcastOperator {
  to(rooms: string[]): BroadcastOperator;
  except(rooms: string[]): BroadcastOperator;
  emit(event: never, ...args: never[]): unknown;
}
interface LeavingOperator {
  except(rooms: string[]): LeavingOperator;
  socketsLeave(room: string): void;
}
interface Broadcaster extends BroadcastOperator {
  in(room: string | string[]): LeavingOperator;
}

/** Who is connected, as far as this process can tell: a socket server asks every instance; a process without sockets knows nobody. */
interface LiveQueries {
  online(userIds: number[]): Promise<Set<number>>;
  presentIn(roomId: number): Promise<PresenceUserDto[]>;
}

const NOBODY_LIVE: LiveQueries = { online: () => Promise.resolve(new Set()), presentIn: () => Promise.resolve([]) };

function fanout(target: Broadcaster, live: LiveQueries): ChatEvents {
  return {
    ...live,
    publish(event, payload, audience) {
      const { to, except } = channelsOf(audience);
      // Socket.IO reads an empty list of channels as "every socket": an audience of nobody must stay nobody.
      if (to?.length === 0) return;
      const addressed = (to ? target.to(to) : target).except(except);
      // Payloads are typed by ChatEvents#publish against the same ServerToClientEvents.
      (addressed.emit as (event: string, payload: unknown) => unknown)(event, payload);
    },
    closeRoom(roomId) {
      target.in(roomChannel(roomId)).socketsLeave(roomChannel(roomId));
    },
    unsubscribe(roomId, who) {
      const channel = roomChannel(roomId);
      if ("userIds" in who) {
        if (who.userIds.length > 0) target.in(who.userIds.map(userChannel)).socketsLeave(channel);
      } else {
        target.in(channel).except(who.allBut.map(userChannel)).socketsLeave(channel);
      }
    },
  };
}

/**
 * Delivers lib/chat's events to sockets. With the Redis adapter every instance delivers to its own
 * sockets, so an event published on one instance reaches the audience on all of them.
 */
export function createFanout(io: RealtimeServer): ChatEvents {
  return fanout(io, {
    async online(userIds) {
      if (userIds.length === 0) return new Set();
      const sockets = await io.in(userIds.map(userChannel)).fetchSockets();
      return new Set(sockets.map((socket) => socket.data.user.id));
    },
    presentIn: (roomId) => usersInRoom(io, roomId),
  });
}

/**
 * The same delivery from a process without sockets (the admin CLI): through Redis, to every instance
 * that shares it. Without Redis such a process cannot reach the open clients; they learn on reconnect.
 */
export function createRedisFanout(redis: Redis): ChatEvents {
  return fanout(new Emitter<ServerToClientEvents>(redis), NOBODY_LIVE);
}

const updatedUser = z.object({ id: z.number().int().positive(), username: z.string(), city: z.string() });

const isUserUpdate = (event: EventName, _payload: unknown): _payload is EventPayload<"user_updated"> => event === "user_updated";

/** This instance's sockets of the person carry the new copy. */
function refreshLocalSockets(io: RealtimeServer, user: PresenceUserDto): void {
  const namespace = io.of("/");
  for (const socketId of namespace.adapter.rooms.get(userChannel(user.id)) ?? []) {
    const socket = namespace.sockets.get(socketId);
    if (socket) socket.data.user = { id: user.id, username: user.username, city: user.city };
  }
}

/**
 * Keeps each socket's copy of its person (`socket.data.user`, which `joined_room` and presence lists are
 * built from) in step with `user_updated`: this instance updates its own sockets, and when instances
 * share Redis (`shared`) it tells the others to update theirs, since the adapter only forwards emits.
 */
export function withSocketUsers(events: ChatEvents, io: RealtimeServer, shared: boolean): ChatEvents {
  io.on("user_updated", (payload) => {
    const parsed = updatedUser.safeParse(payload);
    if (parsed.success) refreshLocalSockets(io, parsed.data);
    else log.warn("ignored a malformed user_updated from another instance");
  });
  return {
    ...events,
    publish(event, payload, audience) {
      if (isUserUpdate(event, payload)) {
        refreshLocalSockets(io, payload);
        if (shared) io.serverSideEmit("user_updated", payload);
      }
      events.publish(event, payload, audience);
    },
  };
}
