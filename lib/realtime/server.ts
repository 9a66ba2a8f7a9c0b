import type { IncomingMessage, Server as HttpServer } from "node:http";
import { Server, type Socket } from "socket.io";
import { userFromRequestHeaders } from "../auth/session";
import type { Store } from "../db/types";
import { log } from "../log";
import type { ClientToServerEvents, InterServerEvents, ServerToClientEvents, SocketData } from "./events";

export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type AppSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

export interface RealtimeDeps {
  store: Store;
  secret: string;
  allowedOrigins: string[];
}

export const MAX_SOCKET_MESSAGE_BYTES = 64 * 1024;

/**
 * Browsers always send Origin on cross-site WebSocket and XHR requests; a foreign one is a
 * cross-site hijacking attempt riding on the user's cookie. Same-origin polling may omit it.
 */
export function isAllowedOrigin(request: IncomingMessage, allowedOrigins: string[]): boolean {
  const origin = request.headers.origin;
  if (!origin) return true;
  if (allowedOrigins.includes(origin)) return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

export function createRealtime(httpServer: HttpServer, deps: RealtimeDeps): RealtimeServer {
  const io: RealtimeServer = new Server(httpServer, {
    path: "/socket.io",
    serveClient: false,
    maxHttpBufferSize: MAX_SOCKET_MESSAGE_BYTES,
    allowRequest: (request, callback) => {
      const allowed = isAllowedOrigin(request, deps.allowedOrigins);
      callback(allowed ? null : "origin not allowed", allowed);
    },
  });

  io.use((socket, next) => {
    userFromRequestHeaders(deps.store, deps.secret, socket.request.headers).then(
      (user) => {
        if (!user) return next(new Error("unauthorized"));
        socket.data.user = { id: user.id, username: user.username, city: user.city };
        next();
      },
      (err: unknown) => {
        log.error("socket handshake failed", err);
        next(new Error("unavailable"));
      },
    );
  });

  io.on("connection", (socket: AppSocket) => {
    const { user } = socket.data;
    void socket.join(`user:${user.id}`);
    socket.emit("connected", { username: user.username, status: "connected" });
  });

  return io;
}
