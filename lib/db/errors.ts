import type { UniqueField } from "./types";

/** Drizzle wraps driver errors in DrizzleQueryError; the driver's own error carries the code we need. */
export function driverError(err: unknown): unknown {
  let current = err;
  while (current instanceof Error && current.name !== "SqliteError" && current.name !== "PostgresError" && current.cause) {
    current = current.cause;
  }
  return current;
}

const FIELD_BY_INDEX: Record<string, UniqueField> = {
  users_username_key_unique: "username",
  users_email_unique: "email",
  rooms_name_key_unique: "name",
};

export function uniqueFieldOfIndex(indexOrColumn: string): UniqueField | undefined {
  const direct = FIELD_BY_INDEX[indexOrColumn];
  if (direct) return direct;
  if (indexOrColumn.includes("username_key")) return "username";
  if (indexOrColumn.includes("users.email")) return "email";
  if (indexOrColumn.includes("name_key")) return "name";
  return undefined;
}
