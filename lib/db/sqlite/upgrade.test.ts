import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { afterEach, describe, expect, it } from "vitest";
import { openSqliteStore } from "./store";

const MIGRATIONS = path.join(process.cwd(), "drizzle", "sqlite");
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The migrations folder as it was before `tag`, so a database can be made as an older release left it. */
function migrationsBefore(tag: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), "discock-migrations-"));
  dirs.push(dir);
  cpSync(MIGRATIONS, dir, { recursive: true });
  const journalFile = path.join(dir, "meta", "_journal.json");
  const journal = JSON.parse(readFileSync(journalFile, "utf8")) as { entries: { tag: string }[] };
  const at = journal.entries.findIndex((entry) => entry.tag === tag);
  expect(at).toBeGreaterThan(0);
  writeFileSync(journalFile, JSON.stringify({ ...journal, entries: journal.entries.slice(0, at) }));
  return dir;
}

describe("upgrading a SQLite database", () => {
  it("to 0005 empties the Russian default city and room description, adds no language, and loses no session or creator", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "discock-upgrade-"));
    dirs.push(dir);
    const file = path.join(dir, "chat.db");
    // Migrated as a release before 0005 left it, then filled as such a release did: the default city
    // and the default room's description as Russian sentences. (Raw SQL: today's store selects `locale`.)
    const raw = new Database(file);
    raw.pragma("foreign_keys = ON");
    migrate(drizzle(raw), { migrationsFolder: migrationsBefore("0005_locale_and_empty_city") });
    const insertUser = raw.prepare("insert into users (username, username_key, email, password_hash, city) values (?, ?, ?, 'x', ?)");
    const vera = Number(insertUser.run("Vera", "vera", "vera@example.test", "Пермь").lastInsertRowid);
    const ivan = Number(insertUser.run("Ivan", "ivan", "ivan@example.test", "Не указан").lastInsertRowid);
    raw.prepare("insert into sessions (id, user_id, expires_at) values ('s-ivan', ?, ?)").run(ivan, Date.now() + 3_600_000);
    const kitchen = Number(raw.prepare("insert into rooms (name, name_key, description, created_by) values ('кухня', 'кухня', 'о еде', ?)").run(ivan).lastInsertRowid);
    raw.prepare("insert into rooms (name, name_key, description, is_default) values ('Общий чат', 'общий чат', 'Комната для всех', 1)").run();
    raw.close();

    const store = openSqliteStore(file);
    try {
      expect(await store.getUserById(ivan)).toMatchObject({ city: "", locale: null });
      expect(await store.getUserById(vera)).toMatchObject({ city: "Пермь", locale: null });
      expect((await store.getLiveSession("s-ivan", new Date()))?.user.id).toBe(ivan);
      expect(await store.getRoom(kitchen)).toMatchObject({ createdBy: ivan, description: "о еде" });
      expect(await store.getDefaultRoom()).toMatchObject({ name: "Общий чат", description: "" });
    } finally {
      await store.close();
    }
  });
});
