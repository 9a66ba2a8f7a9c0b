import type { Message, Room, RoomRole, RoomView } from "../db/types";
import { ChatError } from "../errors";
import type { ErrorKey } from "../i18n/catalogue";
import type { Actor } from "./events";
import { mayHandOver, rankOf, ROLE_RANK } from "./ranks";

/**
 * Who may do what in a room: the one place that decides it. Use cases ask `requireAccess` before they
 * act, room objects carry `permissionsOf` for the browser to draw its buttons from, and nothing else
 * repeats a rule. A room's `kind` (public, private, direct), the actor's role in it, a ban, a timeout,
 * a block between the two people of a one-to-one conversation, and the site admin role are all the
 * facts the rules read; the store reads them in one query (RoomView).
 */
export type RoomAction =
  /** See the room, its history and who is in it. */
  | "read"
  /** Subscribe to the room's live events (presence, new messages). */
  | "join"
  /** Send, edit one's own messages, react, type. */
  | "send"
  /** Rename it, change its description and visibility. */
  | "manage_room"
  | "delete_room"
  /** Add people: to a private room (its owner and moderators) or to a group conversation (anyone in it). */
  | "invite"
  /** Kick, ban and time out members of a lower role. */
  | "manage_members"
  /** Delete other people's messages and remove their reactions. */
  | "moderate_messages"
  /** Make members moderators and back, hand the room over. */
  | "set_roles"
  /** Stop being a member. An owner hands the room over first; nobody leaves a one-to-one conversation. */
  | "leave"
  /** Read the audit log. */
  | "view_audit";

export type AccessRoom = Pick<Room, "id" | "isDefault" | "name" | "kind" | "isGroup">;

/** Who asks: rules depend on the user, never on the session they ask through. */
export type Viewer = Pick<Actor, "id">;

/** The actor's membership in the room, or null when they have none (never joined a public room). */
export type AccessMembership = { role: RoomRole; timedOutUntil?: Date | null } | null;

/** Everything the rules read about one actor and one room. */
export interface AccessContext {
  room: AccessRoom;
  membership: AccessMembership;
  banned?: boolean;
  siteAdmin?: boolean;
  /** A one-to-one conversation where either person blocked the other. */
  blocked?: boolean;
  now?: Date;
}

/** The context of a RoomView, as the store read it. */
export function contextOf(view: RoomView, now = new Date()): AccessContext {
  return {
    room: view.room,
    membership: view.role && { role: view.role, timedOutUntil: view.timedOutUntil },
    banned: view.banned,
    siteAdmin: view.siteAdmin,
    blocked: view.blocked,
    now,
  };
}

/** Where the actor stands in the room (lib/chat/ranks.ts, which the browser mirrors). */
const rankIn = (context: Pick<AccessContext, "room" | "membership" | "siteAdmin">) =>
  rankOf(context.membership?.role ?? null, context.siteAdmin ?? false, context.room.kind);
const atLeast = (context: AccessContext, role: RoomRole) => rankIn(context) >= ROLE_RANK[role];

const isTimedOut = ({ membership, now }: AccessContext) =>
  Boolean(membership?.timedOutUntil && membership.timedOutUntil.getTime() > (now ?? new Date()).getTime());

/** «Общий чат» is where everyone lands and where people in deleted rooms are sent: nobody deletes it, operators included. */
const isDeletable = (room: AccessRoom) => !room.isDefault;
const isRoom = (room: AccessRoom) => room.kind !== "direct";

function canRead(context: AccessContext): boolean {
  if (context.banned) return false;
  return context.room.kind === "public" || context.membership !== null;
}

/** The access table. Reading comes first: whatever an actor may not read, they may do nothing else with. */
const RULES: Record<RoomAction, (context: AccessContext) => boolean> = {
  read: canRead,
  join: canRead,
  send: (context) => !isTimedOut(context) && !context.blocked,
  manage_room: (context) => isRoom(context.room) && atLeast(context, "owner"),
  delete_room: (context) => isRoom(context.room) && isDeletable(context.room) && atLeast(context, "owner"),
  invite: ({ room, membership, ...context }) =>
    room.kind === "private" ? atLeast({ room, membership, ...context }, "moderator") : room.kind === "direct" && room.isGroup && membership !== null,
  manage_members: (context) => isRoom(context.room) && atLeast(context, "moderator"),
  moderate_messages: (context) => isRoom(context.room) && atLeast(context, "moderator"),
  set_roles: (context) => isRoom(context.room) && atLeast(context, "owner"),
  leave: ({ room, membership }) => membership !== null && membership.role !== "owner" && (room.kind !== "direct" || room.isGroup),
  view_audit: (context) => isRoom(context.room) && atLeast(context, "moderator"),
};

export function can(_viewer: Viewer, action: RoomAction, context: AccessContext): boolean {
  return RULES.read(context) && RULES[action](context);
}

export const roomNotFound = () => new ChatError("not_found", "room_not_found");

const REFUSALS: Record<Exclude<RoomAction, "read" | "join">, ErrorKey> = {
  send: "cannot_send",
  manage_room: "cannot_manage_room",
  delete_room: "cannot_delete_room",
  invite: "cannot_manage_members",
  manage_members: "cannot_manage_members",
  moderate_messages: "cannot_moderate_messages",
  set_roles: "cannot_set_roles",
  leave: "cannot_leave",
  view_audit: "cannot_manage_members",
};

/** Why a readable room refuses a send: a timeout names its end, a block says so. */
function sendRefusal(context: AccessContext): ChatError {
  if (context.blocked) return new ChatError("forbidden", "blocked_conversation");
  if (isTimedOut(context) && context.membership?.timedOutUntil) {
    return new ChatError("forbidden", "timed_out", { values: { until: context.membership.timedOutUntil.getTime() } });
  }
  return new ChatError("forbidden", "cannot_send");
}

/**
 * Throws unless the actor may do this. A room the actor may not read is `not_found`, never `forbidden`,
 * so whether it exists does not leak; an action on a readable room the actor may not take is `forbidden`.
 */
export function requireAccess(_viewer: Viewer, action: RoomAction, context: AccessContext): void {
  if (!RULES.read(context)) throw roomNotFound();
  if (RULES[action](context)) return;
  if (action === "read" || action === "join") throw roomNotFound();
  if (action === "send") throw sendRefusal(context);
  if (action === "delete_room") requireDeletable(context.room);
  throw new ChatError("forbidden", REFUSALS[action]);
}

/** For operators, who may delete any room but the one that is never deleted. */
export function requireDeletable(room: Pick<AccessRoom, "isDefault" | "name">): void {
  if (!isDeletable(room as AccessRoom)) throw new ChatError("forbidden", "room_not_deletable", { values: { name: room.name } });
}

/** Someone a moderation action is aimed at: their role in the room (null without one) and whether they are a site admin. */
export interface AccessTarget {
  userId: number;
  role: RoomRole | null;
  siteAdmin: boolean;
}

/**
 * Throws unless the actor may take `action` against this person: the action itself must be allowed, the
 * target must rank below the actor (a site admin counts only in public rooms), and nobody acts on
 * themselves this way. The owner is never kicked, banned or timed out: they rank above everyone but an
 * admin, and an admin does not remove a room's owner from it either.
 */
export function requireActionOn(viewer: Viewer, action: "manage_members" | "moderate_messages" | "set_roles", context: AccessContext, target: AccessTarget): void {
  requireAccess(viewer, action, context);
  const targetRank = rankOf(target.role, target.siteAdmin, context.room.kind);
  const protectedOwner = target.role === "owner" && action !== "moderate_messages";
  if (target.userId === viewer.id || protectedOwner || targetRank >= rankIn(context)) {
    throw new ChatError("forbidden", "cannot_act_on_higher_role");
  }
}

/** Hands the room over: its owner only, to someone else (`set_roles` first, as for any role change). */
export function requireHandOver(viewer: Viewer, context: AccessContext, heirId: number): void {
  requireAccess(viewer, "set_roles", context);
  if (!mayHandOver(context.membership?.role ?? null) || heirId === viewer.id) throw new ChatError("forbidden", "cannot_set_roles");
}

/** What the reader may do with a room, for the browser to draw its controls from. */
export interface RoomPermissions {
  send: boolean;
  manage: boolean;
  delete: boolean;
  invite: boolean;
  manage_members: boolean;
  moderate: boolean;
  set_roles: boolean;
  leave: boolean;
  audit: boolean;
}

export function permissionsOf(viewer: Viewer, context: AccessContext): RoomPermissions {
  return {
    send: can(viewer, "send", context),
    manage: can(viewer, "manage_room", context),
    delete: can(viewer, "delete_room", context),
    invite: can(viewer, "invite", context),
    manage_members: can(viewer, "manage_members", context),
    moderate: can(viewer, "moderate_messages", context),
    set_roles: can(viewer, "set_roles", context),
    leave: can(viewer, "leave", context),
    audit: can(viewer, "view_audit", context),
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

/**
 * Throws unless the actor may do this to the message. A message in a room the actor may not read, or
 * one already deleted, is `not_found`. Content is its author's alone (Discord's rule, moderators
 * neither); editing and reacting are sending, so a timeout or a block stops them too; deleting someone
 * else's message is moderation, against an author of a lower rank (`author`). An edit past the window
 * is `forbidden` with a message saying so.
 */
export function requireMessageAccess(
  viewer: Viewer,
  action: MessageAction,
  target: { context: AccessContext; message: AccessMessage; author?: AccessTarget },
  rules: MessageRules,
  now = new Date(),
): void {
  const { context, message } = target;
  if (!RULES.read(context) || message.deletedAt !== null) throw messageNotFound();
  const own = message.userId === viewer.id;
  if (action === "edit_message" && !own) throw new ChatError("forbidden", "cannot_edit_message");
  if (action === "delete_message" && !own) {
    requireActionOn(viewer, "moderate_messages", context, target.author ?? { userId: message.userId, role: null, siteAdmin: false });
    return;
  }
  if (action !== "delete_message") requireAccess(viewer, "send", context);
  const window = rules.editWindowSeconds;
  if (action === "edit_message" && window > 0 && now.getTime() - message.createdAt.getTime() > window * 1000) {
    throw new ChatError("forbidden", "edit_window_passed", { values: { minutes: Math.max(1, Math.round(window / 60)) } });
  }
}
