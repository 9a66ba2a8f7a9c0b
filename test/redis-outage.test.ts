import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MessageDto } from "@/lib/chat/dto";
import type { AckResult } from "@/lib/realtime/events";
import { apiClient, uniqueName } from "./support/api";
import { registerAndSignIn } from "./support/http";
import { makeTempDir, startServer, type RunningServer } from "./support/server";
import { connectAs, emitRaw, nextEvent } from "./support/socket";
import { freePort } from "./support/ports";

let redisPort: number;
let redis: ChildProcess | undefined;
let server: RunningServer;
const redisDir = makeTempDir("discock-redis-");


/** A Redis of this test's own, so stopping it disturbs no other suite. */
async function startRedis() {
  const child = spawn("redis-server", ["--port", String(redisPort), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", redisDir], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("Ready to accept connections")) resolve();
    });
    child.once("exit", (code) => reject(new Error(`redis-server exited with ${code}`)));
  });
  return child;
}

async function stopRedis() {
  const exited = new Promise((resolve) => redis?.once("exit", resolve));
  redis?.kill("SIGKILL");
  await exited;
}

const health = async () => (await fetch(new URL("/api/health", server.url))).json() as Promise<unknown>;

beforeAll(async () => {
  redisPort = await freePort();
  redis = await startRedis();
  server = await startServer({ env: { REDIS_URL: `redis://127.0.0.1:${redisPort}` } });
});

afterAll(async () => {
  await server?.stop();
  redis?.kill("SIGKILL");
});

describe("Redis goes away", () => {
  it("keeps serving this instance's clients, says so in health, and rejoins when Redis returns", async () => {
    const { jar } = await registerAndSignIn(server.url);
    const room = await apiClient(server.url, jar).createRoom(uniqueName("Без Redis"));
    const sender = await connectAs(server.url, jar);
    const other = await registerAndSignIn(server.url);
    const receiver = await connectAs(server.url, other.jar);
    for (const socket of [sender, receiver]) await emitRaw(socket, "join_room", { room_id: room.id });
    expect(await health()).toEqual({ status: "ok", db: "ok", redis: "ok" });

    await stopRedis();
    await expect.poll(health, { timeout: 10_000 }).toEqual({ status: "degraded", db: "ok", redis: "unavailable" });

    const arrives = nextEvent(receiver, "new_message");
    const ack = (await emitRaw(sender, "send_message", { room_id: room.id, content: "без Redis" })) as AckResult<{ message: MessageDto }>;
    expect(ack.ok).toBe(true);
    expect((await arrives).content).toBe("без Redis");
    const joined = (await emitRaw(receiver, "join_room", { room_id: room.id })) as AckResult;
    expect(joined.ok).toBe(true);

    redis = await startRedis();
    await expect.poll(health, { timeout: 15_000 }).toEqual({ status: "ok", db: "ok", redis: "ok" });
    sender.disconnect();
    receiver.disconnect();
  });
});
