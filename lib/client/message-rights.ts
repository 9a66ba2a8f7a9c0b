import type { MessageDto, RoomDto } from "@/lib/chat/dto";
import { MAX_REACTIONS } from "@/lib/chat/schemas";
import type { RoomTimeline } from "./chat-state";
import { outranks, type RoomRole } from "./roster";

// What the browser offers to do with a message. The server decides (lib/chat/access.ts); these only keep the
// buttons to what it would allow, from the room's `permissions` and who wrote the message.

/** Only the author changes what a message says. */
export const canEdit = (message: MessageDto, myId: number) => !message.deleted && message.user_id === myId;

/**
 * The author, or whoever moderates the room over an author of a lower role. `authorRole`: the author's role in the
 * room, null for none, undefined when the member list does not say (then the button shows and the server judges).
 */
export const canDelete = (message: MessageDto, myId: number, room: RoomDto, authorRole?: RoomRole | null) =>
  !message.deleted && (message.user_id === myId || (room.permissions.moderate && (authorRole === undefined || outranks(room, authorRole))));

/** A reaction already there can always be added to; a new one only while the message has fewer than the limit. */
export const canReactWith = (reactions: MessageDto["reactions"], emoji: string) =>
  reactions.some((r) => r.emoji === emoji) || reactions.length < MAX_REACTIONS;

/** What ↑ in an empty composer edits: my newest message in the room that is neither deleted nor being deleted. */
export function lastEditable(timeline: RoomTimeline, myId: number): MessageDto | null {
  for (let i = timeline.messages.length - 1; i >= 0; i--) {
    const message = timeline.messages[i];
    if (message && canEdit(message, myId) && !timeline.changes[message.id]?.deleting) return message;
  }
  return null;
}
