import type { PostgresJsDatabase } from "drizzle-orm/postgres-js";
import type postgres from "postgres";
import { publicColumns } from "../columns";
import { driverError, uniqueIndexOf } from "../errors";
import { foldKey, skeletonKey } from "../keys";
import { StoreUnavailable, UniqueViolation } from "../types";
import * as schema from "./schema";

/** What every noun's part of the store is built from: one pool, migrated by store.ts. */
export interface PgHandle {
  client: postgres.Sql;
  db: PostgresJsDatabase<typeof schema>;
}

export const columns = publicColumns(schema);

const CONNECTION_ERROR_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
  "57P01",
  "57P03",
  "53300",
]);

export function rethrow(err: unknown): never {
  const cause = driverError(err);
  if (cause instanceof Error && "code" in cause) {
    if (cause.code === "23505" && "constraint_name" in cause && typeof cause.constraint_name === "string") {
      const index = uniqueIndexOf(cause.constraint_name);
      if (index) throw new UniqueViolation(index.field, { cause, confusable: index.confusable });
    }
    if (typeof cause.code === "string" && CONNECTION_ERROR_CODES.has(cause.code)) {
      throw new StoreUnavailable(`PostgreSQL is unavailable (${cause.code})`, { cause });
    }
  }
  throw err;
}

/** An insert refused by a row's room foreign key: the room does not exist (any more). */
export function isMissingRoom(err: unknown, constraint = "messages_room_id_rooms_id_fk"): boolean {
  const cause = driverError(err);
  return cause instanceof Error && "code" in cause && cause.code === "23503" && "constraint_name" in cause && cause.constraint_name === constraint;
}

/**
 * As rethrow, but tells a name that is taken as such from one that only looks like a taken one: a
 * duplicate breaks both unique indexes, and PostgreSQL names whichever it checked first.
 */
export async function rethrowNamed(err: unknown, exactlyTaken: () => Promise<boolean>): Promise<never> {
  try {
    rethrow(err);
  } catch (mapped) {
    if (mapped instanceof UniqueViolation && mapped.confusable && (await exactlyTaken())) {
      throw new UniqueViolation(mapped.field, { cause: mapped.cause });
    }
    throw mapped;
  }
}

export function guarded<Args extends unknown[], Result>(run: (...args: Args) => Promise<Result>) {
  return async (...args: Args): Promise<Result> => {
    try {
      return await run(...args);
    } catch (err) {
      rethrow(err);
    }
  };
}

export const first = <T>(rows: T[]): T | null => rows[0] ?? null;

export const roomKeys = (name: string) => ({ nameKey: foldKey(name), nameSkeleton: skeletonKey(name) });

export const isUniqueConstraint = (err: unknown) => {
  const cause = driverError(err);
  return cause instanceof Error && "code" in cause && cause.code === "23505";
};
