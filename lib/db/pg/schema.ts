import { sql } from "drizzle-orm";
import { bigint, boolean, index, integer, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

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
    city: text().notNull().default("Не указан"),
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
  },
  (t) => [
    index("messages_room_id_id").on(t.roomId, t.id),
    uniqueIndex("messages_user_client_id_unique").on(t.userId, t.clientId),
  ],
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
  },
  (t) => [index("sessions_user_id").on(t.userId)],
);
