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

  it("to 0007 keeps every room, member and message: rooms become public, users plain users, nobody timed out", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "discock-upgrade-"));
    dirs.push(dir);
    const file = path.join(dir, "chat.db");
    // Migrated and filled as a release before private spaces left it. (Raw SQL: today's store selects `kind` and `role`.)
    const raw = new Database(file);
    raw.pragma("foreign_keys = ON");
    migrate(drizzle(raw), { migrationsFolder: migrationsBefore("0007_private_spaces") });
    const insertUser = raw.prepare(
      "insert into users (username, username_key, username_skeleton, email, password_hash, city) values (?, ?, ?, ?, 'x', 'Пермь')",
    );
    const vera = Number(insertUser.run("Vera", "vera", "vera", "vera@example.test").lastInsertRowid);
    const ivan = Number(insertUser.run("Ivan", "ivan", "ivan", "ivan@example.test").lastInsertRowid);
    const insertRoom = raw.prepare("insert into rooms (name, name_key, name_skeleton, description, created_by, is_default) values (?, ?, ?, '', ?, ?)");
    const lobby = Number(insertRoom.run("Общий чат", "общий чат", "общий чат", null, 1).lastInsertRowid);
    const kitchen = Number(insertRoom.run("кухня", "кухня", "кухня", vera, 0).lastInsertRowid);
    const insertMember = raw.prepare("insert into room_members (room_id, user_id, role, joined_at) values (?, ?, ?, ?)");
    insertMember.run(kitchen, vera, "owner", 1_700_000_000_000);
    insertMember.run(kitchen, ivan, "moderator", 1_700_000_100_000);
    insertMember.run(lobby, ivan, "member", 1_700_000_200_000);
    const insertMessage = raw.prepare("insert into messages (room_id, user_id, content, version, reply_to_id) values (?, ?, ?, ?, ?)");
    const hello = Number(insertMessage.run(kitchen, vera, "привет", 1, null).lastInsertRowid);
    const reply = Number(insertMessage.run(kitchen, ivan, "и тебе", 2, hello).lastInsertRowid);
    const inLobby = Number(insertMessage.run(lobby, ivan, "всем", 1, null).lastInsertRowid);
    raw.prepare("insert into message_reactions (message_id, user_id, emoji) values (?, ?, '👍')").run(hello, ivan);
    raw.close();

    const store = openSqliteStore(file);
    try {
      expect(await store.getUserById(vera)).toMatchObject({ username: "Vera", role: "user" });
      expect(await store.getUserById(ivan)).toMatchObject({ username: "Ivan", role: "user" });
      expect(await store.getRoom(kitchen)).toMatchObject({ name: "кухня", createdBy: vera, isDefault: false, kind: "public", isGroup: false });
      expect(await store.getDefaultRoom()).toMatchObject({ id: lobby, kind: "public", isGroup: false });
      expect(await store.listMembers(kitchen, 10)).toEqual([
        { userId: vera, username: "Vera", city: "Пермь", role: "owner", joinedAt: new Date(1_700_000_000_000), timedOutUntil: null },
        { userId: ivan, username: "Ivan", city: "Пермь", role: "moderator", joinedAt: new Date(1_700_000_100_000), timedOutUntil: null },
      ]);
      expect(await store.getMembership(lobby, ivan)).toMatchObject({ role: "member", timedOutUntil: null });
      const history = await store.listMessages({ roomId: kitchen, limit: 10 });
      expect(history.map((m) => [m.id, m.content, m.version, m.replyToId])).toEqual([
        [hello, "привет", 1, null],
        [reply, "и тебе", 2, hello],
      ]);
      expect((await store.viewMessages(history, vera))[0]?.reactions).toEqual([{ emoji: "👍", count: 1, me: false }]);
      expect((await store.listMessages({ roomId: lobby, limit: 10 })).map((m) => m.id)).toEqual([inLobby]);
      // Every room reads as the public room it was, to its members and to anyone.
      const views = await store.listRooms({ viewerId: ivan, limit: 10, ownLimit: 10 });
      expect(views.map((v) => [v.room.id, v.role, v.banned, v.blocked, v.lastMessageId])).toEqual([
        [lobby, "member", false, false, inLobby],
        [kitchen, "moderator", false, false, reply],
      ]);
      expect((await store.listRooms({ viewerId: 999, limit: 10, ownLimit: 10 })).map((v) => v.room.id)).toEqual([lobby, kitchen]);
      // And works as one: a reader who never joined may write, and the room's name is still taken.
      await store.insertSession({ id: "s-vera", userId: vera, expiresAt: new Date(Date.now() + 3_600_000) });
      expect(await store.insertMessage({ roomId: lobby, userId: vera, content: "я тут", clientId: null, sessionId: "s-vera" })).toMatchObject({
        status: "stored",
        message: { version: 2 },
      });
      await expect(store.insertRoom({ name: "Кухня", description: "", createdBy: ivan }, { perCreator: 0, total: 0 })).rejects.toHaveProperty("field", "name");
    } finally {
      await store.close();
    }
    const after = new Database(file, { readonly: true });
    try {
      expect(after.prepare("select count(*) from rooms where direct_key is not null or kind <> 'public'").pluck().get()).toBe(0);
      expect(after.prepare("select count(*) from room_members").pluck().get()).toBe(3);
      expect(after.prepare("select count(*) from messages").pluck().get()).toBe(4);
    } finally {
      after.close();
    }
  });
});
