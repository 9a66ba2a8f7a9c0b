import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, onTestFinished, test } from "vitest";
import { createRoom, send, storeContract } from "../store.contract";
import { openSqliteStore } from "./store";

async function openTempStore() {
  const dir = await mkdtemp(path.join(os.tmpdir(), "discock-store-"));
  const file = path.join(dir, "store.db");
  const store = openSqliteStore(file);
  // A second connection, as another process would read the file: it sees only what was committed.
  const reader = new Database(file, { readonly: true });
  const rows = async (query: string) => reader.prepare<[], Record<string, unknown>>(query).all();
  const cleanup = async () => {
    reader.close();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  };
  return { store, file, rows, cleanup };
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
  test("refuses a message for a missing room", async () => {
    const { store, raw } = await tempStore();
    const user = await store.insertUser({ username: "u", email: "u@example.test", passwordHash: "h", city: "" });

    expect(await send(store, { roomId: 999, userId: user.id, content: "x", clientId: null })).toEqual({ status: "refused" });

    expect(raw.prepare("select count(*) from messages").pluck().get()).toBe(0);
  });

  test("deleting a room deletes its message rows", async () => {
    const { store, raw } = await tempStore();
    const user = await store.insertUser({ username: "u", email: "u@example.test", passwordHash: "h", city: "" });
    const doomed = await createRoom(store, { name: "doomed", description: "", createdBy: null });
    const kept = await createRoom(store, { name: "kept", description: "", createdBy: null });
    await send(store, { roomId: doomed.id, userId: user.id, content: "a", clientId: null });
    await send(store, { roomId: doomed.id, userId: user.id, content: "b", clientId: null });
    await send(store, { roomId: kept.id, userId: user.id, content: "c", clientId: null });

    expect(await store.deleteRoom(doomed.id)).toBe(true);

    expect(raw.prepare("select room_id, content from messages").all()).toEqual([{ room_id: kept.id, content: "c" }]);
  });

  test("names stored before skeletons existed get theirs at start; an existing lookalike pair keeps both", async () => {
    const { store, file, raw } = await tempStore();
    const original = await store.insertUser({ username: "victim1", email: "v@example.test", passwordHash: "h", city: "" });
    const lookalike = await store.insertUser({ username: "vіctim2", email: "w@example.test", passwordHash: "h", city: "" });
    await store.close();
    // As the rows of a database created before this column: no skeletons, and a confusable pair.
    raw.prepare("update users set username_skeleton = null, username = 'vіctim1', username_key = 'vіctim1' where id = ?").run(lookalike.id);
    raw.prepare("update users set username_skeleton = null").run();

    const reopened = openSqliteStore(file);
    onTestFinished(() => reopened.close());
    const skeletons = raw.prepare("select id, username_skeleton from users order by id").all();
    expect(skeletons).toEqual([
      { id: original.id, username_skeleton: "victirnl" },
      { id: lookalike.id, username_skeleton: null },
    ]);
    await expect(reopened.insertUser({ username: "victіm1", email: "x@example.test", passwordHash: "h", city: "" })).rejects.toMatchObject({
      field: "username",
      confusable: true,
    });
    expect(await reopened.getUserByUsername("vіctim1")).toMatchObject({ id: lookalike.id });
  });
});
