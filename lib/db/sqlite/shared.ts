import type Database from "better-sqlite3";
import type { BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { publicColumns } from "../columns";
import { driverError, uniqueIndexOf } from "../errors";
import { foldKey, skeletonKey } from "../keys";
import { UniqueViolation } from "../types";
import * as schema from "./schema";

/** What every noun's part of the store is built from: one connection, opened and migrated by store.ts. */
export interface SqliteHandle {
  sqlite: Database.Database;
  db: BetterSQLite3Database<typeof schema>;
}

export const columns = publicColumns(schema);

/**
 * `exactlyTaken` tells a name that is taken as such from one that only looks like a taken one: a
 * duplicate breaks both unique indexes, and SQLite names whichever it checked first.
 */
export function rethrow(err: unknown, exactlyTaken: () => boolean = () => false): never {
  const cause = driverError(err);
  if (cause instanceof Error && isUniqueConstraint(cause)) {
    const column = /UNIQUE constraint failed: (.+)$/.exec(cause.message)?.[1] ?? "";
    const index = uniqueIndexOf(column);
    if (index) throw new UniqueViolation(index.field, { cause, confusable: index.confusable && !exactlyTaken() });
  }
  throw err;
}

export function isForeignKeyViolation(err: unknown): boolean {
  const cause = driverError(err);
  return cause instanceof Error && "code" in cause && cause.code === "SQLITE_CONSTRAINT_FOREIGNKEY";
}

export function isUniqueConstraint(err: unknown): boolean {
  const cause = driverError(err);
  return cause instanceof Error && "code" in cause && cause.code === "SQLITE_CONSTRAINT_UNIQUE";
}

export const roomKeys = (name: string) => ({ nameKey: foldKey(name), nameSkeleton: skeletonKey(name) });
