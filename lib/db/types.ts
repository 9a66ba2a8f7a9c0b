import type { Locale } from "../i18n/locale";

export interface User {
  id: number;
  username: string;
  email: string;
  passwordHash: string;
  /** Empty when the person gave none: shown as «Не указан» / "Not specified" in the reader's language. */
  city: string;
  /** The language the person chose in the settings; null until they choose (see lib/i18n/locale.ts). */
  locale: Locale | null;
  createdAt: Date;
  isActive: boolean;
  /** Site-wide: admins moderate every public room (set with the admin CLI). */
  role: SiteRole;
}

export type SiteRole = "user" | "admin";

export interface NewUser {
  username: string;
  email: string;
  passwordHash: string;
  city: string;
}

export interface Room {
  id: number;
  name: string;
  description: string;
  createdBy: number | null;
  createdAt: Date;
  isDefault: boolean;
  kind: RoomKind;
  /** A direct conversation begun among three or more people: people may be added to it, and anyone may leave. */
  isGroup: boolean;
}

/** `public`: anyone reads it; `private`: its members only; `direct`: a conversation between its members, owned by nobody. */
export type RoomKind = "public" | "private" | "direct";
export const ROOM_KINDS = ["public", "private", "direct"] as const satisfies readonly RoomKind[];

export interface NewRoom {
  name: string;
  description: string;
  createdBy: number | null;
  kind?: Exclude<RoomKind, "direct">;
}

export interface RoomPatch {
  name?: string;
  description?: string;
  kind?: Exclude<RoomKind, "direct">;
}

export interface Message {
  id: number;
  roomId: number;
  userId: number;
  content: string;
  createdAt: Date;
  clientId: string | null;
  /** Grows on every change to the message; within a room, in the order the changes became visible. */
  version: number;
  username: string;
  userCity: string;
  editedAt: Date | null;
  /** Set once the message is deleted; its content is then empty. */
  deletedAt: Date | null;
  replyToId: number | null;
}

/** How much of the answered message a reply shows. */
export const REPLY_PREVIEW_LENGTH = 100;

/** The message a reply answers, as it is now: edits show, a deletion empties it. */
export interface ReplyPreview {
  id: number;
  username: string;
  /** At most REPLY_PREVIEW_LENGTH characters. */
  content: string;
  deleted: boolean;
}

export interface ReactionCount {
  emoji: string;
  count: number;
  /** Whether the reader is among those who reacted. */
  me: boolean;
}

/** A message with what is read beside it: the preview of the message it answers, and its reactions in the order they first appeared. */
export interface MessageView extends Message {
  replyTo: ReplyPreview | null;
  reactions: ReactionCount[];
}

export type RoomRole = "owner" | "moderator" | "member";

/** A user's place in a room: for a public room, written when they first join it. */
export interface Membership {
  roomId: number;
  userId: number;
  role: RoomRole;
  joinedAt: Date;
  /** Until then they may not send, react or type in the room; null when not timed out. */
  timedOutUntil: Date | null;
}

export interface NewMessage {
  roomId: number;
  userId: number;
  content: string;
  clientId: string | null;
  replyToId?: number | null;
  /** The session the author sends with; nothing is stored once it has ended or its user was deactivated. */
  sessionId: string;
}

/**
 * `refused`: nothing was written because the room does not exist, the sender may not send there (not a
 * member of a private room or conversation, banned, timed out, blocked) or their session has ended; the
 * caller asks why only then, so a send that goes through costs one statement.
 */
export type InsertMessageResult = { status: "stored"; message: Message; created: boolean } | { status: "refused" };

/** How many rooms may exist, per creator and in all; 0 is no limit. */
export interface RoomQuota {
  perCreator: number;
  total: number;
}

export type InsertRoomResult = { status: "created"; room: Room } | { status: "over_quota"; quota: keyof RoomQuota };

/**
 * A room as one user sees it, with everything lib/chat/access.ts needs to decide what they may do there,
 * read in one query: their membership, whether they are banned, whether they are a site admin, and, for a
 * one-to-one conversation, whether either side blocked the other.
 */
export interface RoomView {
  room: Room;
  role: RoomRole | null;
  timedOutUntil: Date | null;
  banned: boolean;
  siteAdmin: boolean;
  blocked: boolean;
  /** The newest message's id, or null. */
  lastMessageId: number | null;
}

/**
 * Keyset page of the room list, as `viewerId` sees it. The first page (no `after`) is the default room,
 * then the viewer's private rooms and direct conversations (at most `ownLimit`, most recently active
 * first), then the first `limit` public rooms by id; later pages are the next `limit` public rooms. A client asks
 * for more while a page brings `limit` public rooms, after the last of them. Rooms the viewer is banned from are left out.
 */
export interface RoomPageQuery {
  viewerId: number;
  limit: number;
  ownLimit: number;
  /** The last public room id of the previous page; absent for the first page. */
  after?: number;
}

/** Someone in a room's member list. */
export interface MemberEntry {
  userId: number;
  username: string;
  city: string;
  role: RoomRole;
  joinedAt: Date;
  timedOutUntil: Date | null;
}

/** A person a moderation action aims at, as the room sees them. */
export interface MemberTarget {
  user: Pick<User, "id" | "username" | "city" | "role" | "isActive">;
  membership: Membership | null;
  banned: boolean;
}

export interface Ban {
  roomId: number;
  userId: number;
  username: string;
  reason: string;
  createdAt: Date;
}

export type AuditAction =
  | "invite"
  | "kick"
  | "leave"
  | "ban"
  | "unban"
  | "timeout"
  | "role_change"
  | "ownership_transfer"
  | "message_delete"
  | "reaction_remove"
  | "visibility_change";

export interface NewAuditEntry {
  roomId: number;
  actorId: number | null;
  action: AuditAction;
  targetId: number | null;
  reason: string;
  details: Record<string, unknown>;
}

export interface AuditEntry extends NewAuditEntry {
  id: number;
  actorName: string | null;
  targetName: string | null;
  createdAt: Date;
}

export interface DirectPerson {
  id: number;
  username: string;
  city: string;
}

/**
 * Keyset page: without cursors the latest `limit`; `before` pages back; `after` catches up by id. Always
 * oldest first. `changedAfter` (alone) is the change cursor: messages created or changed after that
 * version, in version order.
 */
export interface MessagePageQuery {
  roomId: number;
  limit: number;
  before?: number;
  after?: number;
  changedAfter?: number;
  /** About half the page before this id and half from it on (the message itself included), oldest first. */
  around?: number;
}

/** A change to a stored message, made under the room's version lock; `roomId` is the message's own. */
export interface MessageChange {
  id: number;
  roomId: number;
  at: Date;
}

export type ReactionChange = { status: "changed"; version: number } | { status: "unchanged" } | { status: "no_message" } | { status: "too_many" };

export interface ReactionInput {
  messageId: number;
  roomId: number;
  userId: number;
  emoji: string;
}

export interface NewSession {
  id: string;
  userId: number;
  expiresAt: Date;
  /** The browser's User-Agent and the client address at sign-in, shown in the list of devices. */
  userAgent?: string | null;
  ip?: string | null;
  lastSeenAt?: Date | null;
}

/** A signed-in device as its owner sees it in their settings. */
export interface UserSession {
  id: string;
  createdAt: Date;
  expiresAt: Date;
  userAgent: string | null;
  ip: string | null;
  /** Null until the session is first seen after sign-in. */
  lastSeenAt: Date | null;
}

export interface LiveSession {
  user: User;
  lastSeenAt: Date | null;
}

export interface ProfileChange {
  city?: string;
  email?: string;
  locale?: Locale;
}

export interface UserStore {
  /** Throws UniqueViolation("username"), also for a name confusable with a taken one; emails are not unique. */
  insertUser(user: NewUser): Promise<User>;
  getUserById(id: number): Promise<User | null>;
  getUserByUsername(username: string): Promise<User | null>;

  /** False when the user does not exist. */
  setUserActive(userId: number, active: boolean): Promise<boolean>;
  /** False when the user does not exist. */
  setUserPasswordHash(userId: number, passwordHash: string): Promise<boolean>;
  /** The user as changed, or null when they do not exist. */
  updateUserProfile(userId: number, change: ProfileChange): Promise<User | null>;
  /** False when the user does not exist. */
  setUserRole(userId: number, role: SiteRole): Promise<boolean>;
  /** Active users by these exact (folded) usernames; unknown names are left out. */
  getUsersByUsernames(usernames: string[]): Promise<User[]>;
  /** False when it was already so. */
  blockUser(blockerId: number, blockedId: number): Promise<boolean>;
  unblockUser(blockerId: number, blockedId: number): Promise<boolean>;
  /** Whether `blockerId` blocked `blockedId`. */
  hasBlocked(blockerId: number, blockedId: number): Promise<boolean>;
}

export interface SessionStore {
  insertSession(session: NewSession): Promise<void>;
  /** The user a live session belongs to, and when it was last seen: null when the session is missing or expired at `now`. */
  getLiveSession(sessionId: string, now: Date): Promise<LiveSession | null>;
  /** Records that the session was used at `now`. */
  touchSession(sessionId: string, now: Date): Promise<void>;
  /** The user's sessions still unexpired at `now`, newest first. */
  listUserSessions(userId: number, now: Date): Promise<UserSession[]>;
  deleteSession(sessionId: string): Promise<boolean>;
  /** Ends one session if it is this user's; false for a missing one or someone else's. */
  deleteUserSession(userId: number, sessionId: string): Promise<boolean>;
  /** Ends every session of a user and returns their ids. */
  deleteUserSessions(userId: number): Promise<string[]>;
  /** Ends every session of a user but `keepId`, and returns the ended ids. */
  deleteUserSessionsExcept(userId: number, keepId: string): Promise<string[]>;
  /** Which of these sessions are still live at `now`: present, unexpired, of an active user. */
  liveSessionIds(sessionIds: string[], now: Date): Promise<string[]>;
}

export interface RoomStore {
  /** One indexed query: the page of rooms, each with the viewer's role in it. */
  listRooms(page: RoomPageQuery): Promise<RoomView[]>;
  getRoom(id: number): Promise<Room | null>;
  /** The room with the viewer's role in it, in one query; null when it does not exist. */
  getRoomView(id: number, viewerId: number): Promise<RoomView | null>;
  getDefaultRoom(): Promise<Room | null>;
  /**
   * Throws UniqueViolation("name"), also for a name confusable with a taken one. Counting and inserting
   * are one atomic step, so simultaneous creations cannot together pass the quota. The creator becomes
   * the room's owner in the same transaction.
   */
  insertRoom(room: NewRoom, quota: RoomQuota): Promise<InsertRoomResult>;
  /** Creates the default room unless one exists; safe when several instances start at once. */
  ensureDefaultRoom(room: Omit<NewRoom, "createdBy">): Promise<Room>;
  /** Null when the room does not exist; throws UniqueViolation("name"). */
  updateRoom(id: number, patch: RoomPatch): Promise<Room | null>;
  /** Deletes the room and its messages; false when it did not exist. */
  deleteRoom(id: number): Promise<boolean>;
  /**
   * The direct conversation among exactly these people (sorted ids, the opener among them), created with
   * all of them as members unless one exists: concurrent opens of the same set find one conversation.
   */
  openDirect(userIds: number[]): Promise<{ room: Room; created: boolean }>;
  /** The people in each of these direct conversations. */
  listDirectPeople(roomIds: number[]): Promise<Map<number, DirectPerson[]>>;
}

export interface MemberStore {
  getMembership(roomId: number, userId: number): Promise<Membership | null>;
  /** The user's membership, written as a plain member if they had none; null when the room is gone. */
  ensureMembership(roomId: number, userId: number): Promise<Membership | null>;
  /** The room's members holding one of these roles (owners and moderators: few per room). */
  listMembersWithRoles(roomId: number, roles: RoomRole[]): Promise<Membership[]>;
  /** The room's members with their names, owners first, then by name; at most `limit`. */
  listMembers(roomId: number, limit: number): Promise<MemberEntry[]>;
  /** Members among these users (for a public room's member list). */
  listMembersAmong(roomId: number, userIds: number[]): Promise<MemberEntry[]>;
  countMembers(roomId: number): Promise<number>;
  /** Every member's id: the audience of a private room's own events. */
  listMemberIds(roomId: number): Promise<number[]>;
  /** The person as the room sees them; null when no such user exists. */
  getMemberTarget(roomId: number, userId: number): Promise<MemberTarget | null>;
  /**
   * Adds a member with a role (an invitation); `exists` when they already were one, `banned` when banned
   * there, `no_room` when the room is gone. A direct conversation's key follows its new set of people.
   */
  addMember(roomId: number, userId: number): Promise<{ status: "added"; membership: Membership } | { status: "exists" | "banned" | "no_room" }>;
  /** Ends a membership (kick or leave); false when there was none. A direct conversation's key follows. */
  removeMember(roomId: number, userId: number): Promise<boolean>;
  /** Null when they are not a member. */
  setMemberRole(roomId: number, userId: number, role: Exclude<RoomRole, "owner">): Promise<Membership | null>;
  /** Makes `toUserId` (a member) the owner and the old owner a moderator, in one step; false when either is not what it should be. */
  transferOwnership(roomId: number, fromUserId: number, toUserId: number): Promise<boolean>;
  /** Null when they are not a member. */
  setTimedOutUntil(roomId: number, userId: number, until: Date | null): Promise<Membership | null>;
  /** Bans and ends the membership in one step; false when already banned. */
  ban(roomId: number, userId: number, bannedBy: number, reason: string): Promise<boolean>;
  unban(roomId: number, userId: number): Promise<boolean>;
  listBans(roomId: number): Promise<Ban[]>;
}

export interface AuditStore {
  insertAudit(entry: NewAuditEntry): Promise<void>;
  /** Newest first; `before` is the last id of the previous page. */
  listAudit(roomId: number, page: { before?: number; limit: number }): Promise<AuditEntry[]>;
}

export interface MessageStore {
  /**
   * Idempotent per (userId, clientId): a repeated clientId returns the stored message with created=false.
   * `no_room` when the room does not exist (the foreign key answers it, so a send costs no separate
   * lookup); `session_ended` when the sender's session is gone, checked inside the insert itself, so an
   * account deactivated or signed out by another process stops writing the moment that has committed.
   */
  insertMessage(message: NewMessage): Promise<InsertMessageResult>;
  getMessage(id: number): Promise<Message | null>;
  listMessages(query: MessagePageQuery): Promise<Message[]>;
  /** Reply previews and reactions for these messages, `me` answered for `viewerId` (null: nobody). Keeps their order. */
  viewMessages(messages: Message[], viewerId: number | null): Promise<MessageView[]>;
  /** New content and edit time, with a new version; null when the message is missing or deleted. */
  editMessage(change: MessageChange & { content: string }): Promise<Message | null>;
  /** Empties the content, drops its reactions and stamps the deletion, with a new version; null when missing or already deleted. */
  deleteMessage(change: MessageChange): Promise<Message | null>;
  /**
   * Adds one person's emoji, bumping the message's version. `unchanged` when they had already reacted with it;
   * `too_many` when the message already carries `maxDistinct` other emoji; `no_message` when it is missing or deleted.
   */
  addReaction(reaction: ReactionInput, maxDistinct: number): Promise<ReactionChange>;
  /** Removes one person's emoji; `unchanged` when they had not reacted with it. */
  removeReaction(reaction: ReactionInput): Promise<Exclude<ReactionChange, { status: "too_many" }>>;
  /** Who reacted to a message with an emoji, earliest first. */
  listReactors(messageId: number, emoji: string, limit: number): Promise<{ id: number; username: string }[]>;
}

/**
 * One interface over every dialect: data in, data out, no business rules. Each noun's part lives in a file of
 * its own per dialect, so a feature touching one noun changes that noun's files.
 */
export interface Store extends UserStore, SessionStore, RoomStore, MemberStore, MessageStore, AuditStore {
  readonly dialect: "sqlite" | "postgres";
  ping(): Promise<void>;
  close(): Promise<void>;
}

export type UniqueField = "username" | "name";

// server.ts and Next's bundles each load their own copy of this module, so a store created by one
// throws classes the other's `instanceof` does not know; these guards compare names instead.
export function isUniqueViolation(err: unknown): err is UniqueViolation {
  return err instanceof Error && err.name === "UniqueViolation" && "field" in err;
}

export function isStoreUnavailable(err: unknown): err is StoreUnavailable {
  return err instanceof Error && err.name === "StoreUnavailable";
}

export class UniqueViolation extends Error {
  override name = "UniqueViolation";
  /** The name is not taken as such, but one that looks the same is (see keys.ts#skeletonKey). */
  readonly confusable: boolean;
  constructor(
    readonly field: UniqueField,
    options?: ErrorOptions & { confusable?: boolean },
  ) {
    super(`duplicate ${field}`, options);
    this.confusable = options?.confusable ?? false;
  }
}

/** The database cannot be reached or refused the work for a reason that is not the caller's input. */
export class StoreUnavailable extends Error {
  override name = "StoreUnavailable";
}
