export interface User {
  id: number;
  username: string;
  email: string;
  passwordHash: string;
  city: string;
  createdAt: Date;
  isActive: boolean;
}

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
}

export interface NewRoom {
  name: string;
  description: string;
  createdBy: number | null;
}

export interface RoomPatch {
  name?: string;
  description?: string;
}

export interface Message {
  id: number;
  roomId: number;
  userId: number;
  content: string;
  createdAt: Date;
  clientId: string | null;
  username: string;
  userCity: string;
}

export interface NewMessage {
  roomId: number;
  userId: number;
  content: string;
  clientId: string | null;
}

/** Keyset page: without cursors the latest `limit`; `before` pages back; `after` catches up. Always oldest first. */
export interface MessagePageQuery {
  roomId: number;
  limit: number;
  before?: number;
  after?: number;
}

export interface NewSession {
  id: string;
  userId: number;
  expiresAt: Date;
}

/** One interface over every dialect: data in, data out, no business rules. */
export interface Store {
  readonly dialect: "sqlite" | "postgres";
  ping(): Promise<void>;
  close(): Promise<void>;

  /** Throws UniqueViolation("username" | "email"); both compare case-insensitively. */
  insertUser(user: NewUser): Promise<User>;
  getUserById(id: number): Promise<User | null>;
  getUserByUsername(username: string): Promise<User | null>;

  /** False when the user does not exist. */
  setUserActive(userId: number, active: boolean): Promise<boolean>;
  /** False when the user does not exist. */
  setUserPasswordHash(userId: number, passwordHash: string): Promise<boolean>;

  insertSession(session: NewSession): Promise<void>;
  /** The user a live session belongs to: null when the session is missing or expired at `now`. */
  getSessionUser(sessionId: string, now: Date): Promise<User | null>;
  deleteSession(sessionId: string): Promise<boolean>;
  /** Ends every session of a user and returns their ids. */
  deleteUserSessions(userId: number): Promise<string[]>;
  /** Which of these sessions are still live at `now`: present, unexpired, of an active user. */
  liveSessionIds(sessionIds: string[], now: Date): Promise<string[]>;

  listRooms(): Promise<Room[]>;
  getRoom(id: number): Promise<Room | null>;
  getDefaultRoom(): Promise<Room | null>;
  /** Throws UniqueViolation("name"); names compare case-insensitively. */
  insertRoom(room: NewRoom): Promise<Room>;
  /** Creates the default room unless one exists; safe when several instances start at once. */
  ensureDefaultRoom(room: Omit<NewRoom, "createdBy">): Promise<Room>;
  /** Null when the room does not exist; throws UniqueViolation("name"). */
  updateRoom(id: number, patch: RoomPatch): Promise<Room | null>;
  /** Deletes the room and its messages; false when it did not exist. */
  deleteRoom(id: number): Promise<boolean>;

  /**
   * Idempotent per (userId, clientId): a repeated clientId returns the stored message with created=false.
   * Null when the room does not exist (the foreign key answers it, so a send costs no separate lookup).
   */
  insertMessage(message: NewMessage): Promise<{ message: Message; created: boolean } | null>;
  getMessage(id: number): Promise<Message | null>;
  listMessages(query: MessagePageQuery): Promise<Message[]>;
}

export type UniqueField = "username" | "email" | "name";

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
  constructor(
    readonly field: UniqueField,
    options?: ErrorOptions,
  ) {
    super(`duplicate ${field}`, options);
  }
}

/** The database cannot be reached or refused the work for a reason that is not the caller's input. */
export class StoreUnavailable extends Error {
  override name = "StoreUnavailable";
}
