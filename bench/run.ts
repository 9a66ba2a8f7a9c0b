/**
 * `npm run bench` — the production server side by side with a bare Socket.IO server, in one run.
 * `npm run bench -- --quick` — small numbers, asserts correctness only and reports timings without judging them (CI smoke test).
 * Options: --only=startup,latency,mixed,throughput,history,rooms,overload,connections  --db=sqlite,postgres  --threads=N  --profile[=dir]
 * Environment: BENCH_DATABASE_URL=postgres://… also runs every database scenario on a fresh PostgreSQL database.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { setTimeout as delay } from "node:timers/promises";
import { benchDatabaseUrl } from "./env";
import { registerAndSignIn } from "../test/support/http";
import { runHistory, type HistoryResult, type Percentiles } from "./history";
import { TYPING_RELAY_SECONDS } from "../lib/limits";
import { LoadGenerator, type RunOptions, type RunResult } from "./load";
import { cpuMs, rssKiB, startBare, startProduct, type RunningProcess } from "./procs";
import { BROADCASTS, OUTCOME } from "./protocol";
import { createPgDatabase, openPgBenchDb, seedSignedInUsers, type BenchDb } from "./seed";
import { openSqliteBenchDb } from "./seed-sqlite";
import { runRooms, type RoomsResult } from "./rooms";
import { ratio, round } from "./stats";
import { summarizeProfileDir } from "./profile";

const SCENARIOS = ["startup", "latency", "mixed", "throughput", "history", "rooms", "overload", "connections"] as const;
type Scenario = (typeof SCENARIOS)[number];

const argv = process.argv.slice(2);
const flag = (name: string) => argv.find((arg) => arg === `--${name}` || arg.startsWith(`--${name}=`));
const flagValue = (name: string) => flag(name)?.split("=").slice(1).join("=");
const quick = flag("quick") !== undefined;
const only = new Set((flagValue("only") ?? SCENARIOS.join(",")).split(",").filter(Boolean) as Scenario[]);
const databases = new Set((flagValue("db") ?? "sqlite,postgres").split(","));
const threads = Math.max(1, Number(flagValue("threads") ?? 2));
const profileDir = flag("profile") === undefined ? undefined : (flagValue("profile") ?? path.join(tmpdir(), `discock-prof-${Date.now()}`));

const P99_BOUND_MS = 200;
/** The issue's target for the room list of someone in 200 rooms, with a million messages stored. */
const ROOM_LIST_P99_MS = 10;
/** Typists signal this often, far more than the server relays (once per TYPING_RELAY_SECONDS), as a stuck or hostile client might. */
const TYPING_INTERVAL_MS = 200;
const MIXED_P99_BUDGET = 1.5;
const plan = quick
  ? {
      latency: [{ clients: 20, rate: 50 }],
      latencyDurationS: 3,
      // 4 s, not 3: long enough for a second typing relay per typist, so the throttle is seen letting one through again.
      mixed: { clients: 20, rate: 50, durationS: 4 },
      // The first configuration is the one the target is judged on (and the overload scenario's base rate).
      throughput: [
        { clients: 20, rooms: 1, stepS: 2 },
        { clients: 20, rooms: 4, stepS: 2 },
      ],
      throughputDeliveries: [2_000],
      historyMessages: 20_000,
      historyDurationS: 1,
      renders: 2,
      // The measured person's 200 rooms as in the full run, among fewer rooms and messages of others.
      rooms: { users: 120, publicRooms: 300, privateRooms: 100, directs: 300, messages: 20_000, durationS: 1 },
      overloadClients: 20,
      overloadBaseRate: 50,
      overloadDurationS: 2,
      connectionSteps: [0, 200],
    }
  : {
      latency: [
        { clients: 100, rate: 100 },
        { clients: 500, rate: 20 },
        { clients: 1000, rate: 10 },
      ],
      latencyDurationS: 8,
      mixed: { clients: 100, rate: 100, durationS: 8 },
      throughput: [
        { clients: 500, rooms: 1, stepS: 5 },
        { clients: 100, rooms: 1, stepS: 3 },
        { clients: 1000, rooms: 1, stepS: 3 },
        { clients: 500, rooms: 10, stepS: 3 },
      ],
      throughputDeliveries: [5_000, 10_000, 20_000, 30_000, 40_000, 50_000, 65_000, 80_000, 100_000, 130_000, 160_000, 200_000],
      historyMessages: 1_000_000,
      historyDurationS: 5,
      renders: 10,
      rooms: { users: 500, publicRooms: 2_000, privateRooms: 300, directs: 2_000, messages: 1_000_000, durationS: 5 },
      overloadClients: 500,
      overloadBaseRate: 0, // 4× the product's sustained rate from the throughput scenario
      overloadDurationS: 5,
      connectionSteps: [0, 1_000, 5_000, 10_000],
    };

interface Check {
  name: string;
  pass: boolean;
  detail: string;
}
interface Row {
  scenario: string;
  metric: string;
  product: string;
  bare: string;
  ratio: string;
  target: string;
  met: string;
}

const checks: Check[] = [];
const rows: Row[] = [];
const results: Record<string, unknown> = {
  startedAt: new Date().toISOString(),
  quick,
  machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? "?", memoryGiB: round(totalmem() / 2 ** 30, 1), node: process.version },
  p99BoundMs: P99_BOUND_MS,
  threads,
};
const started = performance.now();
const log = (text: string) => process.stdout.write(`[${((performance.now() - started) / 1000).toFixed(1)}s] ${text}\n`);
const check = (name: string, pass: boolean, detail: string) => {
  checks.push({ name, pass, detail });
  log(`${pass ? "ok  " : "FAIL"} ${name}: ${detail}`);
};
const ms = (value: number) => `${round(value, value < 10 ? 2 : 1)} ms`;
/** Timing and size targets are judged by the full run only: a quick run on a shared CI machine just reports them. */
const judged = (target: string, met: boolean) => (quick ? { target: `${target} (full run only)`, met: "—" } : { target, met: met ? "yes" : "no" });

const deliveredExactly = (run: RunResult) => run.missing === 0 && run.duplicates === 0 && run.misrouted === 0 && run.acked === run.messages;
const correctnessDetail = (run: RunResult) =>
  `missing ${run.missing}/${run.expected}, duplicates ${run.duplicates}, misrouted ${run.misrouted}, acked ${run.acked}/${run.messages}, refusals ${JSON.stringify(run.refusals)}`;

function correctness(name: string, run: RunResult) {
  check(`${name}: 0 missing, 0 duplicates, 0 misrouted, every send acked`, deliveredExactly(run), correctnessDetail(run));
}

const brief = (run: RunResult) => ({ ...run, outcomes: undefined });

interface Target {
  dialect: "sqlite" | "postgres";
  databaseUrl: string;
  db: () => BenchDb;
  cleanup: () => Promise<void>;
}

async function makeTarget(dialect: "sqlite" | "postgres"): Promise<Target> {
  if (dialect === "sqlite") {
    const dir = mkdtempSync(path.join(tmpdir(), "discock-bench-"));
    const file = path.join(dir, "bench.db");
    return { dialect, databaseUrl: `sqlite:///${file}`, db: () => openSqliteBenchDb(file), cleanup: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })) };
  }
  const pg = await createPgDatabase(benchDatabaseUrl() ?? "");
  return { dialect, databaseUrl: pg.url, db: () => openPgBenchDb(pg.url), cleanup: () => pg.drop() };
}

async function latencyRun(gen: LoadGenerator, server: RunningProcess, cookies: string[], roomId: number, rate: number, durationS: number, mix?: RunOptions["mix"]) {
  const connected = await gen.connect(server.url, cookies, [roomId]);
  if (connected.failed > 0) log(`${server.label}: ${connected.failed} sockets failed to connect ${JSON.stringify(connected.errors)}`);
  await delay(500);
  try {
    const run = await gen.run({ rooms: [roomId], rate, durationS, ackTimeoutMs: 10_000, drainMs: 5_000, serverPid: server.pid, mix });
    return { connectMs: connected.ms, connectFailed: connected.failed, ...run };
  } finally {
    await gen.close();
    await delay(300);
  }
}

const BARE_ROOM = 1;
let bare: RunningProcess | undefined;
const bareResults = new Map<string, unknown>();

async function onBare<T>(key: string, measure: (server: RunningProcess) => Promise<T>): Promise<T> {
  if (bareResults.has(key)) return bareResults.get(key) as T;
  bare ??= await startBare();
  const result = await measure(bare);
  bareResults.set(key, result);
  return result;
}

async function benchDialect(dialect: "sqlite" | "postgres", gen: LoadGenerator) {
  const out: Record<string, unknown> = {};
  results[dialect] = out;
  const tag = dialect === "sqlite" ? "SQLite" : "PG";
  const needsMain = ["startup", "latency", "mixed", "throughput", "history"].some((s) => only.has(s as Scenario));
  let sustainedRate = plan.overloadBaseRate;

  if (needsMain) {
    const target = await makeTarget(dialect);
    const product = await startProduct({ label: `product-${dialect}`, databaseUrl: target.databaseUrl, limits: false, cpuProfDir: profileDir });
    const db = target.db();
    try {
      out.startupMs = product.startupMs;
      log(`${tag}: product ready in ${ms(product.startupMs)} (spawn → first 200 /api/health), RSS ${rssKiB(product.pid)} KiB`);
      if (only.has("startup")) {
        check(`${tag} start-up: /api/health answers 200`, true, ms(product.startupMs));
        rows.push({ scenario: `start-up (${tag})`, metric: "spawn → first 200 /api/health", product: ms(product.startupMs), bare: "—", ratio: "—", target: "—", met: "—" });
      }
      // One user through the real /register form (Auth.js, argon2, session row); the rest seeded (see bench/seed.ts).
      const form = await registerAndSignIn(product.url);
      const formCookie = form.jar.header();
      const maxClients = Math.max(...plan.throughput.map((config) => config.clients), ...plan.latency.map((step) => step.clients), plan.mixed.clients);
      const seeded = await seedSignedInUsers(db, maxClients, `${dialect}${Date.now().toString(36)}`);
      const cookies = [formCookie, ...seeded.cookies.slice(1)];
      const roomId = await db.defaultRoomId();
      log(`${tag}: ${maxClients} signed-in users ready (1 via /register form, ${maxClients - 1} seeded with sessions)`);

      if (only.has("latency")) {
        const latency: unknown[] = [];
        out.latency = latency;
        for (const step of plan.latency) {
          const name = `latency ${step.clients} clients × ${step.rate} msg/s`;
          const real = await latencyRun(gen, product, cookies.slice(0, step.clients), roomId, step.rate, plan.latencyDurationS);
          const base = await onBare(`latency-${step.clients}-${step.rate}`, (server) =>
            latencyRun(gen, server, cookies.slice(0, step.clients), BARE_ROOM, step.rate, plan.latencyDurationS),
          );
          latency.push({ ...step, product: brief(real), bare: brief(base) });
          correctness(`${tag} ${name} (product)`, real);
          correctness(`bare ${name}`, base);
          log(`${tag} ${name}: p99 ${ms(real.latency.p99)} vs bare ${ms(base.latency.p99)}; gen CPU ${round(real.generatorCpuPct, 0)}% / ${round(base.generatorCpuPct, 0)}%; server CPU ${round(real.serverCpuPct ?? 0, 0)}% / ${round(base.serverCpuPct ?? 0, 0)}%`);
          const isTarget = step.clients === 100 && step.rate === 100;
          for (const q of ["p50", "p95", "p99", "max"] as const) {
            const r = real.latency[q] / Math.max(base.latency[q], 1e-9);
            rows.push({
              scenario: `latency ${step.clients}c×${step.rate}/s (${tag})`,
              metric: `end-to-end ${q}`,
              product: ms(real.latency[q]),
              bare: ms(base.latency[q]),
              ratio: ratio(real.latency[q], base.latency[q]),
              ...(isTarget && q === "p99" ? judged("≤ 2× bare", r <= 2) : { target: "—", met: "—" }),
            });
          }
          rows.push({
            scenario: `latency ${step.clients}c×${step.rate}/s (${tag})`,
            metric: "missing / duplicates; generator CPU",
            product: `${real.missing} / ${real.duplicates}; ${round(real.generatorCpuPct, 0)}%`,
            bare: `${base.missing} / ${base.duplicates}; ${round(base.generatorCpuPct, 0)}%`,
            ratio: "—",
            target: "0 / 0",
            met: real.missing + real.duplicates === 0 ? "yes" : "no",
          });
        }
      }

      if (only.has("mixed")) out.mixed = await mixed(tag, gen, product, cookies.slice(0, plan.mixed.clients), roomId);

      if (only.has("throughput")) {
        // Offered load is stepped in deliveries/s (messages/s × clients per room), so every configuration climbs the same ladder.
        const ladder = async (server: RunningProcess, config: (typeof plan.throughput)[number], rooms: number[]) => {
          const steps: unknown[] = [];
          let best: RunResult | undefined;
          const connected = await gen.connect(server.url, cookies.slice(0, config.clients), rooms);
          await delay(500);
          try {
            for (const deliveries of plan.throughputDeliveries) {
              const rate = Math.max(1, Math.round(deliveries / (config.clients / config.rooms)));
              const run = await gen.run({ rooms, rate, durationS: config.stepS, ackTimeoutMs: 10_000, drainMs: 3_000, serverPid: server.pid });
              const correct = deliveredExactly(run);
              // A busy CI machine can stall for a moment; only the full run judges timings, the quick one climbs on correctness.
              const pass = correct && (quick || run.latency.p99 <= P99_BOUND_MS);
              steps.push({ pass, ...brief(run) });
              log(`  ${server.label} ${config.clients}c/${config.rooms}r ${rate} msg/s → ${round(run.deliveriesPerSec, 0)} deliveries/s p99 ${ms(run.latency.p99)} missing ${run.missing} misrouted ${run.misrouted} gen CPU ${round(run.generatorCpuPct, 0)}% (max thread ELU ${round(run.generatorMaxElu, 2)}) server CPU ${round(run.serverCpuPct ?? 0, 0)}% ${pass ? "" : "✗"}`);
              if (!correct) {
                check(`${server.label} throughput ${config.clients}c/${config.rooms}r at ${rate} msg/s delivers everything to its room only`, false, correctnessDetail(run));
              }
              if (!pass) break;
              best = run;
              await delay(300);
            }
          } finally {
            await gen.close();
            await delay(300);
          }
          return { connectMs: connected.ms, steps, best: best ? brief(best) : null, bestRate: best?.rate ?? 0, bestDeliveries: best?.deliveriesPerSec ?? 0 };
        };
        const configs: unknown[] = [];
        out.throughput = { p99BoundMs: P99_BOUND_MS, configs };
        for (const [index, config] of plan.throughput.entries()) {
          const productRooms =
            config.rooms === 1
              ? [roomId]
              : await Promise.all(Array.from({ length: config.rooms }, (_, i) => db.createRoom(`bench-${config.clients}c-${i}-${Date.now().toString(36)}`)));
          const bareRooms = Array.from({ length: config.rooms }, (_, i) => BARE_ROOM + i);
          const real = await ladder(product, config, productRooms);
          const base = await onBare(`throughput-${config.clients}-${config.rooms}`, (server) => ladder(server, config, bareRooms));
          configs.push({ ...config, product: real, bare: base });
          const isTarget = index === 0;
          if (isTarget) sustainedRate = real.bestRate;
          const r = real.bestDeliveries / Math.max(base.bestDeliveries, 1e-9);
          check(
            quick
              ? `${tag} throughput ${config.clients}c/${config.rooms}r: every step delivered everything (timings not judged)`
              : `${tag} throughput ${config.clients}c/${config.rooms}r ladder found a sustained rate`,
            real.bestRate > 0,
            `${real.bestRate} msg/s`,
          );
          rows.push({
            scenario: `throughput ${config.clients}c, ${config.rooms === 1 ? "1 room" : `${config.rooms} rooms of ${config.clients / config.rooms}`} (${tag})`,
            metric: `${quick ? "deliveries/s of the top correct step (" : `sustained deliveries/s (p99 ≤ ${P99_BOUND_MS} ms, `}0 missing; ${config.stepS} s steps)`,
            product: `${round(real.bestDeliveries, 0)} (${real.bestRate} msg/s)`,
            bare: `${round(base.bestDeliveries, 0)} (${base.bestRate} msg/s)`,
            ratio: ratio(real.bestDeliveries, base.bestDeliveries),
            ...(isTarget ? judged("≥ 0.6× bare", r >= 0.6) : { target: "—", met: "—" }),
          });
        }
      }

      if (only.has("history")) {
        log(`${tag}: seeding ${plan.historyMessages} messages`);
        const history: HistoryResult = await runHistory({
          baseUrl: product.url,
          db,
          cookie: formCookie,
          userId: seeded.userIds[1] ?? seeded.userIds[0] ?? 1,
          messages: plan.historyMessages,
          durationS: plan.historyDurationS,
          renders: plan.renders,
        });
        out.history = history;
        const pageLine = (stats: HistoryResult["latest"]) => `server p50/p99 ${stats.server.p50}/${stats.server.p99} ms (client ${stats.client.p50}/${stats.client.p99})`;
        log(`${tag}: seeded in ${ms(history.seedMs)}; latest ${pageLine(history.latest)}, deep ${pageLine(history.deep)}, /chat ${ms(history.chatRender.totalP50)}`);
        check(`${tag} history latest page is the newest 50, oldest first`, history.correct.latest, JSON.stringify(history.latest));
        check(`${tag} history deep page (before=) is the right 50`, history.correct.deep, JSON.stringify(history.deep));
        check(`${tag} history pages answer without errors`, [history.latest, history.deep, history.concurrent].every((stats) => stats.errors + stats.non2xx === 0), "");
        check(
          `${tag} history replies carry Server-Timing`,
          [history.latest, history.deep].every((stats) => stats.server.p50 > 0 && stats.auth.p50 > 0 && stats.app.p50 > 0),
          JSON.stringify(history.latest.server),
        );
        check(`${tag} /chat?room renders the latest message`, history.chatRender.status === 200 && history.chatRender.containsLatest, `status ${history.chatRender.status}`);
        for (const [label, stats] of [["latest page", history.latest], ["deep page (before=first+1000)", history.deep]] as const) {
          const scenario = `history ${plan.historyMessages.toLocaleString("en")} msgs (${tag})`;
          const triple = ({ p50, p99, max }: { p50: number; p99: number; max: number }) => `${p50} / ${p99} / ${max} ms`;
          rows.push(
            {
              scenario,
              metric: `GET ${label}: server time p50 / p99 / max (Server-Timing total)`,
              product: `${triple(stats.server)} (${stats.rps} req/s)`,
              bare: "—",
              ratio: "—",
              ...judged("p99 < 5 ms", stats.server.p99 < 5),
            },
            { scenario, metric: `GET ${label}: session check p50 / p99 / max (Server-Timing auth)`, product: triple(stats.auth), bare: "—", ratio: "—", target: "—", met: "—" },
            { scenario, metric: `GET ${label}: query + JSON p50 / p99 / max (Server-Timing app)`, product: triple(stats.app), bare: "—", ratio: "—", target: "—", met: "—" },
            { scenario, metric: `GET ${label}: client round trip p50 / p99 / max`, product: triple(stats.client), bare: "—", ratio: "—", target: "—", met: "—" },
          );
        }
        rows.push({
          scenario: `history ${plan.historyMessages.toLocaleString("en")} msgs (${tag})`,
          metric: `GET latest page, ${history.concurrent.connections} connections (autocannon): req/s, p50 / p99`,
          product: `${history.concurrent.rps}/s, ${history.concurrent.p50} / ${history.concurrent.p99} ms`,
          bare: "—",
          ratio: "—",
          target: "—",
          met: "—",
        });
        rows.push({
          scenario: `history ${plan.historyMessages.toLocaleString("en")} msgs (${tag})`,
          metric: "/chat?room= first byte / full render p50",
          product: `${ms(history.chatRender.ttfbP50)} / ${ms(history.chatRender.totalP50)}`,
          bare: "—",
          ratio: "—",
          target: "—",
          met: "—",
        });
      }
    } finally {
      await db.close();
      const code = await product.stop();
      if (code !== 0) check(`${tag} product server exits cleanly on SIGTERM`, false, `exit code ${code}\n${product.output().slice(-2000)}`);
      await target.cleanup();
    }
  }

  if (only.has("rooms")) out.rooms = await rooms(dialect);
  if (only.has("overload")) await overload(dialect, gen, sustainedRate);
  if (only.has("connections") && dialect === "sqlite") await connections(gen);
}

/**
 * Sends, replies, edits and reactions in one room, with a tenth of the clients typing far too often:
 * each kind of broadcast timed against bare doing the same, and the typing relayed no more than the
 * server-side throttle allows.
 */
async function mixed(tag: string, gen: LoadGenerator, product: RunningProcess, cookies: string[], roomId: number) {
  const { clients, rate, durationS } = plan.mixed;
  const name = `mixed ${clients} clients × ${rate} ops/s`;
  const mix = { typingIntervalMs: TYPING_INTERVAL_MS };
  const real = await latencyRun(gen, product, cookies, roomId, rate, durationS, mix);
  const base = await onBare(`mixed-${clients}-${rate}`, (server) => latencyRun(gen, server, cookies, BARE_ROOM, rate, durationS, mix));
  const relayBound = Math.ceil(durationS / TYPING_RELAY_SECONDS) + 1;
  const scenario = `mixed ${clients}c×${rate}/s (${tag})`;
  for (const [label, run] of [[`${tag} ${name} (product)`, real], [`bare ${name}`, base]] as const) {
    correctness(label, run);
    const perEvent = Object.entries(run.byEvent).map(([event, result]) => `${event} ${result.delivered}/${result.expected} dup ${result.duplicates}`);
    log(`${label}: deliveries per broadcast ${perEvent.join(", ")}`);
    const typing = run.typing;
    if (!typing) throw new Error("a mixed run reports typing");
    const sent = typing.sentPerTypist.reduce((acc, count) => acc + count, 0);
    const relayed = typing.relayedPerTypist.reduce((acc, count) => acc + count, 0);
    const most = Math.max(...typing.relayedPerTypist);
    const fewest = Math.min(...typing.relayedPerTypist);
    const listeners = run.byEvent.typing ? round(run.byEvent.typing.delivered / Math.max(relayed, 1), 1) : 0;
    log(
      `${label}: typing sent ${sent} signals by ${typing.typists} typists (${round(sent / typing.typists / durationS, 1)}/s each), ` +
        `relayed ${relayed} (${fewest}–${most} per typist, at most ${relayBound} allowed in ${durationS} s), each heard by ${listeners} others`,
    );
    check(
      `${label}: nobody hears their own typing, every broadcast answers an operation or typist of this run, no typing refused`,
      typing.toOwnSocket === 0 && typing.unmatched === 0 && run.foreign === 0 && Object.keys(typing.errors).length === 0,
      `own typing ${typing.toOwnSocket}, unnamed relays ${typing.unmatched}, unnamed broadcasts ${run.foreign}, errors ${JSON.stringify(typing.errors)}`,
    );
    check(
      `${label}: relayed typing per typist ≤ ceil(${durationS} s / ${TYPING_RELAY_SECONDS} s) + 1 = ${relayBound} though each sent ~${round(1000 / TYPING_INTERVAL_MS, 0)}/s`,
      fewest >= 1 && most <= relayBound,
      `sent ${typing.sentPerTypist.join(",")}; relayed ${typing.relayedPerTypist.join(",")}`,
    );
  }
  for (const event of BROADCASTS) {
    const product = real.byEvent[event];
    const bare = base.byEvent[event];
    if (!product || !bare) continue;
    const r = product.latency.p99 / Math.max(bare.latency.p99, 1e-9);
    const triple = ({ latency }: { latency: RunResult["latency"] }) => `${ms(latency.p50)} / ${ms(latency.p99)} / ${ms(latency.max)}`;
    const verdict = quick ? "judged in the full run only" : r <= MIXED_P99_BUDGET ? "within it" : "OVER it";
    log(`${scenario} ${event}: p99 ${ms(product.latency.p99)} vs bare ${ms(bare.latency.p99)} = ${ratio(product.latency.p99, bare.latency.p99)}, budget ${MIXED_P99_BUDGET}×: ${verdict}`);
    rows.push({
      scenario,
      metric: `${event} to the others: p50 / p99 / max (${product.latency.count} deliveries)`,
      product: triple(product),
      bare: triple(bare),
      ratio: ratio(product.latency.p99, bare.latency.p99),
      ...judged(`p99 ≤ ${MIXED_P99_BUDGET}× bare`, r <= MIXED_P99_BUDGET),
    });
  }
  const typingCounts = (run: RunResult) =>
    `${run.typing?.sentPerTypist.reduce((acc, count) => acc + count, 0)} / ${run.typing?.relayedPerTypist.reduce((acc, count) => acc + count, 0)}`;
  rows.push(
    {
      scenario,
      metric: "missing / duplicates (every kind); generator CPU",
      product: `${real.missing} / ${real.duplicates}; ${round(real.generatorCpuPct, 0)}%`,
      bare: `${base.missing} / ${base.duplicates}; ${round(base.generatorCpuPct, 0)}%`,
      ratio: "—",
      target: "0 / 0",
      met: real.missing + real.duplicates === 0 ? "yes" : "no",
    },
    {
      scenario,
      metric: `typing signals sent / relayed (${real.typing?.typists} typists, one signal each per ${TYPING_INTERVAL_MS} ms)`,
      product: typingCounts(real),
      bare: typingCounts(base),
      ratio: "—",
      target: `≤ ${relayBound} relayed per typist`,
      met: Math.max(...(real.typing?.relayedPerTypist ?? [Infinity])) <= relayBound ? "yes" : "no",
    },
  );
  return { ...plan.mixed, typingIntervalMs: TYPING_INTERVAL_MS, typingRelaySeconds: TYPING_RELAY_SECONDS, relayBound, product: brief(real), bare: brief(base) };
}

/** `GET /api/rooms` for one person in 200 rooms among thousands, on a database of its own (bench/rooms.ts). */
async function rooms(dialect: "sqlite" | "postgres"): Promise<RoomsResult> {
  const tag = dialect === "sqlite" ? "SQLite" : "PG";
  const target = await makeTarget(dialect);
  const product = await startProduct({ label: `product-${dialect}-rooms`, databaseUrl: target.databaseUrl, limits: false, cpuProfDir: profileDir });
  const db = target.db();
  try {
    const spec = plan.rooms;
    const { userIds, cookies } = await seedSignedInUsers(db, spec.users, `rm${Date.now().toString(36)}`);
    log(`${tag}: seeding ${spec.publicRooms + spec.privateRooms + spec.directs} rooms and ${spec.messages} messages`);
    const result = await runRooms({ baseUrl: product.url, serverPid: product.pid, db, userIds, cookie: cookies[0] ?? "", defaultRoomId: await db.defaultRoomId(), plan: spec });
    const { firstPage, secondPage } = result;
    const line = (stats: RoomsResult["firstPage"]) =>
      `server p50/p99 ${stats.server.p50}/${stats.server.p99} ms, app ${stats.app.p50}/${stats.app.p99} (client ${stats.client.p50}/${stats.client.p99}), server CPU ${stats.serverCpuMs} ms a request`;
    log(`${tag}: rooms seeded in ${ms(result.seedMs)}; first page ${line(firstPage)}; second page ${line(secondPage)}; ${result.concurrent.rps} pages/s on ${result.concurrent.connections} connections`);
    for (const c of result.checks) check(`${tag} rooms: ${c.name}`, c.pass, c.detail);
    const scenario = `rooms: 1 of ${result.rooms.users} users in 200 of ${(result.rooms.public + result.rooms.private + result.rooms.direct).toLocaleString("en")} rooms, ${result.messages.toLocaleString("en")} msgs (${tag})`;
    const quad = ({ p50, p95, p99, max }: Percentiles) => `${p50} / ${p95} / ${p99} / ${max} ms`;
    for (const [label, stats] of [
      [`first page (${firstPage.rooms} rooms, ${round(firstPage.bytes / 1024, 0)} KiB)`, firstPage],
      [`?after= page (${secondPage.rooms} rooms)`, secondPage],
    ] as const) {
      rows.push(
        {
          scenario,
          metric: `GET ${label}: server time p50 / p95 / p99 / max (Server-Timing total)`,
          product: `${quad(stats.server)} (${stats.rps} req/s, server CPU ${stats.serverCpuMs} ms a request)`,
          bare: "—",
          ratio: "—",
          ...judged(`p99 < ${ROOM_LIST_P99_MS} ms`, stats.server.p99 < ROOM_LIST_P99_MS),
        },
        { scenario, metric: `GET ${label}: session check p50 / p95 / p99 / max (Server-Timing auth)`, product: quad(stats.auth), bare: "—", ratio: "—", target: "—", met: "—" },
        { scenario, metric: `GET ${label}: queries + JSON p50 / p95 / p99 / max (Server-Timing app)`, product: quad(stats.app), bare: "—", ratio: "—", target: "—", met: "—" },
        { scenario, metric: `GET ${label}: client round trip p50 / p95 / p99 / max`, product: quad(stats.client), bare: "—", ratio: "—", target: "—", met: "—" },
      );
    }
    rows.push(
      {
        scenario,
        metric: `GET first page, ${result.concurrent.connections} connections (autocannon): req/s, p50 / p99`,
        product: `${result.concurrent.rps}/s, ${result.concurrent.p50} / ${result.concurrent.p99} ms`,
        bare: "—",
        ratio: "—",
        target: "—",
        met: "—",
      },
      {
        scenario,
        metric: "lists exactly its own rooms and the public page; banned / others' rooms listed",
        product: `${result.checks.filter((c) => c.pass).length} of ${result.checks.length} checks; ${result.checks.find((c) => c.name.startsWith("no room"))?.pass ? "0 / 0" : "some"}`,
        bare: "—",
        ratio: "—",
        target: "all checks, 0 / 0",
        met: result.checks.every((c) => c.pass) ? "yes" : "no",
      },
    );
    return result;
  } finally {
    await db.close();
    const code = await product.stop();
    if (code !== 0) check(`${tag} rooms product server exits cleanly on SIGTERM`, false, `exit code ${code}\n${product.output().slice(-2000)}`);
    await target.cleanup();
  }
}

async function overload(dialect: "sqlite" | "postgres", gen: LoadGenerator, sustainedRate: number) {
  const tag = dialect === "sqlite" ? "SQLite" : "PG";
  const rate = 4 * (sustainedRate > 0 ? sustainedRate : 50);
  const target = await makeTarget(dialect);
  const product = await startProduct({ label: `product-${dialect}-limits`, databaseUrl: target.databaseUrl, limits: true });
  const db = target.db();
  try {
    // One socket per user, under the default per-user socket cap; every limit at its default.
    const { cookies } = await seedSignedInUsers(db, plan.overloadClients, `ov${Date.now().toString(36)}`);
    const roomId = await db.defaultRoomId();
    const connected = await gen.connect(product.url, cookies, [roomId]);
    await delay(500);
    let run: RunResult;
    try {
      run = await gen.run({ rooms: [roomId], rate, durationS: plan.overloadDurationS, ackTimeoutMs: 15_000, drainMs: 20_000, serverPid: product.pid, expectDeliveries: false });
    } finally {
      await gen.close();
    }
    const stored = await db.storedClientIds(`${run.runId}-`);
    let ackedStored = 0;
    let ackedLost = 0;
    let refusedStored = 0;
    let noReplyStored = 0;
    let noReplyLost = 0;
    run.outcomes.forEach((outcome, k) => {
      const isStored = stored.has(`${run.runId}-${k}`);
      if (outcome === OUTCOME.ok) {
        if (isStored) ackedStored++;
        else ackedLost++;
      } else if (outcome === OUTCOME.refusedRetryable || outcome === OUTCOME.refusedOther) refusedStored += isStored ? 1 : 0;
      else if (outcome === OUTCOME.noReply) {
        if (isStored) noReplyStored++;
        else noReplyLost++;
      }
    });
    const silentlyLost = ackedLost + noReplyLost;
    const result = {
      offeredRate: rate,
      sustainedRate,
      clients: connected.ok,
      sent: run.messages - run.notSent,
      ackedStored,
      refusedRetryable: run.refusedRetryable,
      refusedOther: run.refusedOther,
      refusals: run.refusals,
      refusedButStored: refusedStored,
      noReplyButStored: noReplyStored,
      notSent: run.notSent,
      silentlyLost,
      ackedButNotStored: ackedLost,
      noReplyNotStored: noReplyLost,
      latency: run.latency,
      generatorCpuPct: run.generatorCpuPct,
    };
    (results[dialect] as Record<string, unknown>).overload = result;
    log(`${tag} overload ${rate} msg/s: ${JSON.stringify(result)}`);
    const accounted = run.acked + run.refusedRetryable + run.refusedOther + run.noReply + run.notSent;
    check(`${tag} overload: every send accounted for`, accounted === run.messages && run.messages > 0, `${accounted} of ${run.messages}`);
    check(`${tag} overload at 4× sustained: 0 silently lost (verified against the database)`, silentlyLost === 0 && run.refusedOther === 0, `acked+stored ${ackedStored}, refused retryable ${run.refusedRetryable} ${JSON.stringify(run.refusals)}, refused other ${run.refusedOther}, no reply ${run.noReply} (stored ${noReplyStored}), acked-but-missing ${ackedLost}, not sent ${run.notSent}`);
    rows.push({
      scenario: `overload 4× = ${rate} msg/s, limits on (${tag})`,
      metric: "acked+stored / refused retryable / silently lost",
      product: `${ackedStored} / ${run.refusedRetryable} / ${silentlyLost}`,
      bare: "—",
      ratio: "—",
      target: "silently lost = 0",
      met: silentlyLost === 0 ? "yes" : "no",
    });
  } finally {
    await db.close();
    await product.stop();
    await target.cleanup();
  }
}

async function connections(gen: LoadGenerator) {
  const steps = plan.connectionSteps;
  const measure = async (server: RunningProcess, cookies: string[]) => {
    const points: { sockets: number; rssKiB: number; acceptMs: number; failed: number; serverCpuMs: number }[] = [];
    let open = 0;
    try {
      for (const count of steps) {
        const cpuBefore = cpuMs(server.pid);
        const batch = await gen.connect(server.url, cookies.slice(open, count), null, 128, 30_000);
        open = count;
        await delay(1_500);
        points.push({ sockets: open, rssKiB: rssKiB(server.pid), acceptMs: round(batch.ms, 0), failed: batch.failed, serverCpuMs: cpuMs(server.pid) - cpuBefore });
        log(`  ${server.label}: ${open} idle sockets, RSS ${rssKiB(server.pid)} KiB, batch accepted in ${ms(batch.ms)}, failed ${batch.failed}`);
      }
    } finally {
      await gen.close();
    }
    const first = points[0];
    const last = points.at(-1);
    const perSocketKiB = first && last && last.sockets > first.sockets ? (last.rssKiB - first.rssKiB) / (last.sockets - first.sockets) : 0;
    return { points, perSocketKiB: round(perSocketKiB, 2) };
  };
  const top = steps.at(-1) ?? 0;
  const target = await makeTarget("sqlite");
  const product = await startProduct({ label: "product-connections", databaseUrl: target.databaseUrl, limits: false, cpuProfDir: profileDir });
  const db = target.db();
  let real;
  try {
    const { cookies } = await seedSignedInUsers(db, top, `cn${Date.now().toString(36)}`);
    real = await measure(product, cookies);
  } finally {
    await db.close();
    await product.stop();
    await target.cleanup();
  }
  const freshBare = await startBare("bare-connections");
  let base;
  try {
    base = await measure(freshBare, Array.from({ length: top }, () => "authjs.session-token=none"));
  } finally {
    await freshBare.stop();
  }
  results.connections = { product: real, bare: base };
  const failed = real.points.reduce((sum, point) => sum + point.failed, 0);
  check(`connections: all ${top} authenticated sockets accepted`, failed === 0, `failed ${failed}`);
  steps.forEach((count, i) => {
    const p = real.points[i];
    const b = base.points[i];
    rows.push({
      scenario: "connections (SQLite)",
      metric: `${count} idle sockets: RSS; accept time of batch`,
      product: p ? `${round(p.rssKiB / 1024, 1)} MiB; ${ms(p.acceptMs)}` : "—",
      bare: b ? `${round(b.rssKiB / 1024, 1)} MiB; ${ms(b.acceptMs)}` : "—",
      ratio: p && b ? ratio(p.rssKiB, b.rssKiB) : "—",
      target: "—",
      met: "—",
    });
  });
  rows.push({
    scenario: "connections (SQLite)",
    metric: "RSS per idle authenticated socket",
    product: `${real.perSocketKiB} KiB`,
    bare: `${base.perSocketKiB} KiB`,
    ratio: ratio(real.perSocketKiB, base.perSocketKiB),
    ...judged("< 40 KiB", real.perSocketKiB < 40),
  });
}

function markdown(): string {
  const header = "| scenario | metric | product | bare | ratio | target | met |\n|---|---|---|---|---|---|---|\n";
  return header + rows.map((row) => `| ${row.scenario} | ${row.metric} | ${row.product} | ${row.bare} | ${row.ratio} | ${row.target} | ${row.met} |`).join("\n") + "\n";
}

async function main() {
  const hardStop = setTimeout(() => {
    process.stderr.write("bench: took longer than 30 minutes, giving up\n");
    process.exit(2);
  }, 30 * 60_000);
  hardStop.unref();
  const gen = new LoadGenerator(threads);
  try {
    if (databases.has("sqlite")) await benchDialect("sqlite", gen);
    if (databases.has("postgres") && benchDatabaseUrl()) await benchDialect("postgres", gen);
  } catch (err) {
    check("bench ran to the end", false, err instanceof Error ? (err.stack ?? err.message) : String(err));
  } finally {
    await bare?.stop();
    await gen.terminate();
  }
  if (profileDir) {
    try {
      results.profile = { dir: profileDir, top: summarizeProfileDir(profileDir, 25) };
    } catch (err) {
      log(`profile summary failed: ${(err as Error).message}`);
    }
  }
  results.elapsedS = round((performance.now() - started) / 1000, 1);
  results.checks = checks;
  results.table = rows;

  const dir = path.join("bench", "results");
  mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const name = `${quick ? "quick" : "full"}-${stamp}`;
  writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(results, null, 2));
  writeFileSync(path.join(dir, `${name}.md`), `# Discock bench ${results.startedAt as string}${quick ? " (quick)" : ""}\n\n${markdown()}`);
  process.stdout.write(`\n${markdown()}\nresults: ${path.join(dir, name)}.{json,md} (${results.elapsedS as number} s)\n`);
  if (profileDir && results.profile) {
    process.stdout.write(`\nCPU profile (${profileDir}), top self time:\n`);
    for (const line of (results.profile as { top: string[] }).top) process.stdout.write(`  ${line}\n`);
  }
  const passed = checks.filter((c) => c.pass).length;
  const failed = checks.length - passed;
  process.stdout.write(`bench: ${passed} passed, ${failed} failed\n`);
  process.exitCode = failed > 0 ? 1 : 0;
}

await main();
