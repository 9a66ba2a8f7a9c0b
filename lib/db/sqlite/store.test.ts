import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, onTestFinished, test } from "vitest";
import { storeContract } from "../store.contract";
import { openSqliteStore } from "./store";

async function openTempStore() {
  const dir = await mkdtemp(path.join(os.tmpdir(), "discock-store-"));
  const file = path.join(dir, "store.db");
  const store = openSqliteStore(file);
  const cleanup = async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  };
  return { store, file, cleanup };
}

storeContract("sqlite", openTempStore);

describe("SQLite store", () => {
  async function tempStore() {
    const opened = await openTempStore();
    onTestFinished(opened.cleanup);
    const raw = new Database(opened.file);
    onTestFinished(() => {
      raw.close();
    });
    return { ...opened, raw };
  }

  test("the database file is in WAL mode", async () => {
    const { raw } = await tempStore();

    expect(raw.pragma("journal_mode", { simple: true })).toBe("wal");
  });

  // foreign_keys is per connection (and better-sqlite3 builds with it on by default), so only the store's own
  // connection can show it: these fail if the store ever turns it off.
  test("answers a message for a missing room with null and refuses one from a missing user", async () => {
    const { store, raw } = await tempStore();
    const user = await store.insertUser({ username: "u", email: "u@example.test", passwordHash: "h", city: "" });
    const room = await store.insertRoom({ name: "real", description: "", createdBy: null });

    expect(await store.insertMessage({ roomId: 999, userId: user.id, content: "x", clientId: null })).toBeNull();
    await expect(store.insertMessage({ roomId: room.id, userId: 999, content: "x", clientId: null })).rejects.toThrow(
      /FOREIGN KEY/,
    );

    expect(raw.prepare("select count(*) from messages").pluck().get()).toBe(0);
  });

  test("deleting a room deletes its message rows", async () => {
    const { store, raw } = await tempStore();
    const user = await store.insertUser({ username: "u", email: "u@example.test", passwordHash: "h", city: "" });
    const doomed = await store.insertRoom({ name: "doomed", description: "", createdBy: null });
    const kept = await store.insertRoom({ name: "kept", description: "", createdBy: null });
    await store.insertMessage({ roomId: doomed.id, userId: user.id, content: "a", clientId: null });
    await store.insertMessage({ roomId: doomed.id, userId: user.id, content: "b", clientId: null });
    await store.insertMessage({ roomId: kept.id, userId: user.id, content: "c", clientId: null });

    expect(await store.deleteRoom(doomed.id)).toBe(true);

    expect(raw.prepare("select room_id, content from messages").all()).toEqual([{ room_id: kept.id, content: "c" }]);
  });
});
