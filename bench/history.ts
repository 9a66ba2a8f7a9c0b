import autocannon from "autocannon";
import { Agent, request as httpRequest } from "node:http";
import { performance } from "node:perf_hooks";
import type { BenchDb } from "./seed";
import { percentile, round } from "./stats";

export interface HistoryResult {
  messages: number;
  seedMs: number;
  latest: PageStats;
  deep: PageStats;
  /** The latest page under concurrent load (autocannon): what one instance serves per second. */
  concurrent: { connections: number; rps: number; p50: number; p99: number; errors: number; non2xx: number };
  chatRender: { ttfbP50: number; totalP50: number; totalMax: number; status: number; containsLatest: boolean };
  correct: { latest: boolean; deep: boolean };
}

/** Milliseconds, with sub-millisecond precision. */
export interface Percentiles {
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface PageStats {
  path: string;
  /** Whole request as the client sees it: loopback, Node's HTTP parser, Next's routing, our route. */
  client: Percentiles;
  /** Server-Timing `total`: the request's arrival at the server to its reply's headers. */
  server: Percentiles;
  /** Server-Timing `auth`: the route's session check (cookie JWT, session row). */
  auth: Percentiles;
  /** Server-Timing `app`: the route's own work (validation, keyset query, JSON). */
  app: Percentiles;
  rps: number;
  requests: number;
  errors: number;
  non2xx: number;
}

interface PageMessage {
  id: number;
}

function timingOf(header: string | string[] | undefined, name: string): number {
  const value = Array.isArray(header) ? header.join(", ") : (header ?? "");
  const match = new RegExp(`(?:^|,\\s*)${name};dur=([\\d.]+)`).exec(value);
  return match?.[1] ? Number(match[1]) : Number.NaN;
}

function percentiles(values: number[]): Percentiles {
  const sorted = values.filter(Number.isFinite).sort((x, y) => x - y);
  return { p50: round(percentile(sorted, 0.5), 3), p95: round(percentile(sorted, 0.95), 3), p99: round(percentile(sorted, 0.99), 3), max: round(sorted.at(-1) ?? 0, 3) };
}

/**
 * One keep-alive connection, one request at a time, for `durationS`: latency is the server's time plus
 * loopback with no queueing. Timed with the monotonic clock to the microsecond (autocannon rounds to
 * whole milliseconds, which hides a 5 ms target).
 */
export async function hammer(url: string, cookie: string, durationS: number): Promise<PageStats> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const client: number[] = [];
  const server: number[] = [];
  const auth: number[] = [];
  const app: number[] = [];
  let errors = 0;
  let non2xx = 0;
  const once = () =>
    new Promise<void>((resolve) => {
      const started = performance.now();
      const req = httpRequest(url, { agent, headers: { cookie } }, (res) => {
        res.resume();
        res.once("end", () => {
          client.push(performance.now() - started);
          const header = res.headers["server-timing"];
          server.push(timingOf(header, "total"));
          auth.push(timingOf(header, "auth"));
          app.push(timingOf(header, "app"));
          if ((res.statusCode ?? 0) >= 300) non2xx++;
          resolve();
        });
      });
      req.setTimeout(10_000, () => req.destroy(new Error("timeout")));
      req.once("error", () => {
        errors++;
        resolve();
      });
      req.end();
    });
  const started = performance.now();
  const deadline = started + durationS * 1000;
  while (performance.now() < deadline) await once();
  const elapsedS = (performance.now() - started) / 1000;
  agent.destroy();
  return {
    path: new URL(url).pathname + new URL(url).search,
    client: percentiles(client),
    server: percentiles(server),
    auth: percentiles(auth),
    app: percentiles(app),
    rps: round(client.length / elapsedS, 0),
    requests: client.length,
    errors,
    non2xx,
  };
}

async function page(url: string, cookie: string): Promise<PageMessage[]> {
  const response = await fetch(url, { headers: { cookie }, signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return (await response.json()) as PageMessage[];
}

export async function runHistory(options: {
  baseUrl: string;
  db: BenchDb;
  cookie: string;
  userId: number;
  messages: number;
  durationS: number;
  renders: number;
}): Promise<HistoryResult> {
  const { baseUrl, db, cookie } = options;
  const roomId = await db.createRoom(`bench-history-${Date.now().toString(36)}`);
  const seedStarted = performance.now();
  const { firstId, lastId } = await db.seedMessages(roomId, options.userId, options.messages);
  const seedMs = performance.now() - seedStarted;

  const latestUrl = `${baseUrl}/api/messages/${roomId}`;
  const deepBefore = firstId + 1_000;
  const deepUrl = `${baseUrl}/api/messages/${roomId}?before=${deepBefore}`;
  const latestPage = await page(latestUrl, cookie);
  const deepPage = await page(deepUrl, cookie);
  const ascending = (rows: PageMessage[]) => rows.every((row, i) => i === 0 || row.id > (rows[i - 1]?.id ?? 0));
  const correct = {
    latest: latestPage.length === 50 && latestPage.at(-1)?.id === lastId && ascending(latestPage),
    deep: deepPage.length === 50 && deepPage.at(-1)?.id === deepBefore - 1 && ascending(deepPage),
  };

  const latest = await hammer(latestUrl, cookie, options.durationS);
  const deep = await hammer(deepUrl, cookie, options.durationS);
  const CONCURRENT_CONNECTIONS = 10;
  const loaded = await autocannon({ url: latestUrl, connections: CONCURRENT_CONNECTIONS, duration: options.durationS, headers: { cookie }, timeout: 10 });
  const concurrent = {
    connections: CONCURRENT_CONNECTIONS,
    rps: round(loaded.requests.average, 0),
    p50: loaded.latency.p50,
    p99: loaded.latency.p99,
    errors: loaded.errors + loaded.timeouts,
    non2xx: loaded.non2xx,
  };

  const ttfb: number[] = [];
  const totals: number[] = [];
  let status = 0;
  let containsLatest = false;
  for (let i = 0; i < options.renders; i++) {
    const started = performance.now();
    const response = await fetch(`${baseUrl}/chat?room=${roomId}`, { headers: { cookie }, signal: AbortSignal.timeout(30_000) });
    ttfb.push(performance.now() - started);
    const html = await response.text();
    totals.push(performance.now() - started);
    status = response.status;
    containsLatest = html.includes(`№${options.messages - 1}:`);
  }
  ttfb.sort((a, b) => a - b);
  totals.sort((a, b) => a - b);
  return {
    messages: options.messages,
    seedMs,
    latest,
    deep,
    concurrent,
    chatRender: { ttfbP50: percentile(ttfb, 0.5), totalP50: percentile(totals, 0.5), totalMax: totals.at(-1) ?? 0, status, containsLatest },
    correct,
  };
}
