import type { MessageView, Room } from "../db/types";
import type { RoomPermissions } from "./access";

// The wire shapes, snake_case as in the original app; one DTO per noun for HTTP and sockets alike.

export interface RoomDto {
  id: number;
  name: string;
  description: string;
  created_at: string;
  created_by: number | null;
  is_default: boolean;
  /** What the reader of this object may do with the room (lib/chat/access.ts decides). */
  permissions: RoomPermissions;
}

export interface MessageDto {
  id: number;
  content: string;
  username: string;
  user_city: string;
  /** ISO 8601, UTC. */
  timestamp: string;
  room_id: number;
  user_id: number;
  client_id: string | null;
  /** The change cursor: grows on every change to the message (GET …?changed_after=). */
  version: number;
  /** ISO 8601 of the last edit, or null. */
  edited_at: string | null;
  /** A tombstone: it keeps its place and id, and `content` is "". */
  deleted: boolean;
  /** The message this one answers, as it is now (`content` cut to 100 characters), or null. */
  reply_to: { id: number; username: string; content: string; deleted: boolean } | null;
  /** In the order they first appeared; `me` says whether the reader is among them (false in broadcasts). */
  reactions: { emoji: string; count: number; me: boolean }[];
}

export interface PresenceUserDto {
  id: number;
  username: string;
  city: string;
}

const byUsername = new Intl.Collator("ru");

/** How presence lists are ordered, by the server and the browser alike: by name, in Russian collation. */
export function sortPresence(users: Iterable<PresenceUserDto>): PresenceUserDto[] {
  return [...users].sort((a, b) => byUsername.compare(a.username, b.username));
}

export function toRoomDto(room: Room, permissions: RoomPermissions): RoomDto {
  return {
    id: room.id,
    name: room.name,
    description: room.description,
    created_at: room.createdAt.toISOString(),
    created_by: room.createdBy,
    is_default: room.isDefault,
    permissions,
  };
}

export function toMessageDto(message: MessageView): MessageDto {
  return {
    id: message.id,
    content: message.content,
    username: message.username,
    user_city: message.userCity,
    timestamp: message.createdAt.toISOString(),
    room_id: message.roomId,
    user_id: message.userId,
    client_id: message.clientId,
    version: message.version,
    edited_at: message.editedAt?.toISOString() ?? null,
    deleted: message.deletedAt !== null,
    reply_to: message.replyTo,
    reactions: message.reactions,
  };
}
