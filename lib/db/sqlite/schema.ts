import type { Locale } from "../../i18n/locale";
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex, type AnySQLiteColumn } from "drizzle-orm/sqlite-core";

export const users = sqliteTable(
  "users",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    username: text().notNull(),
    usernameKey: text("username_key").notNull(),
    /** UTS #39 skeleton of the folded name; null only for names that were confusable before it existed. */
    usernameSkeleton: text("username_skeleton"),
    email: text().notNull(),
    passwordHash: text("password_hash").notNull(),
    city: text().notNull().default(""),
    /** lib/i18n/locale.ts#LOCALES; null until the person chooses a language. */
    locale: text().$type<Locale>(),
    createdAt: integer("created_at", { mode: "timestamp_ms" })
      .notNull()
      .default(sql`(cast(unixepoch('subsec') * 1000 as integer))`),
    isActive: integer("is_active", { mode: "boolean" }).notNull().default(true),
    /** Site-wide role: admins moderate every public room (`npm run admin -- set-role`). */
    role: text({ enum: ["user", "admin"] }).notNull().default("user"),
  },
  (t) => [uniqueIndex("users_username_key_unique").on(t.usernameKey), uniqueIndex("users_username_skeleton_unique").on(t.usernameSkeleton)],
);

export const rooms = sqliteTable(
  "rooms",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    name: text().notNull(),
    nameKey: text("name_key").notNull(),
    nameSkeleton: text("name_skeleton"),
    description: text().notNull().default(""),
    createdBy: integer("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" })
      .notNull()
      .default(sql`(cast(unixepoch('subsec') * 1000 as integer))`),
    isDefault: integer("is_default", { mode: "boolean" }).notNull().default(false),
    kind: text({ enum: ["public", "private", "direct"] }).notNull().default("public"),
    isGroup: integer("is_group", { mode: "boolean" }).notNull().default(false),
    /** A direct conversation's people, as their sorted ids: the same people always find the same conversation. */
    directKey: text("direct_key"),
  },
  (t) => [
    // Names are unique among public rooms only: a private room's name must not be learnt by trying to take it.
    uniqueIndex("rooms_name_key_unique").on(t.nameKey).where(sql`${t.kind} = 'public'`),
    uniqueIndex("rooms_name_skeleton_unique").on(t.nameSkeleton).where(sql`${t.kind} = 'public'`),
    uniqueIndex("rooms_direct_key_unique").on(t.directKey),
    index("rooms_kind_id").on(t.kind, t.id),
    index("rooms_created_by").on(t.createdBy),
    uniqueIndex("rooms_single_default").on(t.isDefault).where(sql`${t.isDefault} = 1`),
  ],
);

export const messages = sqliteTable(
  "messages",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    roomId: integer("room_id")
      .notNull()
      .references(() => rooms.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    content: text().notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" })
      .notNull()
      .default(sql`(cast(unixepoch('subsec') * 1000 as integer))`),
    clientId: text("client_id"),
    /** Grows on every change to the message, in commit order within its room: the change cursor. */
    version: integer().notNull(),
    editedAt: integer("edited_at", { mode: "timestamp_ms" }),
    /** A deleted message keeps its row (its place, its id and its replies) with empty content. */
    deletedAt: integer("deleted_at", { mode: "timestamp_ms" }),
    /** A message of the same room (lib/chat/messages.ts checks it before the insert). */
    replyToId: integer("reply_to_id").references((): AnySQLiteColumn => messages.id),
  },
  (t) => [
    index("messages_room_id_id").on(t.roomId, t.id),
    uniqueIndex("messages_room_id_version_unique").on(t.roomId, t.version),
    uniqueIndex("messages_user_client_id_unique").on(t.userId, t.clientId),
  ],
);

/** One row per person per emoji per message; the key's order serves counting by emoji and listing who reacted. */
export const messageReactions = sqliteTable(
  "message_reactions",
  {
    messageId: integer("message_id")
      .notNull()
      .references(() => messages.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    emoji: text().notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" })
      .notNull()
      .default(sql`(cast(unixepoch('subsec') * 1000 as integer))`),
  },
  (t) => [primaryKey({ columns: [t.messageId, t.emoji, t.userId] })],
);

export const sessions = sqliteTable(
  "sessions",
  {
    id: text().primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" })
      .notNull()
      .default(sql`(cast(unixepoch('subsec') * 1000 as integer))`),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    userAgent: text("user_agent"),
    ip: text(),
    lastSeenAt: integer("last_seen_at", { mode: "timestamp_ms" }),
  },
  (t) => [index("sessions_user_id").on(t.userId)],
);

export const roomMembers = sqliteTable(
  "room_members",
  {
    roomId: integer("room_id")
      .notNull()
      .references(() => rooms.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: text({ enum: ["owner", "moderator", "member"] }).notNull(),
    joinedAt: integer("joined_at", { mode: "timestamp_ms" })
      .notNull()
      .default(sql`(cast(unixepoch('subsec') * 1000 as integer))`),
    /** The newest message this member has seen (unread counts, later). */
    lastReadMessageId: integer("last_read_message_id"),
    notificationLevel: text("notification_level", { enum: ["all", "mentions", "none"] }).notNull().default("all"),
    /** Until then the member may not send, react or type here. */
    timedOutUntil: integer("timed_out_until", { mode: "timestamp_ms" }),
  },
  (t) => [primaryKey({ columns: [t.roomId, t.userId] }), index("room_members_user_id").on(t.userId, t.roomId)],
);

/** Who may not read, join or be invited back to a room until unbanned. A ban ends the membership. */
export const roomBans = sqliteTable(
  "room_bans",
  {
    roomId: integer("room_id")
      .notNull()
      .references(() => rooms.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    reason: text().notNull().default(""),
    bannedBy: integer("banned_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" })
      .notNull()
      .default(sql`(cast(unixepoch('subsec') * 1000 as integer))`),
  },
  (t) => [primaryKey({ columns: [t.roomId, t.userId] })],
);

/** One person blocking another: neither opens or writes in a one-to-one conversation with the other. */
export const userBlocks = sqliteTable(
  "user_blocks",
  {
    blockerId: integer("blocker_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    blockedId: integer("blocked_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" })
      .notNull()
      .default(sql`(cast(unixepoch('subsec') * 1000 as integer))`),
  },
  (t) => [primaryKey({ columns: [t.blockerId, t.blockedId] }), index("user_blocks_blocked_id").on(t.blockedId, t.blockerId)],
);

/** Every moderation and membership action in a room, newest read first. */
export const roomAudit = sqliteTable(
  "room_audit",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    roomId: integer("room_id")
      .notNull()
      .references(() => rooms.id, { onDelete: "cascade" }),
    actorId: integer("actor_id").references(() => users.id, { onDelete: "set null" }),
    action: text().notNull(),
    targetId: integer("target_id").references(() => users.id, { onDelete: "set null" }),
    reason: text().notNull().default(""),
    /** JSON: what the action changed (a role, a timeout's end, a message id). */
    details: text().notNull().default("{}"),
    createdAt: integer("created_at", { mode: "timestamp_ms" })
      .notNull()
      .default(sql`(cast(unixepoch('subsec') * 1000 as integer))`),
  },
  (t) => [index("room_audit_room_id_id").on(t.roomId, t.id)],
);
