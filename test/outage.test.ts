import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MessageDto } from "@/lib/chat/dto";
import type { AckResult } from "@/lib/realtime/events";
import { apiClient, uniqueName } from "./support/api";
import { registerAndSignIn } from "./support/http";
import { startPrivatePostgres, type PrivatePostgres } from "./support/postgres";
import { startServer, type RunningServer } from "./support/server";
import { connectAs, emitRaw } from "./support/socket";

let postgres: PrivatePostgres;
let server: RunningServer;

beforeAll(async () => {
  postgres = await startPrivatePostgres();
  server = await startServer({ env: { DATABASE_URL: postgres.url } });
}, 60_000);

afterAll(async () => {
  await server?.stop();
  postgres?.destroy();
});

const health = async () => {
  const response = await fetch(new URL("/api/health", server.url));
  return { status: response.status, body: (await response.json()) as unknown };
};

describe("PostgreSQL stops while the server runs", () => {
  it("refuses sends with db_unavailable and answers 503, then recovers without a restart", async () => {
    const { jar } = await registerAndSignIn(server.url);
    const api = apiClient(server.url, jar);
    const room = await api.createRoom(uniqueName("Авария"));
    const socket = await connectAs(server.url, jar);
    const send = async (content: string, clientId: string) =>
      (await emitRaw(socket, "send_message", { room_id: room.id, content, client_id: clientId })) as AckResult<{ message: MessageDto }>;
    expect((await send("до аварии", "before-outage-1")).ok).toBe(true);

    postgres.stop();

    expect(await send("во время аварии", "during-outage-1")).toMatchObject({ ok: false, error: { code: "db_unavailable" } });
    expect(await health()).toEqual({ status: 503, body: { status: "error", db: "unavailable", redis: "off" } });
    const rooms = await api.get("/api/rooms");
    expect(rooms.status).toBe(503);
    expect(rooms.body).toMatchObject({ code: "db_unavailable", error: expect.any(String) as string });
    expect(server.process.exitCode).toBeNull();

    postgres.start();

    await expect.poll(async () => (await health()).status, { timeout: 15_000 }).toBe(200);
    const retried = await send("во время аварии", "during-outage-1");
    expect(retried.ok).toBe(true);
    expect(socket.connected).toBe(true);
    const stored = await api.messages(room.id);
    expect(stored.map((message) => message.client_id)).toEqual(["before-outage-1", "during-outage-1"]);
    socket.disconnect();
  });
});
