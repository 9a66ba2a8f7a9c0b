/* eslint-disable no-restricted-properties -- the bench is not the app: lib/env.ts reads the app's
   configuration, this reads the bench's own (BENCH_DATABASE_URL) and what child processes need. */

/** PostgreSQL server on which the bench creates (and drops) a fresh database; unset: SQLite only. */
export const benchDatabaseUrl = (): string | undefined => process.env.BENCH_DATABASE_URL || undefined;

/** The minimum a child process needs; nothing else from the developer's environment leaks into it. */
export const childBaseEnv = (): Record<string, string> => ({
  PATH: process.env.PATH ?? "/usr/bin:/bin",
  HOME: process.env.HOME ?? "/tmp",
});
