import { readFile } from "node:fs/promises";
import path from "node:path";
import postgres from "postgres";
import { describe, expect, onTestFinished, test } from "vitest";
import { allRooms, createRoom, send, storeContract } from "../store.contract";
import { openPgStore } from "./store";
import { testDatabases } from "./test-database";

const { createDatabase } = testDatabases(process.env.TEST_DATABASE_URL);

storeContract("postgres", async () => {
  const database = await createDatabase();
  const store = await openPgStore(database.url).catch(async (err: unknown) => {
    await database.drop();
    throw err;
  });
  const reader = postgres(database.url, { max: 1, onnotice: () => {} });
  return {
    store,
    rows: async (query: string) => [...(await reader.unsafe<Record<string, unknown>[]>(query))],
    cleanup: async () => {
      await reader.end({ timeout: 5 });
      await store.close();
      await database.drop();
    },
  };
});

describe("PostgreSQL store", () => {
  test("two instances opening one new database at once migrate it once and share one default room", async () => {
    const database = await createDatabase();
    onTestFinished(database.drop);

    const [a, b] = await Promise.all([openPgStore(database.url), openPgStore(database.url)]);
    onTestFinished(() => a.close());
    onTestFinished(() => b.close());
    const room = { name: "Общий чат", description: "" };
    const [fromA, fromB] = await Promise.all([a.ensureDefaultRoom(room), b.ensureDefaultRoom(room)]);

    expect(fromB).toEqual(fromA);
    expect(await allRooms(b)).toEqual([fromA]);
    const journal = JSON.parse(await readFile(path.join("drizzle", "pg", "meta", "_journal.json"), "utf8")) as {
      entries: unknown[];
    };
    const sql = postgres(database.url, { max: 1, onnotice: () => {} });
    onTestFinished(() => sql.end({ timeout: 5 }));
    const [applied] = await sql<[{ count: number }]>`select count(*)::int as count from drizzle.__drizzle_migrations`;
    expect(applied?.count).toBe(journal.entries.length);
  });

  // Concurrent inserts draw ids from one sequence but commit in any order; a reader catching up with
  // after=<last id seen> must still never skip one. The store serializes inserts per room for this.
  test("a reader catching up with `after` while many writers insert into one room misses nothing", async () => {
    const database = await createDatabase();
    onTestFinished(database.drop);
    const store = await openPgStore(database.url);
    onTestFinished(() => store.close());
    const room = await createRoom(store, { name: "Гонка", description: "", createdBy: null });
    const writers = await Promise.all(
      Array.from({ length: 8 }, (_, i) => store.insertUser({ username: `writer${i}`, email: `w${i}@example.com`, passwordHash: "x", city: "Омск" })),
    );

    const seen: number[] = [];
    let writing = true;
    const reader = (async () => {
      let last = 0;
      while (writing) {
        const page = await store.listMessages({ roomId: room.id, limit: 100, after: last });
        for (const message of page) seen.push(message.id);
        last = page.at(-1)?.id ?? last;
      }
      for (;;) {
        const page = await store.listMessages({ roomId: room.id, limit: 100, after: last });
        if (page.length === 0) return;
        for (const message of page) seen.push(message.id);
        last = page.at(-1)?.id ?? last;
      }
    })();
    const written = (
      await Promise.all(
        writers.map(async (writer) => {
          const ids: number[] = [];
          for (let i = 0; i < 60; i++) {
            const stored = await send(store, { roomId: room.id, userId: writer.id, content: `№${i}`, clientId: null });
            if (stored.status !== "stored") throw new Error(`not stored: ${stored.status}`);
            ids.push(stored.message.id);
          }
          return ids;
        }),
      )
    ).flat();
    writing = false;
    await reader;

    expect(seen).toHaveLength(written.length);
    expect(seen).toEqual([...written].sort((x, y) => x - y));
  });
});
