import type { AuditEntry, DirectPerson, MemberEntry, MessageView, Room, RoomKind, RoomRole } from "../db/types";
import type { RoomPermissions } from "./access";
import type { AuditAction } from "../db/types";

export type { AuditAction };

// The wire shapes, snake_case as in the original app; one DTO per noun for HTTP and sockets alike.

export interface RoomDto {
  id: number;
  name: string;
  description: string;
  created_at: string;
  created_by: number | null;
  is_default: boolean;
  /** `public`: anyone reads it; `private`: its members only; `direct`: a conversation between the people in `members`. */
  kind: RoomKind;
  /** The reader's role in the room, or null when they have none (a public room they never joined, any direct conversation). */
  my_role: RoomRole | null;
  /** What the reader of this object may do with the room (lib/chat/access.ts decides). */
  permissions: RoomPermissions;
  /** The newest message's id, or null when the room is empty: direct conversations are listed by it. */
  last_message_id: number | null;
  /** For `direct` only: everyone in the conversation, the reader included. */
  members?: PresenceUserDto[];
}

/** One person in a room's member list. */
export interface MemberDto {
  id: number;
  username: string;
  city: string;
  role: RoomRole;
  /** ISO 8601. */
  joined_at: string;
  /** ISO 8601 until which they may not send, react or type, or null. */
  timed_out_until: string | null;
  /** Connected anywhere (any room, any instance). */
  online: boolean;
}

/**
 * `GET /api/rooms/<id>/members`. For a private room or a direct conversation, every member; for a public
 * room, the people online in it (and its owner and moderators), with `others` counting its remaining members.
 */
export interface MemberListDto {
  room_id: number;
  members: MemberDto[];
  others: number;
}

/** `GET /api/users/<id>`: what a profile card shows. */
export interface ProfileDto {
  id: number;
  username: string;
  city: string;
  /** IANA time zone of the city when it is known (e.g. "Europe/Moscow"), else null. */
  time_zone: string | null;
  /** ISO 8601: when the account was created. */
  member_since: string;
  /** Whether the reader has blocked this person. */
  blocked: boolean;
  online: boolean;
}

/** One line of a room's audit log (`GET /api/rooms/<id>/audit`, newest first). */
export interface AuditEntryDto {
  id: number;
  room_id: number;
  action: AuditAction;
  actor: { id: number; username: string } | null;
  target: { id: number; username: string } | null;
  reason: string;
  /** Action-specific: `{role}` for role changes, `{seconds, until}` for timeouts, `{visibility}`, `{message_id}`. */
  details: Record<string, unknown>;
  /** ISO 8601. */
  created_at: string;
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

export function toRoomDto(
  room: Room,
  reader: { role: RoomRole | null; permissions: RoomPermissions; lastMessageId: number | null; people?: DirectPerson[] },
): RoomDto {
  return {
    id: room.id,
    name: room.name,
    description: room.description,
    created_at: room.createdAt.toISOString(),
    created_by: room.createdBy,
    is_default: room.isDefault,
    kind: room.kind,
    my_role: room.kind === "direct" ? null : reader.role,
    permissions: reader.permissions,
    last_message_id: reader.lastMessageId,
    ...(room.kind === "direct" ? { members: (reader.people ?? []).map(({ id, username, city }) => ({ id, username, city })) } : {}),
  };
}

export function toMemberDto(entry: MemberEntry, online: boolean): MemberDto {
  return {
    id: entry.userId,
    username: entry.username,
    city: entry.city,
    role: entry.role,
    joined_at: entry.joinedAt.toISOString(),
    timed_out_until: entry.timedOutUntil && entry.timedOutUntil.getTime() > Date.now() ? entry.timedOutUntil.toISOString() : null,
    online,
  };
}

export function toAuditEntryDto(entry: AuditEntry): AuditEntryDto {
  return {
    id: entry.id,
    room_id: entry.roomId,
    action: entry.action,
    actor: entry.actorId === null ? null : { id: entry.actorId, username: entry.actorName ?? "" },
    target: entry.targetId === null ? null : { id: entry.targetId, username: entry.targetName ?? "" },
    reason: entry.reason,
    details: entry.details,
    created_at: entry.createdAt.toISOString(),
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
