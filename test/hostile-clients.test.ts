import { io } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiClient, uniqueName } from "./support/api";
import { registerAndSignIn, type CookieJar } from "./support/http";
import { head, rawConnection, untilClosed } from "./support/raw";
import { startServer, type RunningServer } from "./support/server";
import { connectAs, emitRaw, type ClientSocket } from "./support/socket";

const REQUEST_TIMEOUT_SECONDS = 3;
const METRICS_TOKEN = "metrics-token-for-tests-0123456789";
let server: RunningServer;
let jar: CookieJar;
let roomId: number;

beforeAll(async () => {
  server = await startServer({
    env: { REQUEST_TIMEOUT_SECONDS: String(REQUEST_TIMEOUT_SECONDS), METRICS_TOKEN },
  });
  ({ jar } = await registerAndSignIn(server.url));
  roomId = (await apiClient(server.url, jar).createRoom(uniqueName("Враждебные"))).id;
});

afterAll(async () => {
  await server.stop();
});

interface LogLine {
  level: string;
  message: string;
  stack?: string;
}

/** The server's output as log entries; a line that is not one JSON object fails the test. */
function logLines(): LogLine[] {
  return server
    .output()
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => {
      try {
        return JSON.parse(line) as LogLine;
      } catch {
        throw new Error(`the server wrote a line that is not JSON: ${JSON.stringify(line)}`);
      }
    });
}

async function internalErrors(): Promise<number> {
  const response = await fetch(new URL("/api/metrics", server.url), { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  const line = (await response.text()).split("\n").find((candidate) => candidate.startsWith('discock_errors_total{code="internal"} '));
  return line ? Number(line.split(" ")[1]) : 0;
}

/** Half of a message's body, then the client gives up and drops the connection. */
async function abortMidBody(): Promise<void> {
  const body = JSON.stringify({ content: "не дойдёт", client_id: crypto.randomUUID() });
  const socket = await rawConnection(server.port);
  const closed = untilClosed(socket);
  socket.write(
    head([
      `POST /api/messages/${roomId} HTTP/1.1`,
      "Host: localhost",
      "Content-Type: application/json",
      `Content-Length: ${Buffer.byteLength(body)}`,
      `Cookie: ${jar.header()}`,
    ]) + body.slice(0, 12),
  );
  // A round trip on another connection lets the server get as far as reading the body.
  await (await fetch(new URL("/api/health", server.url))).arrayBuffer();
  socket.destroy();
  await closed;
}

function connectPolling(): Promise<ClientSocket> {
  const socket: ClientSocket = io(server.url, {
    transports: ["polling"],
    extraHeaders: { cookie: jar.header() },
    reconnection: false,
    forceNew: true,
  });
  return new Promise((resolve, reject) => {
    socket.once("connected", () => resolve(socket));
    socket.once("connect_error", reject);
  });
}

describe("request timeouts", () => {
  it("closes a connection whose body trickles in slower than the request timeout allows", async () => {
    const socket = await rawConnection(server.port);
    const closed = untilClosed(socket);
    socket.write(
      head([
        `POST /api/messages/${roomId} HTTP/1.1`,
        "Host: localhost",
        "Content-Type: application/json",
        "Content-Length: 60000",
        `Cookie: ${jar.header()}`,
      ]),
    );
    // The attack itself: one byte a second, each well inside any idle timeout.
    const trickle = setInterval(() => socket.write("x"), 1_000);
    const { text, closedAfterMs } = await closed;
    clearInterval(trickle);
    expect(closedAfterMs).toBeLessThan((REQUEST_TIMEOUT_SECONDS + 3) * 1000);
    expect(text === "" || text.startsWith("HTTP/1.1 408 ")).toBe(true);
  });

  it("closes a connection whose headers never finish", async () => {
    const socket = await rawConnection(server.port);
    const closed = untilClosed(socket);
    socket.write("GET /login HTTP/1.1\r\nHost: localhost\r\n");
    const trickle = setInterval(() => socket.write("X-Slow: 1\r\n"), 1_000);
    const { closedAfterMs } = await closed;
    clearInterval(trickle);
    expect(closedAfterMs).toBeLessThan((REQUEST_TIMEOUT_SECONDS + 3) * 1000);
  });

  it("leaves Socket.IO's held long-polling requests and WebSockets alone", async () => {
    const polling = await connectPolling();
    const websocket = await connectAs(server.url, jar);
    const disconnects: string[] = [];
    polling.on("disconnect", (reason) => disconnects.push(`polling: ${reason}`));
    websocket.on("disconnect", (reason) => disconnects.push(`websocket: ${reason}`));
    // What is being tested is time passing: both must outlive the request timeout and its check.
    await new Promise((resolve) => setTimeout(resolve, (REQUEST_TIMEOUT_SECONDS + 3) * 1000));
    expect(disconnects).toEqual([]);
    expect(polling.io.engine.transport.name).toBe("polling");
    for (const socket of [polling, websocket]) {
      expect(await emitRaw(socket, "join_room", { room_id: roomId })).toMatchObject({ ok: true });
      socket.disconnect();
    }
  }, 20_000);
});

describe("client aborts", () => {
  it("are logged as one info line each, not as errors, and not counted as internal errors", async () => {
    const before = await internalErrors();
    const linesBefore = logLines().length;
    for (let round = 0; round < 5; round++) await Promise.all(Array.from({ length: 4 }, abortMidBody));

    const aborts = () => logLines().slice(linesBefore).filter((line) => /abort/i.test(line.message));
    await expect.poll(() => aborts().length).toBeGreaterThan(0);
    expect(aborts().map((line) => line.level)).toEqual(aborts().map(() => "info"));
    const written = logLines().slice(linesBefore);
    expect(written.filter((line) => line.level === "error" || line.level === "fatal")).toEqual([]);
    expect(written.filter((line) => line.stack !== undefined)).toEqual([]);
    expect(await internalErrors()).toBe(before);
    expect((await apiClient(server.url, jar).postMessage(roomId, "после обрывов")).content).toBe("после обрывов");
  });
});

describe("malformed form posts to pages", () => {
  const forged = '{"level":"error","message":"forged entry","pid":1}';
  const part = (boundary: string, value: string) =>
    `--${boundary}\r\nContent-Disposition: form-data; name="username"\r\n\r\n${value}\r\n`;
  const bodies: [string, string, string][] = [
    ["garbage", "multipart/form-data; boundary=x", "garbage, not a form at all"],
    ["truncated", "multipart/form-data; boundary=x", part("x", "alice").slice(0, -6)],
    ["without its closing boundary", "multipart/form-data; boundary=x", part("x", "alice")],
    ["with a boundary the body does not use", "multipart/form-data; boundary=y", `${part("x", "alice")}--x--\r\n`],
    ["without a boundary", "multipart/form-data", `${part("x", "alice")}--x--\r\n`],
    ["with a forged log line inside", "multipart/form-data; boundary=x", `--x\r\nContent-Disposition: form-data; name="a\n${forged}\n"\r\n\r\n${forged}\n`],
  ];
  const headerSets: [string, Record<string, string>][] = [
    ["as a plain form post", {}],
    ["as a server action call", { "next-action": "7f".repeat(21) }],
    ["dressed as a prefetch", { "next-router-prefetch": "1", "next-action": "7f".repeat(21) }],
  ];

  it("refuse a server action call whose reply is not JSON, even with a real action id", async () => {
    const html = await (await fetch(new URL("/login", server.url))).text();
    const actionId = /&quot;id&quot;:&quot;([0-9a-f]{40,})&quot;/.exec(html)?.[1];
    if (!actionId) throw new Error("/login shows no server action id");
    const calls: [string, string][] = [
      ["text/plain;charset=UTF-8", `garbage\n${forged}`],
      ["text/plain;charset=UTF-8", "[1,2"],
      ["multipart/form-data; boundary=x", `--x\r\nContent-Disposition: form-data; name="0"\r\n\r\ngarbage\r\n--x--\r\n`],
      ["multipart/form-data; boundary=x", `--x\r\nContent-Disposition: form-data; name="1"\r\n\r\n[]\r\n--x--\r\n`],
    ];
    for (const [contentType, body] of calls) {
      for (const extra of [{}, { "next-router-prefetch": "1" }] as Record<string, string>[]) {
        const response = await fetch(new URL("/login", server.url), {
          method: "POST",
          headers: { ...extra, "next-action": actionId, "content-type": contentType },
          body,
        });
        expect({ body, status: response.status }).toEqual({ body, status: 400 });
      }
    }
    expect(logLines().filter((entry) => entry.level === "error")).toEqual([]);
  });

  it.each(bodies)("are refused with 400 when %s, and the log stays JSON", async (_case, contentType, body) => {
    for (const [, headers] of headerSets) {
      for (const path of ["/login", "/register", "/"]) {
        const response = await fetch(new URL(path, server.url), {
          method: "POST",
          headers: { ...headers, "content-type": contentType },
          body,
          redirect: "manual",
        });
        expect({ path, headers, status: response.status }).toEqual({ path, headers, status: 400 });
        expect(await response.json()).toMatchObject({ code: "invalid_input" });
      }
    }
    expect((await fetch(new URL("/login", server.url))).status).toBe(200);
    const entries = logLines();
    expect(entries.filter((entry) => entry.message === "forged entry")).toEqual([]);
    expect(entries.filter((entry) => entry.level === "error")).toEqual([]);
  });
});
