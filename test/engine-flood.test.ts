import { readFileSync } from "node:fs";
import { io, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ClientToServerEvents, ServerToClientEvents } from "@/lib/realtime/events";
import { registerAndSignIn, type CookieJar } from "./support/http";
import { startServer, type RunningServer } from "./support/server";

const TOKEN = "metrics-token-for-engine-flood-0123";
const CAP = 3;
const FLOOD = 6_000;
const BATCH = 200;
const MIB = 1024 * 1024;

let server: RunningServer;

beforeAll(async () => {
  server = await startServer({ env: { METRICS_TOKEN: TOKEN, MAX_SOCKETS_PER_USER: String(CAP) } });
});

afterAll(async () => {
  await server.stop();
});

function residentBytes(pid: number): number {
  const line = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  if (!line?.[1]) throw new Error(`no VmRSS for process ${pid}`);
  return Number(line[1]) * 1024;
}

async function engineConnections(): Promise<number> {
  const text = await (await fetch(new URL("/api/metrics", server.url), { headers: { authorization: `Bearer ${TOKEN}` } })).text();
  const line = text.split("\n").find((candidate) => candidate.startsWith("discock_engine_connections "));
  if (!line) throw new Error("/api/metrics has no discock_engine_connections");
  return Number(line.slice("discock_engine_connections ".length));
}

/** A raw Engine.IO long-polling handshake, as a flood sends it: no client library, nothing after it. */
async function handshake(headers: Record<string, string> = {}) {
  const response = await fetch(new URL("/socket.io/?EIO=4&transport=polling", server.url), { headers });
  const body = await response.text();
  const sid = /"sid":"([^"]+)"/.exec(body)?.[1];
  return { status: response.status, body, sid };
}

function connect(jar: CookieJar, transport: "websocket" | "polling") {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(server.url, {
    transports: [transport],
    extraHeaders: { cookie: jar.header() },
    reconnection: false,
    forceNew: true,
  });
  return new Promise<typeof socket>((resolve, reject) => {
    socket.once("connected", () => resolve(socket));
    socket.once("connect_error", reject);
  });
}

describe("Engine.IO handshakes before authentication", () => {
  it("refuses thousands of cookie-less polling handshakes without allocating sessions", async () => {
    const pid = server.process.pid;
    if (pid === undefined) throw new Error("the server has no pid");
    // Warm the handshake path once, so the first batch does not measure lazy module loading.
    expect((await handshake()).status).toBe(403);
    const before = residentBytes(pid);

    const accepted: string[] = [];
    const statuses = new Set<number>();
    for (let sent = 0; sent < FLOOD; sent += BATCH) {
      const answers = await Promise.all(Array.from({ length: BATCH }, () => handshake()));
      for (const answer of answers) {
        statuses.add(answer.status);
        if (answer.sid) accepted.push(answer.sid);
      }
      if (sent % (BATCH * 10) === 0) expect(await engineConnections()).toBe(0);
    }

    expect(accepted).toEqual([]);
    expect([...statuses]).toEqual([403]);
    expect((await handshake()).body).toContain("unauthorized");
    expect(await engineConnections()).toBe(0);
    // Each accepted session held several kilobytes until it expired; refusals hold nothing.
    expect((residentBytes(pid) - before) / MIB).toBeLessThan(48);
  }, 120_000);

  it("still lets a signed-in client connect over polling and over websocket", async () => {
    const { jar } = await registerAndSignIn(server.url);
    const before = await engineConnections();
    const sockets = [await connect(jar, "polling"), await connect(jar, "websocket")];
    expect(sockets.every((socket) => socket.connected)).toBe(true);
    expect(await engineConnections()).toBe(before + 2);
    for (const socket of sockets) socket.disconnect();
    await expect.poll(engineConnections).toBe(before);
  });

  it("caps the engine connections one user holds without joining the namespace, and frees a slot on close", async () => {
    const { jar } = await registerAndSignIn(server.url);
    const cookie = { cookie: jar.header() };
    const held = await Promise.all(Array.from({ length: CAP }, () => handshake(cookie)));
    expect(held.map((answer) => answer.status)).toEqual(Array(CAP).fill(200) as number[]);

    const refused = await Promise.all(Array.from({ length: 5 }, () => handshake(cookie)));
    for (const answer of refused) {
      expect(answer).toMatchObject({ status: 403, sid: undefined });
      expect(answer.body).toContain("too_many_connections");
    }
    const other = await registerAndSignIn(server.url);
    expect((await handshake({ cookie: other.jar.header() })).status).toBe(200);

    // An Engine.IO close packet ("1") ends one session; its slot is free again at once.
    const first = held[0]?.sid;
    if (!first) throw new Error("the first handshake had no sid");
    const close = await fetch(new URL(`/socket.io/?EIO=4&transport=polling&sid=${first}`, server.url), {
      method: "POST",
      headers: { ...cookie, "content-type": "text/plain;charset=UTF-8" },
      body: "1",
    });
    expect(close.status).toBe(200);
    await expect.poll(async () => (await handshake(cookie)).status).toBe(200);
  });
});
