import type { IncomingMessage, Server } from "node:http";
import type { Socket } from "node:net";

export interface HttpConnections {
  /** Closes every connection without a request in flight now, and each of the others once its reply is sent. */
  closeIdle(): void;
}

/**
 * Knows which connections have a request in flight. Node's own closeIdleConnections() spares a
 * connection whose request head is still arriving, so a client that never finishes its headers
 * would hold shutdown for the whole grace.
 */
export function trackConnections(server: Server): HttpConnections {
  const open = new Set<Socket>();
  const requestsInFlight = new Map<Socket, number>();
  let closing = false;

  server.on("connection", (socket: Socket) => {
    open.add(socket);
    socket.once("close", () => {
      open.delete(socket);
      requestsInFlight.delete(socket);
    });
  });
  server.on("request", (request, response) => {
    const socket = request.socket;
    requestsInFlight.set(socket, (requestsInFlight.get(socket) ?? 0) + 1);
    response.once("close", () => {
      const left = (requestsInFlight.get(socket) ?? 1) - 1;
      if (left > 0) {
        requestsInFlight.set(socket, left);
        return;
      }
      requestsInFlight.delete(socket);
      if (closing) socket.end();
    });
  });
  // An upgraded connection is a WebSocket now: Socket.IO drains and closes it in its own shutdown.
  server.on("upgrade", (request: IncomingMessage) => open.delete(request.socket));

  return {
    closeIdle() {
      closing = true;
      for (const socket of open) if (!requestsInFlight.has(socket)) socket.destroy();
    },
  };
}
