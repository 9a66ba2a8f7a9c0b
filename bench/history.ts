import autocannon from "autocannon";
import { performance } from "node:perf_hooks";
import type { BenchDb } from "./seed";
import { percentile, round } from "./stats";

export interface HistoryResult {
  messages: number;
  seedMs: number;
  latest: PageStats;
  deep: PageStats;
  chatRender: { ttfbP50: number; totalP50: number; totalMax: number; status: number; containsLatest: boolean };
  correct: { latest: boolean; deep: boolean };
}

interface PageStats {
  path: string;
  p50: number;
  p99: number;
  max: number;
  rps: number;
  requests: number;
  errors: number;
  non2xx: number;
}

interface PageMessage {
  id: number;
}

async function hammer(url: string, cookie: string, durationS: number): Promise<PageStats> {
  // One connection: the latency is the server's time plus loopback, with no queueing behind other requests.
  const result = await autocannon({ url, connections: 1, duration: durationS, headers: { cookie }, timeout: 10 });
  return {
    path: new URL(url).pathname + new URL(url).search,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    rps: round(result.requests.average, 0),
    requests: result.requests.total,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
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
    chatRender: { ttfbP50: percentile(ttfb, 0.5), totalP50: percentile(totals, 0.5), totalMax: totals.at(-1) ?? 0, status, containsLatest },
    correct,
  };
}
