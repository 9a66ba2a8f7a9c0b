import { parseInput } from "../validation";
import { contextOf, requireAccess } from "./access";
import { toMemberDto } from "./dto";
import type { RoomUsers } from "./wire";
import type { PresenceUserDto } from "./dto";
import type { Actor, ChatDeps, RoomChannels } from "./events";
import { requireRoomView } from "./rooms";
import { roomRefSchema } from "./schemas";

/** The person as others see them in presence lists; the handshake fixed it for the connection. */
export type PresentUser = PresenceUserDto;

/**
 * Starts following a room live, when the actor may read it. The first join of a public room makes the
 * user a member (the row that will carry their read position and notification level) and the room hears `member_joined`. The room hears `joined_room` only when this
 * is the person's first connection in it, and the joiner gets the presence list.
 */
export async function joinRoom(deps: Pick<ChatDeps, "store" | "events">, actor: Actor, user: PresentUser, channels: RoomChannels, input: unknown): Promise<RoomUsers> {
  const { room_id } = parseInput(roomRefSchema, input);
  const view = await requireRoomView(deps.store, actor, room_id);
  requireAccess(actor, "join", contextOf(view));
  if (!view.role && view.room.kind === "public") {
    const membership = await deps.store.ensureMembership(room_id, actor.id);
    if (membership) {
      const member = toMemberDto({ ...membership, username: user.username, city: user.city }, true);
      deps.events.publish("member_joined", { room_id, member }, { to: "room", roomId: room_id, exceptUserIds: [actor.id] });
    }
  }
  const alreadyPresent = await channels.isPresent(room_id, actor.id);
  await channels.subscribe(room_id);
  if (!alreadyPresent) deps.events.publish("joined_room", { room_id, user }, { to: "room", roomId: room_id, exceptUserIds: [actor.id] });
  return { room_id, users: await channels.presentIn(room_id) };
}

/** Stops following a room live (switching rooms); membership stays. The room hears it once the person's last connection has left. */
export async function leaveRoom(actor: Pick<Actor, "id">, channels: RoomChannels, input: unknown): Promise<object> {
  const { room_id } = parseInput(roomRefSchema, input);
  if (await channels.unsubscribe(room_id)) channels.announceLeave(room_id, actor.id);
  return {};
}

/** A connection closed while following these rooms. */
export function connectionClosed(actor: Pick<Actor, "id">, channels: RoomChannels, roomIds: number[]): void {
  for (const roomId of roomIds) channels.announceLeave(roomId, actor.id);
}
