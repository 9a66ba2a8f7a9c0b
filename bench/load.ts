import { Worker } from "node:worker_threads";
import { performance } from "node:perf_hooks";
import { MIX_LAG_S, typingSignalBefore, typingSignalTime, typistCount } from "./mix";
import { BROADCASTS, OUTCOME, type Broadcast, type CollectReport, type ConnectReport, type MixCommand, type WorkerCommand } from "./protocol";
import { cpuMs } from "./procs";
import { Histogram, type LatencySummary } from "./stats";

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
  /** The mixed scenario (bench/mix.ts) instead of sends only, with a tenth of the clients typing every `typingIntervalMs`. */
  mix?: { typingIntervalMs: number };
}

/** One kind of broadcast: its latency at the receivers, and whether each reached every member exactly once. */
export interface EventResult {
  latency: LatencySummary;
  expected: number;
  delivered: number;
  missing: number;
  duplicates: number;
}

export interface TypingResult {
  typists: number;
  sentPerTypist: number[];
  /** Relays per typist: the most that any one of its listeners heard. */
  relayedPerTypist: number[];
  /** Relays delivered to the typist's own socket: must be 0. */
  toOwnSocket: number;
  /** Relays from someone who is not a typist of this run: must be 0. */
  unmatched: number;
  /** `error` events the server answered typing with. */
  errors: Record<string, number>;
}

export interface RunResult {
  clients: number;
  rate: number;
  /** Scheduled operations: every one a send, except in the mixed scenario. */
  messages: number;
  /** Every operation's broadcast together (not typing). */
  latency: LatencySummary;
  byEvent: Partial<Record<Broadcast, EventResult>>;
  typing: TypingResult | null;
  /** Deliveries, of every kind of broadcast, typing included. */
  expected: number;
  delivered: number;
  missing: number;
  duplicates: number;
  /** Deliveries to a client outside the message's room: must be 0. */
  misrouted: number;
  /** Broadcasts no operation of this run accounts for (a late one from an earlier run, or one the bench cannot name). */
  foreign: number;
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

/**
 * Joins the threads' typing: a typist's relay n is the n-th relay each listener heard from it, and it
 * should reach every listener of that typist exactly once (a duplicate shows as the others missing one).
 * Its latency is counted from the signal it answers: the typist's latest one scheduled before the first
 * listener heard it (bench/mix.ts).
 */
function mergeTyping(mix: MixCommand, t0: number, reports: CollectReport[]): { event: EventResult; result: TypingResult } {
  const typing = reports.flatMap((report) => report.typing ?? []);
  const timing = new Histogram();
  const errors: Record<string, number> = {};
  for (const report of typing) for (const [code, count] of Object.entries(report.errors)) errors[code] = (errors[code] ?? 0) + count;
  const sentPerTypist: number[] = [];
  const relayedPerTypist: number[] = [];
  let expected = 0;
  let delivered = 0;
  for (let typist = 0; typist < mix.typists; typist++) {
    sentPerTypist.push(typing.reduce((acc, report) => acc + (report.sent[typist] ?? 0), 0));
    const byRelay = typing.map((report) => report.heard[typist] ?? []);
    const relays = Math.max(0, ...byRelay.map((heard) => heard.length));
    for (let relay = 0; relay < relays; relay++) {
      const arrivals = byRelay.flatMap((heard) => heard[relay] ?? []);
      const signal = typingSignalBefore(Math.min(...arrivals), t0, mix.typingIntervalMs, mix.typists, typist, mix.typingSignals);
      const sentAt = typingSignalTime(t0, mix.typingIntervalMs, mix.typists, typist, signal);
      for (const arrival of arrivals) timing.record(arrival - sentAt);
      delivered += arrivals.length;
    }
    relayedPerTypist.push(relays);
    expected += relays * typing.reduce((acc, report) => acc + (report.listeners[typist] ?? 0), 0);
  }
  return {
    event: { latency: timing.summary(), expected, delivered, missing: expected - delivered, duplicates: 0 },
    result: {
      typists: mix.typists,
      sentPerTypist,
      relayedPerTypist,
      toOwnSocket: typing.reduce((acc, report) => acc + report.self, 0),
      unmatched: typing.reduce((acc, report) => acc + report.unmatched, 0),
      errors,
    },
  };
}

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
    const clients = Math.max(1, this.slots);
    const mix = options.mix
      ? {
          lagOps: Math.ceil(options.rate * MIX_LAG_S),
          typists: typistCount(clients),
          typingIntervalMs: options.mix.typingIntervalMs,
          typingSignals: Math.floor((options.durationS * 1000) / options.mix.typingIntervalMs),
        }
      : null;
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
            clients,
            t0,
            rate: options.rate,
            total,
            workerIndex,
            workerCount: this.workers.length,
            ackTimeoutMs: options.ackTimeoutMs,
            padding: options.padding ?? 40,
            mix,
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

    const outcomes = new Uint8Array(total);
    const refusals: Record<string, number> = {};
    for (const report of reports) {
      report.outcomes.forEach((outcome, i) => {
        if (outcome !== OUTCOME.notMine) outcomes[i] = outcome;
      });
      for (const [code, count] of Object.entries(report.refusals)) refusals[code] = (refusals[code] ?? 0) + count;
    }
    const sum = (pick: (report: CollectReport) => number) => reports.reduce((acc, report) => acc + pick(report), 0);
    const count = (outcome: number) => outcomes.reduce((acc, value) => acc + (value === outcome ? 1 : 0), 0);
    const operations = new Histogram();
    const byEvent: RunResult["byEvent"] = {};
    for (const event of BROADCASTS) {
      const tallies = reports.flatMap((report) => report.byEvent[event] ?? []);
      if (tallies.length === 0) continue;
      const histogram = new Histogram();
      for (const tally of tallies) histogram.add(tally.histogram, tally.maxMs);
      operations.add(histogram.counts, histogram.maxMs);
      const expected = tallies.reduce((acc, tally) => acc + tally.expected, 0);
      const delivered = tallies.reduce((acc, tally) => acc + tally.unique, 0);
      const duplicates = tallies.reduce((acc, tally) => acc + tally.duplicates, 0);
      byEvent[event] = { latency: histogram.summary(), expected, delivered, missing: expected - delivered, duplicates };
    }
    const typing = mix ? mergeTyping(mix, t0, reports) : null;
    if (typing) byEvent.typing = typing.event;
    const totals = Object.values(byEvent);
    const expected = totals.reduce((acc, event) => acc + event.expected, 0);
    const delivered = totals.reduce((acc, event) => acc + event.delivered, 0);
    return {
      clients: this.clients,
      rate: options.rate,
      messages: total,
      latency: operations.summary(),
      byEvent,
      typing: typing?.result ?? null,
      expected,
      delivered,
      missing: expected - delivered,
      duplicates: totals.reduce((acc, event) => acc + event.duplicates, 0),
      misrouted: sum((report) => report.misrouted),
      foreign: sum((report) => report.foreign),
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
