import { describe, expect, it } from "vitest";
import { apiClient, uniqueName } from "./support/api";
import { registerAndSignIn } from "./support/http";
import { freshPgDatabase } from "./support/pg-database";
import { ReliableClient } from "./support/reliable-client";
import { makeTempDir, startServer, type RunningServer } from "./support/server";
import { freePort } from "./support/ports";

const CLIENTS = 4;
const MESSAGES_EACH = 40;


/**
 * Clients send with retries while the server is killed with SIGKILL (or stopped with SIGTERM) in the
 * middle and started again on the same port and database. At the end the database holds every
 * intended message exactly once, and every client's view equals the database.
 */
async function survivesRestart(databaseUrl: string, signal: NodeJS.Signals) {
  const dir = makeTempDir();
  const env = { DATABASE_URL: databaseUrl, PORT: String(await freePort()) };
  let server: RunningServer = await startServer({ dir, env });
  const people = await Promise.all(Array.from({ length: CLIENTS }, () => registerAndSignIn(server.url)));
  const [owner] = people;
  if (!owner) throw new Error("no clients");
  const room = await apiClient(server.url, owner.jar).createRoom(uniqueName("Выживание"));
  const clients = people.map(({ jar }) => new ReliableClient(server.url, jar, room.id));

  let acked = 0;
  const restarted = (async () => {
    await expect.poll(() => acked, { timeout: 30_000, interval: 20 }).toBeGreaterThanOrEqual((CLIENTS * MESSAGES_EACH) / 3);
    await server.stop(signal);
    server = await startServer({ dir, env });
  })();
  const intended = clients.flatMap((_, c) => Array.from({ length: MESSAGES_EACH }, (_, i) => `room${room.id}-client${c}-message${i}`));
  await Promise.all(
    clients.map(async (client, c) => {
      for (let i = 0; i < MESSAGES_EACH; i++) {
        await client.send(`сообщение ${i} от ${c}`, `room${room.id}-client${c}-message${i}`);
        acked++;
      }
    }),
  );
  await restarted;

  try {
    const stored = await apiClient(server.url, owner.jar).messages(room.id, "?limit=100&after=0");
    const rest = await apiClient(server.url, owner.jar).messages(room.id, `?limit=100&after=${stored.at(-1)?.id ?? 0}`);
    const all = [...stored, ...rest];
    expect(all.map((message) => message.client_id).sort()).toEqual([...intended].sort());
    const storedIds = all.map((message) => message.id);
    for (const client of clients) {
      await expect.poll(() => client.ids(), { timeout: 15_000 }).toEqual(storedIds);
      expect(client.reconnects).toBeGreaterThanOrEqual(2);
    }
  } finally {
    for (const client of clients) client.close();
    await server.stop();
  }
}

describe("nothing acknowledged is lost, nothing is duplicated", () => {
  it("across kill -9 on SQLite", async () => {
    await survivesRestart(`sqlite:///${makeTempDir()}/discock.db`, "SIGKILL");
  });

  it("across kill -9 on PostgreSQL", async () => {
    const database = await freshPgDatabase("discock_kill");
    try {
      await survivesRestart(database.url, "SIGKILL");
    } finally {
      await database.drop();
    }
  });

  it("across a graceful SIGTERM restart", async () => {
    await survivesRestart(`sqlite:///${makeTempDir()}/discock.db`, "SIGTERM");
  });
});
