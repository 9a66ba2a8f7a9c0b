import { randomBytes } from "node:crypto";
import postgres from "postgres";

/**
 * Throwaway databases on the test server, one per caller. Takes the admin URL rather than reading the
 * environment, so that only test files read it.
 */
export function testDatabases(adminUrl: string | undefined) {
  // Not a skip: the PostgreSQL tests exist to catch dialect differences, so they must always run.
  if (!adminUrl) {
    throw new Error(
      "TEST_DATABASE_URL is not set: point it at an admin database, e.g. postgres://postgres@127.0.0.1:5432/postgres",
    );
  }
  const url = adminUrl;

  async function asAdmin(run: (sql: postgres.Sql) => Promise<unknown>) {
    const sql = postgres(url, { max: 1, onnotice: () => {} });
    try {
      await run(sql);
    } finally {
      await sql.end({ timeout: 5 });
    }
  }

  async function createDatabase() {
    const name = `discock_test_${randomBytes(8).toString("hex")}`;
    await asAdmin((sql) => sql`create database ${sql(name)}`);
    const databaseUrl = new URL(url);
    databaseUrl.pathname = `/${name}`;
    return {
      url: databaseUrl.toString(),
      drop: () => asAdmin((sql) => sql`drop database if exists ${sql(name)} with (force)`),
    };
  }

  return { createDatabase };
}
