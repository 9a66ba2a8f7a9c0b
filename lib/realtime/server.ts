import type { Server as HttpServer } from "node:http";
import { createAdapter } from "@socket.io/redis-adapter";
import type { Socket as EngineSocket } from "engine.io";
import { Server } from "socket.io";
import { z } from "zod";
import type { SessionEvents } from "../auth/session";
import type { MessageRules } from "../chat/access";
import type { ChatEvents } from "../chat/events";
import type { RoomQuota, Store } from "../db/types";
import { LOCALES, type Locale } from "../i18n/locale";
import { localeOfRequest } from "../i18n/negotiate";
import type { Throttles } from "../limits";
import { log } from "../log";
import { metrics } from "../metrics";
import { SESSIONS_ENDED_CHANNEL, type RedisLink } from "../redis";
import type { AppSocket, RealtimeServer } from "./events";
import { createFanout, withSocketUsers } from "./fanout";
import type { HandlerContext } from "./handlers/context";
import { registerMessageHandlers } from "./handlers/messages";
import { registerRoomHandlers } from "./handlers/rooms";
import { createHandshakeGate } from "./handshake";
import { createLeaveAnnouncer, createPresenceRefresher, sessionChannel, userChannel } from "./presence";
import { SocketWork } from "./work";


export interface RealtimeDeps {
  store: Store;
  throttles: Throttles;
  roomQuota: RoomQuota;
  messageRules: MessageRules;
  secret: string;
  allowedOrigins: string[];
  /** Behind a proxy the scheme of the page's origin comes from X-Forwarded-Proto (lib/cross-site.ts). */
  trustProxy: boolean;
  /** 0 for no cap. */
  socketsPerUser: number;
  presenceRefreshSeconds: number;
  /** How often open sockets' sessions are re-checked, to close those ended elsewhere (the admin CLI). */
  sessionCheckSeconds: number;
  /** Shares rooms and presence with the other instances; absent when one instance serves everyone. */
  redis?: Pick<RedisLink, "client" | "subscriber">;
}

export const MAX_SOCKET_MESSAGE_BYTES = 64 * 1024;

export interface Realtime {
  io: RealtimeServer;
  events: ChatEvents;
  sessionEvents: SessionEvents;
  /**
   * Stops taking socket work, lets running sends finish and be acknowledged (up to `graceMs`), then
   * closes every connection as a transport close, which clients answer by reconnecting and resending.
   */
  shutdown(graceMs: number): Promise<void>;
}

const localeChange = z.object({ userId: z.number().int().positive(), locale: z.enum(LOCALES) });
const endedSessionIds = z.array(z.string());

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function createRealtime(httpServer: HttpServer, deps: RealtimeDeps): Realtime {
  const gate = createHandshakeGate({
    store: deps.store,
    secret: deps.secret,
    allowedOrigins: deps.allowedOrigins,
    trustProxy: deps.trustProxy,
    connectionsPerUser: deps.socketsPerUser,
  });
  const io: RealtimeServer = new Server(httpServer, {
    path: "/socket.io",
    serveClient: false,
    maxHttpBufferSize: MAX_SOCKET_MESSAGE_BYTES,
    allowRequest: gate.allowRequest,
  });
  io.engine.on("connection", (connection: EngineSocket) => {
    gate.opened(connection);
    metrics().engineConnections.set(io.engine.clientsCount);
    connection.once("close", () => metrics().engineConnections.set(io.engine.clientsCount));
  });
  if (deps.redis) io.adapter(createAdapter(deps.redis.client, deps.redis.subscriber, { requestsTimeout: 2_000 }));
  const events = withSocketUsers(createFanout(io), io, Boolean(deps.redis));
  const switchLocalSockets = (change: { userId: number; locale: Locale }) => {
    const namespace = io.of("/");
    for (const socketId of namespace.adapter.rooms.get(userChannel(change.userId)) ?? []) {
      const socket = namespace.sockets.get(socketId);
      if (socket) socket.data.locale = change.locale;
    }
  };
  io.on("locale_changed", (payload) => {
    const parsed = localeChange.safeParse(payload);
    if (parsed.success) switchLocalSockets(parsed.data);
    else log.warn("ignored a malformed locale_changed from another instance");
  });
  const sessionEvents: SessionEvents = {
    sessionsEnded: (sessionIds) => {
      if (sessionIds.length > 0) io.in(sessionIds.map(sessionChannel)).disconnectSockets(true);
    },
    localeChanged: (userId, locale) => {
      switchLocalSockets({ userId, locale });
      // The adapter forwards emits to clients only; other instances' sockets of the user hear it this way.
      if (deps.redis) io.serverSideEmit("locale_changed", { userId, locale });
    },
  };

  // Processes without sockets (the admin CLI) announce the sessions they end here; every instance
  // closes its own sockets of them, so none has to wait for the periodic check.
  const subscriber = deps.redis?.subscriber;
  const onSessionsEnded = (channel: string, message: string) => {
    if (channel !== SESSIONS_ENDED_CHANNEL) return;
    const parsed = endedSessionIds.safeParse(safeJson(message));
    if (!parsed.success) return log.warn("ignored a malformed sessions-ended message", { channel });
    if (parsed.data.length > 0) io.local.in(parsed.data.map(sessionChannel)).disconnectSockets(true);
  };
  if (subscriber) {
    subscriber.on("message", onSessionsEnded);
    subscriber.subscribe(SESSIONS_ENDED_CHANNEL).catch((err: unknown) => log.error("cannot subscribe to ended sessions", err));
  }

  /** Null when the socket may connect, else the reason the client is told. */
  async function authenticate(socket: AppSocket): Promise<string | null> {
    const session = await gate.sessionOf(socket.request);
    if (!session) return "unauthorized";
    const { user, sessionId } = session;
    if (deps.socketsPerUser > 0) {
      const open = await io.in(userChannel(user.id)).fetchSockets();
      if (open.length >= deps.socketsPerUser) return "too_many_connections";
    }
    socket.data.user = { id: user.id, username: user.username, city: user.city };
    socket.data.locale = localeOfRequest(socket.request.headers, user.locale);
    socket.data.sessionId = sessionId;
    return null;
  }

  const work = new SocketWork();
  const context: HandlerContext = {
    io,
    store: deps.store,
    events,
    throttles: deps.throttles,
    roomQuota: deps.roomQuota,
    messageRules: deps.messageRules,
    work,
    announceLeave: createLeaveAnnouncer(io),
  };

  io.use((socket, next) => {
    authenticate(socket).then(
      (refusal) => next(refusal ? new Error(refusal) : undefined),
      (err: unknown) => {
        log.error("socket handshake failed", err);
        next(new Error("unavailable"));
      },
    );
  });

  io.on("connection", (socket: AppSocket) => {
    metrics().socketsConnected.inc();
    socket.on("disconnect", () => metrics().socketsConnected.dec());
    const { user } = socket.data;
    void socket.join([userChannel(user.id), sessionChannel(socket.data.sessionId)]);
    registerRoomHandlers(context, socket);
    registerMessageHandlers(context, socket);
    socket.emit("connected", { username: user.username, status: "connected" });
  });

  // One instance sees every disconnect itself; only instances sharing rooms through Redis can lose
  // people to a peer that died without saying so.
  const refreshPresence = createPresenceRefresher(io);
  const presenceTimer =
    deps.redis && deps.presenceRefreshSeconds > 0
      ? setInterval(() => {
          refreshPresence().catch((err: unknown) => log.error("presence refresh failed", err));
        }, deps.presenceRefreshSeconds * 1000)
      : undefined;
  presenceTimer?.unref();

  // Sessions ended in this process close their sockets at once (sessionEvents); ones ended by another
  // process (the admin CLI, another instance without Redis) are caught here.
  const sessionTimer =
    deps.sessionCheckSeconds > 0
      ? setInterval(() => {
          closeEndedSessions().catch((err: unknown) => log.error("session check failed", err));
        }, deps.sessionCheckSeconds * 1000)
      : undefined;
  sessionTimer?.unref();

  async function closeEndedSessions() {
    const sockets = [...io.of("/").sockets.values()];
    const open = [...new Set(sockets.map((socket) => socket.data.sessionId))];
    if (open.length === 0) return;
    const live = new Set(await deps.store.liveSessionIds(open, new Date()));
    for (const socket of sockets) if (!live.has(socket.data.sessionId)) socket.disconnect(true);
  }

  return {
    io,
    events,
    sessionEvents,
    async shutdown(graceMs) {
      clearInterval(presenceTimer);
      clearInterval(sessionTimer);
      subscriber?.off("message", onSessionsEnded);
      if (!(await work.stop(graceMs))) log.warn("socket work still running at shutdown", { graceMs });
      await io.close();
    },
  };
}
