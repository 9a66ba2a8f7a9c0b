import type { UniqueField } from "./types";

/** Drizzle wraps driver errors in DrizzleQueryError; the driver's own error carries the code we need. */
export function driverError(err: unknown): unknown {
  let current = err;
  while (current instanceof Error && current.name !== "SqliteError" && current.name !== "PostgresError" && current.cause) {
    current = current.cause;
  }
  return current;
}

export interface UniqueIndex {
  field: UniqueField;
  confusable: boolean;
}

// PostgreSQL names the index; SQLite names the column (`users.username_skeleton`).
const INDEX_BY_COLUMN: [string, UniqueIndex][] = [
  ["username_key", { field: "username", confusable: false }],
  ["username_skeleton", { field: "username", confusable: true }],
  ["name_key", { field: "name", confusable: false }],
  ["name_skeleton", { field: "name", confusable: true }],
];

export function uniqueIndexOf(indexOrColumn: string): UniqueIndex | undefined {
  return INDEX_BY_COLUMN.find(([column]) => indexOrColumn.includes(column))?.[1];
}
