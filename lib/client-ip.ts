import type { IncomingMessage } from "node:http";

/**
 * server.ts stamps every request with the address it trusts, overwriting whatever a client sent
 * under this name, so per-IP limits cannot be dodged by forging X-Forwarded-For.
 */
export const CLIENT_IP_HEADER = "x-discock-client-ip";

/** Behind one trusted proxy the client is the last address it appended; otherwise the socket's peer. */
export function clientIpOf(request: IncomingMessage, trustProxy: boolean): string {
  const forwarded = request.headers["x-forwarded-for"];
  const chain = (Array.isArray(forwarded) ? forwarded.join(",") : (forwarded ?? "")).split(",").map((part) => part.trim());
  const fromProxy = trustProxy ? chain.filter(Boolean).at(-1) : undefined;
  return fromProxy ?? request.socket.remoteAddress ?? "unknown";
}

export function clientIpFrom(headers: Headers): string {
  return headers.get(CLIENT_IP_HEADER) ?? "unknown";
}
