import { io, type Socket } from "socket.io-client";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { ClientToServerEvents, ServerToClientEvents } from "@/lib/realtime/events";
import { CookieJar, registerAndSignIn } from "./support/http";
import { startServer, type RunningServer } from "./support/server";
import { handshakeRefusal } from "./support/socket";

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

let server: RunningServer;
const sockets: ClientSocket[] = [];

beforeAll(async () => {
  server = await startServer();
});

afterEach(() => {
  for (const socket of sockets.splice(0)) socket.disconnect();
});

afterAll(async () => {
  await server.stop();
});

function connect(headers: Record<string, string>, transports: ("websocket" | "polling")[] = ["websocket"]): ClientSocket {
  const socket: ClientSocket = io(server.url, { transports, extraHeaders: headers, reconnection: false });
  sockets.push(socket);
  return socket;
}

function firstConnected(socket: ClientSocket) {
  return new Promise<{ username: string; status: string }>((resolve, reject) => {
    socket.once("connected", resolve);
    socket.once("connect_error", reject);
  });
}

function refusal(socket: ClientSocket) {
  return new Promise<Error>((resolve, reject) => {
    socket.once("connect_error", resolve);
    socket.once("connect", () => reject(new Error("the handshake was accepted")));
  });
}

describe("socket handshake", () => {
  it.each([["websocket"], ["polling"]] as const)("accepts the session cookie over %s and says connected", async (transport) => {
    const { user, jar } = await registerAndSignIn(server.url);
    const socket = connect({ cookie: jar.header() }, [transport]);
    expect(await firstConnected(socket)).toEqual({ username: user.username, status: "connected" });
  });

  it("accepts the app's own Origin", async () => {
    const { user, jar } = await registerAndSignIn(server.url);
    const socket = connect({ cookie: jar.header(), origin: new URL(server.url).origin });
    expect(await firstConnected(socket)).toMatchObject({ username: user.username });
  });

  it.each([
    ["without a session", new CookieJar()],
    ["with a forged session cookie", { header: (): string => "authjs.session-token=not-a-real-token" }],
  ])("refuses a handshake %s before it becomes an Engine.IO session", async (_case, jar) => {
    for (const transport of ["websocket", "polling"] as const) {
      const socket = connect({ cookie: jar.header() }, [transport]);
      await refusal(socket);
      expect(socket.connected).toBe(false);
    }
    expect(await handshakeRefusal(server.url, jar)).toBe("unauthorized");
  });

  it("refuses a valid session from a foreign Origin, on both transports", async () => {
    const { jar } = await registerAndSignIn(server.url);
    for (const transport of ["websocket", "polling"] as const) {
      const socket = connect({ cookie: jar.header(), origin: "https://evil.example" }, [transport]);
      const error = await refusal(socket);
      expect(error.message).not.toBe("");
      expect(socket.connected).toBe(false);
    }
  });

  it("answers a foreign Origin's handshake request with 403 before any session is read", async () => {
    const { jar } = await registerAndSignIn(server.url);
    const handshake = (origin?: string) =>
      fetch(new URL("/socket.io/?EIO=4&transport=polling", server.url), {
        headers: { cookie: jar.header(), ...(origin ? { origin } : {}) },
      });
    const own = new URL(server.url);
    // Another site, a sibling origin of the same site (another port), an opaque origin: all refused.
    for (const origin of ["https://evil.example", `http://${own.hostname}:${Number(own.port) + 1}`, "null"]) {
      const foreign = await handshake(origin);
      expect({ origin, status: foreign.status }).toEqual({ origin, status: 403 });
      expect(await foreign.text()).toContain("origin not allowed");
    }
    expect((await handshake(own.origin)).status).toBe(200);
    expect((await handshake()).status).toBe(200);
  });
});
