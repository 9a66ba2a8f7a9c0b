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

    await expect.poll(() => logLines().slice(linesBefore).filter((line) => /abort/i.test(line.message)).length).toBeGreaterThan(0);
    const written = logLines().slice(linesBefore);
    expect(written.filter((line) => line.level === "error" || line.level === "fatal")).toEqual([]);
    expect(written.filter((line) => line.stack !== undefined)).toEqual([]);
    expect(await internalErrors()).toBe(before);
    expect((await apiClient(server.url, jar).postMessage(roomId, "после обрывов")).content).toBe("после обрывов");
  });
});
