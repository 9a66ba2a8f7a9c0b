import type { Locale } from "../../i18n/locale";
import { sql } from "drizzle-orm";
import { bigint, boolean, index, integer, pgSequence, pgTable, primaryKey, text, timestamp, uniqueIndex, type AnyPgColumn } from "drizzle-orm/pg-core";

export const users = pgTable(
  "users",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    username: text().notNull(),
    usernameKey: text("username_key").notNull(),
    /** UTS #39 skeleton of the folded name; null only for names that were confusable before it existed. */
    usernameSkeleton: text("username_skeleton"),
    email: text().notNull(),
    passwordHash: text("password_hash").notNull(),
    city: text().notNull().default(""),
    /** lib/i18n/locale.ts#LOCALES; null until the person chooses a language. */
    locale: text().$type<Locale>(),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    isActive: boolean("is_active").notNull().default(true),
  },
  (t) => [uniqueIndex("users_username_key_unique").on(t.usernameKey), uniqueIndex("users_username_skeleton_unique").on(t.usernameSkeleton)],
);

export const rooms = pgTable(
  "rooms",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    name: text().notNull(),
    nameKey: text("name_key").notNull(),
    nameSkeleton: text("name_skeleton"),
    description: text().notNull().default(""),
    createdBy: integer("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    isDefault: boolean("is_default").notNull().default(false),
  },
  (t) => [
    uniqueIndex("rooms_name_key_unique").on(t.nameKey),
    uniqueIndex("rooms_name_skeleton_unique").on(t.nameSkeleton),
    index("rooms_created_by").on(t.createdBy),
    uniqueIndex("rooms_single_default").on(t.isDefault).where(sql`${t.isDefault}`),
  ],
);

/**
 * Message versions: taken inside the statement that holds the room's insert lock, so within a room they
 * become visible in the order they were taken (a statement's snapshot predates its lock, so a
 * max(version)+1 computed in it could repeat one).
 */
export const messageVersions = pgSequence("message_versions");

export const messages = pgTable(
  "messages",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    roomId: integer("room_id")
      .notNull()
      .references(() => rooms.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    content: text().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    clientId: text("client_id"),
    /** Grows on every change to the message, in commit order within its room: the change cursor. */
    version: bigint({ mode: "number" }).notNull(),
    editedAt: timestamp("edited_at", { withTimezone: true, precision: 3 }),
    /** A deleted message keeps its row (its place, its id and its replies) with empty content. */
    deletedAt: timestamp("deleted_at", { withTimezone: true, precision: 3 }),
    /** A message of the same room (lib/chat/messages.ts checks it before the insert). */
    replyToId: bigint("reply_to_id", { mode: "number" }).references((): AnyPgColumn => messages.id),
  },
  (t) => [
    index("messages_room_id_id").on(t.roomId, t.id),
    uniqueIndex("messages_room_id_version_unique").on(t.roomId, t.version),
    uniqueIndex("messages_user_client_id_unique").on(t.userId, t.clientId),
  ],
);

/** One row per person per emoji per message; the key's order serves counting by emoji and listing who reacted. */
export const messageReactions = pgTable(
  "message_reactions",
  {
    messageId: bigint("message_id", { mode: "number" })
      .notNull()
      .references(() => messages.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    emoji: text().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.messageId, t.emoji, t.userId] })],
);

export const sessions = pgTable(
  "sessions",
  {
    id: text().primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true, precision: 3 }).notNull(),
    userAgent: text("user_agent"),
    ip: text(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true, precision: 3 }),
  },
  (t) => [index("sessions_user_id").on(t.userId)],
);

export const roomMembers = pgTable(
  "room_members",
  {
    roomId: integer("room_id")
      .notNull()
      .references(() => rooms.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: text({ enum: ["owner", "moderator", "member"] }).notNull(),
    joinedAt: timestamp("joined_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    /** The newest message this member has seen (unread counts, later). */
    lastReadMessageId: bigint("last_read_message_id", { mode: "number" }),
    notificationLevel: text("notification_level", { enum: ["all", "mentions", "none"] }).notNull().default("all"),
  },
  (t) => [primaryKey({ columns: [t.roomId, t.userId] }), index("room_members_user_id").on(t.userId, t.roomId)],
);
