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
  },
  (t) => [
    uniqueIndex("rooms_name_key_unique").on(t.nameKey),
    uniqueIndex("rooms_name_skeleton_unique").on(t.nameSkeleton),
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
  },
  (t) => [primaryKey({ columns: [t.roomId, t.userId] }), index("room_members_user_id").on(t.userId, t.roomId)],
);
