import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import postgres from "postgres";
import { expect, onTestFinished, test } from "vitest";
import { openSqliteStore } from "../sqlite/store";
import { openPgStore } from "./store";
import { testDatabases } from "./test-database";

const { createDatabase } = testDatabases(process.env.TEST_DATABASE_URL);

/** What both dialects' migrations must agree on, per table; types and defaults differ by design. */
interface TableShape {
  columns: string[];
  /** Every index but a primary key's (SQLite needs none for an integer key, PostgreSQL always has one). */
  indexes: string[];
  /** The unique ones among them: the names errors.ts maps to UniqueViolation. */
  unique: string[];
}

type SchemaShape = Record<string, TableShape>;

const sorted = (names: string[]) => [...names].sort();

async function sqliteShape(): Promise<SchemaShape> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "discock-parity-"));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  const file = path.join(dir, "parity.db");
  await openSqliteStore(file).close();
  const db = new Database(file, { readonly: true });
  onTestFinished(() => {
    db.close();
  });

  const tables = db
    .prepare<[], string>("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name <> '__drizzle_migrations'")
    .pluck()
    .all();
  const shape: SchemaShape = {};
  for (const table of tables) {
    const indexes = db
      .prepare<[string], { name: string; unique: number; origin: string }>("select name, \"unique\", origin from pragma_index_list(?)")
      .all(table)
      .filter((index) => index.origin !== "pk");
    shape[table] = {
      columns: sorted(db.prepare<[string], string>("select name from pragma_table_info(?)").pluck().all(table)),
      indexes: sorted(indexes.map((index) => index.name)),
      unique: sorted(indexes.filter((index) => index.unique === 1).map((index) => index.name)),
    };
  }
  return shape;
}

async function pgShape(): Promise<SchemaShape> {
  const database = await createDatabase();
  onTestFinished(database.drop);
  await (await openPgStore(database.url)).close();
  const sql = postgres(database.url, { max: 1, onnotice: () => {} });
  onTestFinished(() => sql.end({ timeout: 5 }));

  // drizzle keeps its journal in the "drizzle" schema, so "public" holds only the app's tables.
  const columns = await sql<{ table: string; column: string }[]>`
    select c.table_name as table, c.column_name as column
    from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = 'public' and t.table_type = 'BASE TABLE'`;
  const indexes = await sql<{ table: string; name: string; unique: boolean }[]>`
    select tablename as table, indexname as name, indexdef like 'CREATE UNIQUE INDEX %' as unique
    from pg_indexes
    where schemaname = 'public'
      and indexname not in (select conname from pg_constraint where contype = 'p' and connamespace = 'public'::regnamespace)`;

  const shape: SchemaShape = {};
  const tableShape = (table: string) => (shape[table] ??= { columns: [], indexes: [], unique: [] });
  for (const { table, column } of columns) tableShape(table).columns.push(column);
  for (const { table, name, unique } of indexes) {
    tableShape(table).indexes.push(name);
    if (unique) tableShape(table).unique.push(name);
  }
  for (const table of Object.values(shape)) {
    table.columns.sort();
    table.indexes.sort();
    table.unique.sort();
  }
  return shape;
}

// Each dialect has its own migrations, written by drizzle-kit from its own schema.ts; a change made to one
// only would pass that dialect's contract run and break the other's deployments.
test("SQLite and PostgreSQL migrate to the same tables, columns, indexes and unique names", async () => {
  const [sqlite, pg] = await Promise.all([sqliteShape(), pgShape()]);

  expect(Object.keys(sqlite)).not.toHaveLength(0);
  expect(sqlite).toEqual(pg);
});
