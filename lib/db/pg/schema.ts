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
    /** Site-wide role: admins moderate every public room (`npm run admin -- set-role`). */
    role: text({ enum: ["user", "admin"] }).notNull().default("user"),
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
    kind: text({ enum: ["public", "private", "direct"] }).notNull().default("public"),
    isGroup: boolean("is_group").notNull().default(false),
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
    /** Until then the member may not send, react or type here. */
    timedOutUntil: timestamp("timed_out_until", { withTimezone: true, precision: 3 }),
  },
  (t) => [primaryKey({ columns: [t.roomId, t.userId] }), index("room_members_user_id").on(t.userId, t.roomId)],
);

/** Who may not read, join or be invited back to a room until unbanned. A ban ends the membership. */
export const roomBans = pgTable(
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
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 })
      .notNull()
      .defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.roomId, t.userId] })],
);

/** One person blocking another: neither opens or writes in a one-to-one conversation with the other. */
export const userBlocks = pgTable(
  "user_blocks",
  {
    blockerId: integer("blocker_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    blockedId: integer("blocked_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 })
      .notNull()
      .defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.blockerId, t.blockedId] }), index("user_blocks_blocked_id").on(t.blockedId, t.blockerId)],
);

/** Every moderation and membership action in a room, newest read first. */
export const roomAudit = pgTable(
  "room_audit",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    roomId: integer("room_id")
      .notNull()
      .references(() => rooms.id, { onDelete: "cascade" }),
    actorId: integer("actor_id").references(() => users.id, { onDelete: "set null" }),
    action: text().notNull(),
    targetId: integer("target_id").references(() => users.id, { onDelete: "set null" }),
    reason: text().notNull().default(""),
    /** JSON: what the action changed (a role, a timeout's end, a message id). */
    details: text().notNull().default("{}"),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 })
      .notNull()
      .defaultNow(),
  },
  (t) => [index("room_audit_room_id_id").on(t.roomId, t.id)],
);
