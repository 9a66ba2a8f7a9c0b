import { Worker } from "node:worker_threads";
import { performance } from "node:perf_hooks";
import { OUTCOME, type CollectReport, type ConnectReport, type WorkerCommand } from "./protocol";
import { cpuMs } from "./procs";
import { HISTOGRAM_BUCKETS, summarize, type LatencySummary } from "./stats";

export interface ConnectResult {
  ok: number;
  failed: number;
  errors: Record<string, number>;
  ms: number;
}

export interface RunOptions {
  /** The rooms the clients were spread over at connect (the same list). */
  rooms: number[];
  rate: number;
  durationS: number;
  ackTimeoutMs: number;
  drainMs: number;
  /** Extra characters per message, to approximate a real message's size. */
  padding?: number;
  serverPid?: number;
  /** False when refusals are expected (overload): wait for every reply, not for every delivery. */
  expectDeliveries?: boolean;
}

export interface RunResult {
  clients: number;
  rate: number;
  messages: number;
  latency: LatencySummary;
  expected: number;
  delivered: number;
  missing: number;
  duplicates: number;
  /** Deliveries to a client outside the message's room: must be 0. */
  misrouted: number;
  deliveriesPerSec: number;
  acked: number;
  refusedRetryable: number;
  refusedOther: number;
  noReply: number;
  notSent: number;
  refusals: Record<string, number>;
  disconnects: number;
  /** Whole generator process CPU during the run, % of one core (2 cores = 200%). */
  generatorCpuPct: number;
  /** Busiest generator thread's event-loop utilisation, 0–1. */
  generatorMaxElu: number;
  serverCpuPct: number | null;
  runId: string;
  outcomes: Uint8Array;
}

let runCounter = 0;

/** Load generator: socket.io-client sockets spread over worker threads. */
export class LoadGenerator {
  private readonly workers: Worker[];
  private clients = 0;
  /** Every socket slot opened since the last close, failed ones included: the client numbering. */
  private slots = 0;

  constructor(threads: number) {
    this.workers = Array.from({ length: threads }, () => new Worker(new URL("./load-worker-entry.mjs", import.meta.url)));
    for (const worker of this.workers) worker.unref();
  }

  private ask<T>(worker: Worker, command: WorkerCommand, reply: string, timeoutMs: number): Promise<T> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        worker.off("message", onMessage);
        reject(new Error(`load worker did not answer ${command.type} within ${timeoutMs} ms`));
      }, timeoutMs);
      const onMessage = (message: { type: string }) => {
        if (message.type !== reply) return;
        clearTimeout(timer);
        worker.off("message", onMessage);
        resolve(message as T);
      };
      worker.on("message", onMessage);
      worker.postMessage(command);
    });
  }

  /**
   * Opens one socket per cookie, spread evenly over the threads; with rooms, client i joins
   * rooms[i % rooms.length]. Rooms need one connect call after each close (the numbering starts there).
   */
  async connect(url: string, cookies: string[], rooms: number[] | null, concurrency = 64, timeoutMs = 20_000): Promise<ConnectResult> {
    const started = performance.now();
    const slices = this.workers.map((_, w) => cookies.filter((__, i) => i % this.workers.length === w));
    const reports = await Promise.all(
      this.workers.map((worker, w) =>
        this.ask<ConnectReport>(
          worker,
          {
            type: "connect",
            url,
            cookies: slices[w] ?? [],
            rooms,
            workerIndex: w,
            workerCount: this.workers.length,
            concurrency: Math.ceil(concurrency / this.workers.length),
            timeoutMs,
          },
          "connected",
          timeoutMs + 10 * 60_000,
        ),
      ),
    );
    const errors: Record<string, number> = {};
    for (const report of reports) for (const [reason, count] of Object.entries(report.errors)) errors[reason] = (errors[reason] ?? 0) + count;
    const ok = reports.reduce((sum, report) => sum + report.ok, 0);
    this.clients += ok;
    this.slots += cookies.length;
    return { ok, failed: reports.reduce((sum, report) => sum + report.failed, 0), errors, ms: performance.now() - started };
  }

  async run(options: RunOptions): Promise<RunResult> {
    const total = Math.max(1, Math.round(options.rate * options.durationS));
    const runId = `r${process.pid}x${++runCounter}x${Date.now().toString(36)}`;
    const t0 = performance.timeOrigin + performance.now() + 200;
    const cpuBefore = process.cpuUsage();
    const serverBefore = options.serverPid ? cpuMs(options.serverPid) : 0;
    const wallBefore = performance.now();
    await Promise.all(
      this.workers.map((worker, workerIndex) =>
        this.ask(
          worker,
          {
            type: "run",
            runId,
            rooms: options.rooms,
            clients: Math.max(1, this.slots),
            t0,
            rate: options.rate,
            total,
            workerIndex,
            workerCount: this.workers.length,
            ackTimeoutMs: options.ackTimeoutMs,
            padding: options.padding ?? 40,
          },
          "started",
          10_000,
        ),
      ),
    );
    const deadline = t0 + options.durationS * 1000 + options.drainMs;
    const reports = await Promise.all(
      this.workers.map((worker) => this.ask<CollectReport>(worker, { type: "collect", deadline, expectDeliveries: options.expectDeliveries ?? true }, "collected", options.durationS * 1000 + options.drainMs + 30_000)),
    );
    const wall = performance.now() - wallBefore;
    const cpu = process.cpuUsage(cpuBefore);
    const serverCpu = options.serverPid ? cpuMs(options.serverPid) - serverBefore : null;

    const histogram = new Float64Array(HISTOGRAM_BUCKETS);
    const outcomes = new Uint8Array(total);
    const refusals: Record<string, number> = {};
    let maxMs = 0;
    for (const report of reports) {
      report.histogram.forEach((count, i) => (histogram[i] = (histogram[i] ?? 0) + count));
      maxMs = Math.max(maxMs, report.maxMs);
      report.outcomes.forEach((outcome, i) => {
        if (outcome !== OUTCOME.notMine) outcomes[i] = outcome;
      });
      for (const [code, count] of Object.entries(report.refusals)) refusals[code] = (refusals[code] ?? 0) + count;
    }
    const sum = (pick: (report: CollectReport) => number) => reports.reduce((acc, report) => acc + pick(report), 0);
    const count = (outcome: number) => outcomes.reduce((acc, value) => acc + (value === outcome ? 1 : 0), 0);
    const expected = sum((report) => report.expected);
    const delivered = sum((report) => report.unique);
    return {
      clients: this.clients,
      rate: options.rate,
      messages: total,
      latency: summarize(histogram, maxMs),
      expected,
      delivered,
      missing: expected - delivered,
      duplicates: sum((report) => report.duplicates),
      misrouted: sum((report) => report.misrouted),
      deliveriesPerSec: delivered / options.durationS,
      acked: count(OUTCOME.ok),
      refusedRetryable: count(OUTCOME.refusedRetryable),
      refusedOther: count(OUTCOME.refusedOther),
      noReply: count(OUTCOME.noReply),
      notSent: count(OUTCOME.notSent),
      refusals,
      disconnects: sum((report) => report.disconnects),
      generatorCpuPct: ((cpu.user + cpu.system) / 1000 / wall) * 100,
      generatorMaxElu: Math.max(...reports.map((report) => report.elu)),
      serverCpuPct: serverCpu === null ? null : (serverCpu / wall) * 100,
      runId,
      outcomes,
    };
  }

  /** Disconnects every socket; the threads stay for the next scenario. */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => this.ask(worker, { type: "close" }, "closed", 30_000)));
    this.clients = 0;
    this.slots = 0;
  }

  async terminate(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}
