import { io } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiClient, uniqueName } from "./support/api";
import { registerAndSignIn, type CookieJar } from "./support/http";
import { head, rawConnection, untilClosed } from "./support/raw";
import { startServer, type RunningServer } from "./support/server";
import { connectAs, emitRaw, type ClientSocket } from "./support/socket";

const REQUEST_TIMEOUT_SECONDS = 3;
let server: RunningServer;
let jar: CookieJar;
let roomId: number;

beforeAll(async () => {
  server = await startServer({ env: { REQUEST_TIMEOUT_SECONDS: String(REQUEST_TIMEOUT_SECONDS) } });
  ({ jar } = await registerAndSignIn(server.url));
  roomId = (await apiClient(server.url, jar).createRoom(uniqueName("Враждебные"))).id;
});

afterAll(async () => {
  await server.stop();
});

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
