import type { IncomingMessage, ServerResponse } from "node:http";
import { performance } from "node:perf_hooks";
import onHeaders from "on-headers";
import { metrics } from "./metrics";

const API_SEGMENTS = new Set(["health", "messages", "metrics", "rooms", "sessions"]);

/** A route label with a bounded set of values, so ids and typos in URLs cannot grow the metric without end. */
export function routeLabel(url: string | undefined): string {
  const pathname = (url ?? "/").split("?", 1)[0] ?? "/";
  const [, first = "", second = ""] = pathname.split("/");
  if (first === "api") return API_SEGMENTS.has(second) ? `/api/${second}` : "/api/other";
  if (first === "_next") return "/_next";
  return "page";
}

/** Adds one entry to the reply's Server-Timing header, after whatever the route already put there. */
export function appendServerTiming(response: ServerResponse, entry: string): void {
  const existing = response.getHeader("server-timing");
  const previous = Array.isArray(existing) ? existing.join(", ") : existing === undefined ? "" : String(existing);
  response.setHeader("server-timing", previous ? `${previous}, ${entry}` : entry);
}

/**
 * Times a request on the server, from its arrival to its headers (Server-Timing `total`, shown by the
 * browser's devtools and read by `npm run bench`) and to its last byte (the
 * discock_http_request_duration_seconds histogram of /api/metrics).
 */
export function timeRequest(request: IncomingMessage, response: ServerResponse): void {
  const started = performance.now();
  onHeaders(response, () => appendServerTiming(response, `total;dur=${(performance.now() - started).toFixed(3)}`));
  response.once("finish", () => {
    const labels = { method: request.method ?? "GET", route: routeLabel(request.url), status: String(response.statusCode) };
    metrics().httpRequestSeconds.observe(labels, (performance.now() - started) / 1000);
  });
}
