import type { Membership, Message, Room, RoomRole } from "../db/types";
import { ChatError } from "../errors";
import type { ErrorKey } from "../i18n/catalogue";
import type { Actor } from "./events";

/**
 * Who may do what in a room: the one place that decides it. Use cases ask `requireAccess` before they
 * act, room objects carry `permissionsOf` for the browser to draw its buttons from, and nothing else
 * repeats a rule. Every room is public today; private rooms and direct messages (later) add a `kind`
 * to AccessRoom and rows to this table, not checks elsewhere.
 */
export type RoomAction =
  /** See the room, its history and who is in it. */
  | "read"
  /** Subscribe to the room's live events (presence, new messages). */
  | "join"
  | "send"
  /** Rename it, change its description. */
  | "manage_room"
  | "delete_room"
  /** Invite, remove and change the roles of members. */
  | "manage_members"
  /** Delete or hide other people's messages. */
  | "moderate_messages";

export type AccessRoom = Pick<Room, "id" | "isDefault" | "name">;

/** Who asks: rules depend on the user, never on the session they ask through. */
export type Viewer = Pick<Actor, "id">;

/** The actor's membership in the room, or null when they have none (never joined a public room). */
export type AccessMembership = Pick<Membership, "role"> | null;

const ROLE_RANK: Record<RoomRole, number> = { member: 0, moderator: 1, owner: 2 };
const atLeast = (membership: AccessMembership, role: RoomRole) => membership !== null && ROLE_RANK[membership.role] >= ROLE_RANK[role];

/** «Общий чат» is where everyone lands and where people in deleted rooms are sent: nobody deletes it, operators included. */
const isDeletable = (room: AccessRoom) => !room.isDefault;

/** The access table. Reading comes first: whatever an actor may not read, they may do nothing else with. */
const RULES: Record<RoomAction, (room: AccessRoom, membership: AccessMembership) => boolean> = {
  read: () => true,
  join: () => true,
  send: () => true,
  manage_room: (_room, membership) => atLeast(membership, "owner"),
  delete_room: (room, membership) => isDeletable(room) && atLeast(membership, "owner"),
  manage_members: (_room, membership) => atLeast(membership, "moderator"),
  moderate_messages: (_room, membership) => atLeast(membership, "moderator"),
};

export function can(_viewer: Viewer, action: RoomAction, room: AccessRoom, membership: AccessMembership): boolean {
  return RULES.read(room, membership) && RULES[action](room, membership);
}

export const roomNotFound = () => new ChatError("not_found", "room_not_found");

const REFUSALS: Record<Exclude<RoomAction, "read" | "join">, ErrorKey> = {
  send: "cannot_send",
  manage_room: "cannot_manage_room",
  delete_room: "cannot_delete_room",
  manage_members: "cannot_manage_members",
  moderate_messages: "cannot_moderate_messages",
};

/**
 * Throws unless the actor may do this. A room the actor may not read is `not_found`, never `forbidden`,
 * so whether it exists does not leak; an action on a readable room the actor may not take is `forbidden`.
 */
export function requireAccess(_viewer: Viewer, action: RoomAction, room: AccessRoom, membership: AccessMembership): void {
  if (!RULES.read(room, membership)) throw roomNotFound();
  if (action === "read" || action === "join" || RULES[action](room, membership)) return;
  if (action === "delete_room") requireDeletable(room);
  throw new ChatError("forbidden", REFUSALS[action]);
}

/** For operators, who may delete any room but the one that is never deleted. */
export function requireDeletable(room: AccessRoom): void {
  if (!isDeletable(room)) throw new ChatError("forbidden", "room_not_deletable", { values: { name: room.name } });
}

/** What the reader may do with a room, for the browser to draw its controls from. */
export interface RoomPermissions {
  send: boolean;
  manage: boolean;
  delete: boolean;
  manage_members: boolean;
  moderate: boolean;
}

export function permissionsOf(viewer: Viewer, room: AccessRoom, membership: AccessMembership): RoomPermissions {
  return {
    send: can(viewer, "send", room, membership),
    manage: can(viewer, "manage_room", room, membership),
    delete: can(viewer, "delete_room", room, membership),
    manage_members: can(viewer, "manage_members", room, membership),
    moderate: can(viewer, "moderate_messages", room, membership),
  };
}

/** The roles whose permissions differ from a non-member's: who gets a room event of their own. */
export const PRIVILEGED_ROLES: RoomRole[] = ["owner", "moderator"];

/** What may be done to one message. Reading its room comes first, as for every room action. */
export type MessageAction = "edit_message" | "delete_message" | "react";

export type AccessMessage = Pick<Message, "userId" | "createdAt" | "deletedAt">;

/** How long after sending its author may still edit a message; 0 is forever (MESSAGE_EDIT_WINDOW_SECONDS). */
export interface MessageRules {
  editWindowSeconds: number;
}

export const messageNotFound = () => new ChatError("not_found", "message_not_found");

const MESSAGE_RULES: Record<MessageAction, (viewer: Viewer, message: AccessMessage, room: AccessRoom, membership: AccessMembership) => boolean> = {
  // Discord's rule: content is its author's alone, even to moderators.
  edit_message: (viewer, message) => message.userId === viewer.id,
  delete_message: (viewer, message, room, membership) => message.userId === viewer.id || RULES.moderate_messages(room, membership),
  react: () => true,
};

const MESSAGE_REFUSALS: Record<Exclude<MessageAction, "react">, ErrorKey> = {
  edit_message: "cannot_edit_message",
  delete_message: "cannot_moderate_messages",
};

/**
 * Throws unless the actor may do this to the message. A message in a room the actor may not read, or
 * one already deleted, is `not_found`; a readable one they may not touch is `forbidden`, and so is an
 * edit past the edit window, with a message saying so.
 */
export function requireMessageAccess(
  viewer: Viewer,
  action: MessageAction,
  target: { room: AccessRoom; membership: AccessMembership; message: AccessMessage },
  rules: MessageRules,
  now = new Date(),
): void {
  const { room, membership, message } = target;
  if (!RULES.read(room, membership) || message.deletedAt !== null) throw messageNotFound();
  if (!MESSAGE_RULES[action](viewer, message, room, membership)) throw new ChatError("forbidden", MESSAGE_REFUSALS[action as keyof typeof MESSAGE_REFUSALS]);
  const window = rules.editWindowSeconds;
  if (action === "edit_message" && window > 0 && now.getTime() - message.createdAt.getTime() > window * 1000) {
    throw new ChatError("forbidden", "edit_window_passed", { values: { minutes: Math.max(1, Math.round(window / 60)) } });
  }
}
