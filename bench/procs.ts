import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { TYPING_RELAY_SECONDS } from "../lib/limits";
import { childBaseEnv } from "./env";

export const BENCH_SECRET = "b".repeat(64);
const CLOCK_TICKS_PER_SECOND = 100;

export interface RunningProcess {
  label: string;
  url: string;
  pid: number;
  /** Process spawn to the first 200 from /api/health. */
  startupMs: number;
  child: ChildProcess;
  output(): string;
  stop(): Promise<number | null>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Resident set size in KiB, from /proc/<pid>/status VmRSS. */
export function rssKiB(pid: number): number {
  const match = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return match?.[1] ? Number(match[1]) : 0;
}

/** User + system CPU time of a process in milliseconds, from /proc/<pid>/stat. */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // After "pid (comm) ", field 0 is state; utime and stime are the 12th and 13th (1-based fields 14 and 15).
  const ticks = Number(fields[11] ?? 0) + Number(fields[12] ?? 0);
  return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`process exited with ${child.exitCode ?? child.signalCode}`);
    try {
      const response = await fetch(new URL("/api/health", url), { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      if (response.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await delay(5);
  }
  throw new Error(`no 200 from ${url}/api/health within ${timeoutMs} ms`);
}

/** Every child still running; killed if the bench itself exits early (a crash must not leave servers behind). */
const running = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

function track(label: string, child: ChildProcess, url: string, started: number) {
  running.add(child);
  child.once("exit", () => running.delete(child));
  let output = "";
  const keep = (chunk: Buffer) => {
    // Keep the tail only: a long run must not grow this without bound.
    output = (output + chunk.toString()).slice(-64 * 1024);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    const killer = setTimeout(() => child.kill("SIGKILL"), 20_000);
    const code = await exited;
    clearTimeout(killer);
    return code;
  };
  return { label, url, pid: child.pid ?? 0, child, output: () => output, stop, started };
}

export interface ProductOptions {
  label: string;
  databaseUrl: string;
  limits: boolean;
  cpuProfDir?: string;
}

/** The production server exactly as `npm start` runs it: `node dist/server.js` from the repo root, NODE_ENV unset. */
export async function startProduct(options: ProductOptions): Promise<RunningProcess> {
  const port = await freePort();
  const env: Record<string, string> = {
    ...childBaseEnv(),
    NEXT_TELEMETRY_DISABLED: "1",
    PORT: String(port),
    HOST: "127.0.0.1",
    SECRET_KEY: BENCH_SECRET,
    DATABASE_URL: options.databaseUrl,
  };
  if (!options.limits) {
    env.RATE_LIMIT_MESSAGES = "0";
    env.MAX_SOCKETS_PER_USER = "0";
  }
  const args = options.cpuProfDir ? ["--cpu-prof", `--cpu-prof-dir=${options.cpuProfDir}`, "dist/server.js"] : ["dist/server.js"];
  const started = performance.now();
  // NODE_ENV stays unset, as under `npm start`; Node's types insist on the key.
  const child = spawn(process.execPath, args, { cwd: process.cwd(), env: env as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"] });
  const url = `http://127.0.0.1:${port}`;
  const tracked = track(options.label, child, url, started);
  try {
    await waitForHealth(url, child, 60_000);
  } catch (err) {
    await tracked.stop();
    throw new Error(`${options.label}: ${(err as Error).message}\n${tracked.output()}`);
  }
  return { ...tracked, startupMs: performance.now() - started };
}

export async function startBare(label = "bare"): Promise<RunningProcess> {
  const started = performance.now();
  const child = spawn(process.execPath, ["--import", "tsx", path.join("bench", "bare-server.ts"), `--typing-relay-seconds=${TYPING_RELAY_SECONDS}`], {
    cwd: process.cwd(),
    env: childBaseEnv() as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let seen = "";
    const timer = setTimeout(() => reject(new Error(`bare server not ready:\n${seen}`)), 30_000);
    child.stdout.on("data", (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /"url":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(seen);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`bare server exited with ${code}:\n${seen}`));
    });
  });
  const tracked = track(label, child, url, started);
  await waitForHealth(url, child, 10_000);
  return { ...tracked, startupMs: performance.now() - started };
}
