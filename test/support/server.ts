import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export const TEST_SECRET = "a".repeat(64);

export interface RunningServer {
  url: string;
  port: number;
  dir: string;
  databaseFile: string;
  process: ChildProcess;
  output: () => string;
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
}

export interface ExitedServer {
  code: number | null;
  stdout: string;
  stderr: string;
}

function serverEnv(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  // A clean environment: the developer's own .env or DATABASE_URL must not leak into a test server.
  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NEXT_TELEMETRY_DISABLED: "1",
    PORT: "0",
    HOST: "127.0.0.1",
    SECRET_KEY: TEST_SECRET,
    // Suites register many users and send fast from one address; test/limits.test.ts turns these back on.
    RATE_LIMIT_MESSAGES: "0",
    RATE_LIMIT_REGISTRATIONS_PER_IP: "0",
    RATE_LIMIT_LOGIN_PER_IP: "0",
  };
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  // Next's types declare NODE_ENV as always present; a server started like `npm start` has none.
  return env as NodeJS.ProcessEnv;
}

/** The URL from the JSON log line the server writes once it listens. */
export function readyUrl(output: string): string | undefined {
  for (const line of output.split("\n")) {
    if (!line.includes("Discock is ready")) continue;
    try {
      const entry = JSON.parse(line) as { message?: string; url?: string };
      if (entry.message === "Discock is ready" && entry.url) return entry.url;
    } catch {
      // A partial line; the rest arrives with the next chunk.
    }
  }
  return undefined;
}

/** Runs the built server the way `npm start` and the container do: `node dist/server.js` from the repo root. */
function spawnServer(env: NodeJS.ProcessEnv) {
  return spawn(process.execPath, ["dist/server.js"], { cwd: process.cwd(), env, stdio: ["ignore", "pipe", "pipe"] });
}

export function makeTempDir(prefix = "discock-test-"): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

export async function startServer(
  options: { env?: Record<string, string | undefined>; dir?: string } = {},
): Promise<RunningServer> {
  const dir = options.dir ?? makeTempDir();
  const databaseFile = path.join(dir, "discock.db");
  const child = spawnServer(serverEnv({ DATABASE_URL: `sqlite:///${databaseFile}`, ...options.env }));
  let output = "";
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));

  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const url = readyUrl(output);
      if (url) resolve(url);
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    void exited.then((code) => reject(new Error(`server exited with ${code} before it was ready:\n${output}`)));
  });

  return {
    url,
    port: Number(new URL(url).port),
    dir,
    databaseFile,
    process: child,
    output: () => output,
    async stop(signal = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const code = await exited;
      if (!options.dir) rmSync(dir, { recursive: true, force: true });
      return code;
    },
  };
}

/** Starts the server expecting it to refuse, and returns what it printed. */
export function runServerToExit(env: Record<string, string | undefined>, cwd?: string): Promise<ExitedServer> {
  const child = spawn(process.execPath, [path.resolve("dist/server.js")], {
    cwd: cwd ?? process.cwd(),
    env: serverEnv(env),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
  return new Promise((resolve) =>
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    }),
  );
}
