import { io, type Socket } from "socket.io-client";
import type { ClientToServerEvents, ServerToClientEvents } from "@/lib/realtime/events";
import type { CookieJar } from "./http";

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A signed-in socket.io-client, resolved once the server has said `connected`. */
export async function connectAs(baseUrl: string, jar: CookieJar, headers: Record<string, string> = {}): Promise<ClientSocket> {
  const socket: ClientSocket = io(baseUrl, {
    transports: ["websocket"],
    extraHeaders: { cookie: jar.header(), ...headers },
    reconnection: false,
    forceNew: true,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("connected", () => resolve());
    socket.once("connect_error", reject);
  });
  return socket;
}

/** The next `event` whose payload matches, or a rejection after `ms`. */
export function nextEvent<E extends keyof ServerToClientEvents>(
  socket: ClientSocket,
  event: E,
  matches: (payload: Parameters<ServerToClientEvents[E]>[0]) => boolean = () => true,
  ms = 5_000,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener as never);
      reject(new Error(`no ${event} within ${ms} ms`));
    }, ms);
    const listener = (payload: Parameters<ServerToClientEvents[E]>[0]) => {
      if (!matches(payload)) return;
      clearTimeout(timer);
      socket.off(event, listener as never);
      resolve(payload);
    };
    socket.on(event, listener as never);
  });
}

/** Collects every `event` from now on, for asserting what arrived (and what did not). */
export function collect<E extends keyof ServerToClientEvents>(socket: ClientSocket, event: E) {
  const received: Parameters<ServerToClientEvents[E]>[0][] = [];
  socket.on(event, ((payload: Parameters<ServerToClientEvents[E]>[0]) => received.push(payload)) as never);
  return received;
}

/** Emits a raw event with an ack, bypassing the typed payloads so tests can send what hostile clients send. */
export function emitRaw(socket: ClientSocket, event: string, ...args: unknown[]): Promise<unknown> {
  return (socket as unknown as Socket).timeout(5_000).emitWithAck(event, ...args);
}

/** Emits a raw event without an ack, as a client that does not wait for answers: refusals come back as `error`. */
export function emitWithoutAck(socket: ClientSocket, event: string, payload: unknown): void {
  (socket as unknown as Socket).emit(event, payload);
}

/** A round trip through the server: everything it emitted to this socket before now has arrived. */
export async function settle(socket: ClientSocket): Promise<void> {
  await emitRaw(socket, "leave_room", { room_id: 2 ** 31 });
}

/**
 * Why the server refuses an Engine.IO handshake with this cookie, or null when it accepts it (that
 * session is closed again at once). The refusal comes before Socket.IO sees the client, so a client
 * library only reports a transport error; the reason is in the 403's body.
 */
export async function handshakeRefusal(baseUrl: string, jar: Pick<CookieJar, "header">): Promise<string | null> {
  const url = new URL("/socket.io/?EIO=4&transport=polling", baseUrl);
  const headers = { cookie: jar.header() };
  const response = await fetch(url, { headers });
  const body = await response.text();
  if (response.ok) {
    const sid = /"sid":"([^"]+)"/.exec(body)?.[1] ?? "";
    url.searchParams.set("sid", sid);
    await fetch(url, { method: "POST", headers, body: "1" });
    return null;
  }
  const { message } = JSON.parse(body) as { message?: string };
  return message ?? `HTTP ${response.status}`;
}
