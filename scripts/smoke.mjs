// Smoke test of the production start path, the one the Docker image uses.
//
//   node scripts/smoke.mjs APP_DIR        (APP_DIR laid out by scripts/prod-copy.sh)
//
// Reads the Dockerfile's runtime stage (ENV, CMD, HEALTHCHECK, STOPSIGNAL, EXPOSE) and starts APP_DIR
// exactly as the container would: the CMD, from APP_DIR as the working directory, in a clean
// environment made of the image's ENV plus what an operator passes (SECRET_KEY) and a free PORT and a
// temporary DATABASE_URL. Then it checks what a first visitor does, the image's own HEALTHCHECK, and a
// clean SIGTERM shutdown. Runs on SQLite, and on PostgreSQL too when TEST_DATABASE_URL is set (a fresh
// database, dropped afterwards). Ends with "smoke: N passed, N failed"; exits 1 on any failure.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const appDir = path.resolve(process.argv[2] ?? "");
if (!process.argv[2] || !existsSync(path.join(appDir, "dist", "server.js"))) {
  console.error("usage: node scripts/smoke.mjs APP_DIR   (APP_DIR made by scripts/prod-copy.sh)");
  process.exit(2);
}
// Dependencies come from the app copy: its production node_modules hold both.
const requireFromApp = (await import("node:module")).createRequire(path.join(appDir, "package.json"));
const { io } = requireFromApp("socket.io-client");
const postgres = requireFromApp("postgres");

const STARTUP_TIMEOUT_MS = 30_000;
const SHUTDOWN_LIMIT_MS = 10_000;
const DEFAULT_ROOM = "Общий чат";

// ---------------------------------------------------------------- the Dockerfile's runtime stage

/** The last stage of the Dockerfile, as instructions with continuation lines joined. */
function runtimeStage(file) {
  const text = readFileSync(file, "utf8").replace(/\\\r?\n/g, " ");
  const lines = text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line && !line.startsWith("#"));
  const lastFrom = lines.findLastIndex((line) => /^FROM\s/i.test(line));
  const args = Object.fromEntries(
    lines
      .slice(0, lastFrom + 1)
      .filter((line) => /^ARG\s/i.test(line))
      .map((line) => line.slice(4).trim().split("="))
      .map(([key, value = ""]) => [key, value.replace(/^"|"$/g, "")]),
  );
  const stage = lines.slice(lastFrom);
  const instruction = (name) => stage.filter((line) => line.toUpperCase().startsWith(name + " ")).map((line) => line.slice(name.length).trim());
  const env = {};
  for (const body of instruction("ENV")) {
    for (const [, key, quoted, bare] of body.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=(?:"([^"]*)"|(\S*))/g)) env[key] = quoted ?? bare;
  }
  const exec = (body) => {
    const parsed = JSON.parse(body);
    if (!Array.isArray(parsed)) throw new Error(`not exec form: ${body}`);
    return parsed;
  };
  const cmd = instruction("CMD").at(-1);
  const healthcheck = instruction("HEALTHCHECK").at(-1);
  const healthCmd = healthcheck && /\bCMD\s+(\[.*\])\s*$/.exec(healthcheck)?.[1];
  return {
    from: stage[0].slice(5).trim().replace(/\s+AS\s+\S+$/i, "").replace(/\$\{(\w+)\}|\$(\w+)/g, (_, a, b) => args[a ?? b] ?? ""),
    env,
    workdir: instruction("WORKDIR").at(-1),
    cmd: cmd ? exec(cmd) : undefined,
    healthcheck: healthCmd ? exec(healthCmd) : undefined,
    stopSignal: instruction("STOPSIGNAL").at(-1) ?? "SIGTERM",
    user: instruction("USER").at(-1),
    expose: instruction("EXPOSE").map((ports) => ports.split(/\s+/)).flat(),
  };
}

// ---------------------------------------------------------------- helpers

let passed = 0;
let failed = 0;
async function check(name, fn) {
  const started = Date.now();
  try {
    const detail = await fn();
    passed++;
    console.log(`  ok   ${name}${detail ? ` (${detail})` : ""} [${Date.now() - started} ms]`);
    return true;
  } catch (err) {
    failed++;
    console.log(`  FAIL ${name}: ${err instanceof Error ? err.message : String(err)}`);
    return false;
  }
}

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** Cookies as a browser keeps them (name=value), enough to replay a session. */
class CookieJar {
  cookies = new Map();
  store(response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const separator = pair.indexOf("=");
      const name = pair.slice(0, separator);
      const value = pair.slice(separator + 1);
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(line) || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  names() {
    return [...this.cookies.keys()];
  }
  header() {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }
}

const HIDDEN_INPUT = /<input type="hidden" name="([^"]+)"(?: value="([^"]*)")?\/>/g;
const unescapeHtml = (value) =>
  value.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

/** Submits a page's form as a browser without JavaScript does (see test/support/http.ts#submitForm). */
async function submitForm(baseUrl, page, fields, jar) {
  const html = await (await fetch(new URL(page, baseUrl), { headers: { cookie: jar.header() } })).text();
  // The page's first form is its own; the language switch after it names an action of its own.
  const firstForm = html.split("<form")[1]?.split("</form>")[0] ?? "";
  const form = new FormData();
  let hidden = 0;
  for (const [, name = "", value = ""] of firstForm.matchAll(HIDDEN_INPUT)) {
    form.append(name, unescapeHtml(value));
    hidden++;
  }
  assert(hidden > 0, `${page} has no hidden server-action inputs`);
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  const response = await fetch(new URL(page, baseUrl), {
    method: "POST",
    body: form,
    redirect: "manual",
    headers: { cookie: jar.header() },
  });
  jar.store(response);
  return response;
}

/** Runs a command (exec form) and resolves to its exit code, or rejects after `ms`. */
function runCommand(argv, { cwd, env, ms }) {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0] === "node" ? process.execPath : argv[0], argv.slice(1), { cwd, env, ...runAs, stdio: "ignore" });
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${argv[0]} took longer than ${ms} ms`));
    }, ms);
    child.once("error", reject);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

// ---------------------------------------------------------------- one server, one database

class AppProcess {
  output = "";
  constructor(argv, { cwd, env, stopSignal }) {
    this.stopSignal = stopSignal;
    // "node" in the image is the image's Node; here it is the Node that runs this script.
    this.child = spawn(argv[0] === "node" ? process.execPath : argv[0], argv.slice(1), {
      cwd,
      env,
      ...runAs,
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.child.stdout.on("data", (chunk) => (this.output += chunk));
    this.child.stderr.on("data", (chunk) => (this.output += chunk));
    this.exited = new Promise((resolve) => this.child.once("exit", (code, signal) => resolve({ code, signal })));
  }
  running() {
    return this.child.exitCode === null && this.child.signalCode === null;
  }
  /** Sends the image's STOPSIGNAL, as `docker stop` does, and waits for the exit (SIGKILL after `ms`). */
  async stop(ms = SHUTDOWN_LIMIT_MS) {
    if (!this.running()) return { ...(await this.exited), ms: 0 };
    const started = Date.now();
    this.child.kill(this.stopSignal);
    const result = await Promise.race([this.exited, delay(ms).then(() => undefined)]);
    if (result) return { ...result, ms: Date.now() - started };
    this.child.kill("SIGKILL");
    await this.exited;
    return { code: null, signal: "SIGKILL", ms: Date.now() - started, timedOut: true };
  }
  tail(lines = 15) {
    return this.output.trim().split("\n").slice(-lines).join("\n");
  }
}

async function waitForHealth(baseUrl, app) {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  let last = "no answer";
  while (Date.now() < deadline) {
    if (!app.running()) throw new Error(`server exited (${JSON.stringify(await app.exited)}) before it was healthy:\n${app.tail()}`);
    try {
      const response = await fetch(new URL("/api/health", baseUrl), { signal: AbortSignal.timeout(2_000) });
      last = `${response.status} ${await response.text()}`;
      if (response.status === 200) return last;
    } catch (err) {
      last = err.cause?.code ?? err.message;
    }
    await delay(100);
  }
  throw new Error(`/api/health not 200 within ${STARTUP_TIMEOUT_MS} ms (last: ${last}):\n${app.tail()}`);
}

function connectSocket(baseUrl, jar) {
  return new Promise((resolve, reject) => {
    const socket = io(baseUrl, {
      transports: ["websocket"],
      extraHeaders: { cookie: jar.header() },
      reconnection: false,
      forceNew: true,
      timeout: 5_000,
    });
    const timer = setTimeout(() => {
      socket.close();
      reject(new Error("no `connected` event within 5 s"));
    }, 5_000);
    socket.once("connected", (payload) => {
      clearTimeout(timer);
      resolve({ socket, payload });
    });
    socket.once("connect_error", (err) => {
      clearTimeout(timer);
      socket.close();
      reject(new Error(`connect_error: ${err.message}`));
    });
  });
}

async function smoke(label, stage, databaseUrl, dataDir, extraEnv = {}) {
  // The image's /data volume belongs to its USER.
  if (runAs) chownSync(dataDir, runAs.uid, runAs.gid);
  console.log(`smoke [${label}]: ${stage.cmd.join(" ")} in ${appDir}${runAs ? ` as uid ${runAs.uid}` : ""}`);
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  // The container's environment: the image's ENV, then what `docker run -e` adds. Nothing from ours.
  const env = {
    PATH: process.env.PATH,
    HOME: dataDir,
    ...stage.env,
    PORT: String(port),
    DATABASE_URL: databaseUrl,
    SECRET_KEY: randomBytes(32).toString("hex"),
    ...extraEnv,
  };
  const options = { cwd: appDir, env, stopSignal: stage.stopSignal };
  let app = new AppProcess(stage.cmd, options);
  const user = { username: `smoke_${randomBytes(4).toString("hex")}`, password: `pw-${randomBytes(6).toString("hex")}` };
  const jar = new CookieJar();
  try {
    const started = Date.now();
    const healthy = await check("starts and /api/health answers 200", async () => {
      const body = await waitForHealth(baseUrl, app);
      // With REDIS_URL (compose's topology) the adapter must be up, not merely tolerated ("degraded").
      if (env.REDIS_URL) assert(/"status":"ok"/.test(body) && !/"redis":"(off|unavailable)"/.test(body), `with REDIS_URL: ${body}`);
      return `${Date.now() - started} ms to healthy: ${body}`;
    });
    if (!healthy) return;

    if (stage.healthcheck) {
      await check("the image's HEALTHCHECK command exits 0", async () => {
        const code = await runCommand(stage.healthcheck, { cwd: appDir, env, ms: 10_000 });
        assert(code === 0, `exit code ${code}`);
      });
    }

    await check("GET / redirects to /login", async () => {
      const response = await fetch(new URL("/", baseUrl), { redirect: "manual" });
      const location = response.headers.get("location") ?? "";
      assert(response.status >= 300 && response.status < 400, `status ${response.status}`);
      assert(/^(https?:\/\/[^/]+)?\/login\b/.test(location), `location ${location}`);
      return `${response.status} -> ${location}`;
    });

    let loginHtml = "";
    await check("GET /login is 200 with CSP and security headers, no X-Powered-By", async () => {
      const response = await fetch(new URL("/login", baseUrl));
      loginHtml = await response.text();
      assert(response.status === 200, `status ${response.status}`);
      const csp = response.headers.get("content-security-policy") ?? "";
      assert(/script-src [^;]*'nonce-/.test(csp), `content-security-policy: ${csp || "missing"}`);
      assert(response.headers.get("x-frame-options") === "DENY", `x-frame-options: ${response.headers.get("x-frame-options")}`);
      // poweredByHeader comes from next.config.js at run time: proves the runtime copy loads it.
      assert(!response.headers.has("x-powered-by"), `x-powered-by: ${response.headers.get("x-powered-by")}`);
      assert(/name="username"/.test(loginHtml) && /name="password"/.test(loginHtml), "no login form");
    });

    await check("the page's /_next/static assets are served", async () => {
      const assets = [...loginHtml.matchAll(/(?:src|href)="(\/_next\/static\/[^"]+)"/g)].map((match) => match[1]);
      assert(assets.length > 0, "no /_next/static reference in /login");
      for (const asset of new Set(assets)) {
        const response = await fetch(new URL(asset, baseUrl));
        await response.arrayBuffer();
        assert(response.status === 200, `${asset}: ${response.status}`);
      }
      return `${new Set(assets).size} assets`;
    });

    const registered = await check("registering through the /register form signs in", async () => {
      const response = await submitForm(
        baseUrl,
        "/register",
        {
          username: user.username,
          email: `${user.username}@example.com`,
          password: user.password,
          password_confirm: user.password,
          city: "Новосибирск",
        },
        jar,
      );
      assert(response.status === 303, `status ${response.status}`);
      assert(jar.names().some((name) => name.startsWith("authjs.session-token")), `cookies: ${jar.names().join(", ") || "none"}`);
      return `303 -> ${response.headers.get("location")}`;
    });

    if (registered) {
      await check(`the session reaches /api/rooms (200, «${DEFAULT_ROOM}»)`, async () => {
        const response = await fetch(new URL("/api/rooms", baseUrl), { headers: { cookie: jar.header() } });
        const body = await response.text();
        assert(response.status === 200, `status ${response.status}: ${body.slice(0, 200)}`);
        assert(body.includes(DEFAULT_ROOM), `no «${DEFAULT_ROOM}» in ${body.slice(0, 200)}`);
      });

      await check("a socket.io-client with the session cookie gets `connected`", async () => {
        const { socket, payload } = await connectSocket(baseUrl, jar);
        socket.close();
        assert(payload?.username === user.username, `connected as ${JSON.stringify(payload)}`);
        return `as ${payload.username}`;
      });
    }

    await check(`${stage.stopSignal} -> exit code 0 within ${SHUTDOWN_LIMIT_MS / 1000} s`, async () => {
      const { code, signal, ms, timedOut } = await app.stop();
      assert(!timedOut, `still running after ${SHUTDOWN_LIMIT_MS} ms:\n${app.tail()}`);
      assert(code === 0, `exit code ${code}${signal ? ` (signal ${signal})` : ""}:\n${app.tail()}`);
      return `${ms} ms`;
    });

    // A container restart on the same volume (or database): migrations are a no-op, the room is not
    // seeded twice, and the account and its session survive.
    app = new AppProcess(stage.cmd, options);
    await check("restart on the same database keeps the account and its session", async () => {
      await waitForHealth(baseUrl, app);
      const response = await fetch(new URL("/api/rooms", baseUrl), { headers: { cookie: jar.header() } });
      const body = await response.text();
      assert(response.status === 200, `status ${response.status}: ${body.slice(0, 200)}`);
      assert(body.split(DEFAULT_ROOM).length - 1 === 1, `«${DEFAULT_ROOM}» not exactly once: ${body.slice(0, 300)}`);
      const { code } = await app.stop();
      assert(code === 0, `second stop exited ${code}`);
    });
  } finally {
    if (app.running()) await app.stop(2_000);
  }
}

// ---------------------------------------------------------------- main

const stage = runtimeStage(path.join(root, "Dockerfile"));
// The image runs as its USER (`node` is uid 1000 in the official images) over root-owned code, with
// only .next (COPY --chown) and /data writable. As root, do the same here; otherwise run as we are.
const IMAGE_USERS = { node: { uid: 1000, gid: 1000 } };
const runAs = process.getuid?.() === 0 && stage.user && stage.user !== "root" ? (IMAGE_USERS[stage.user] ?? undefined) : undefined;
if (runAs) {
  const owned = spawnSync("chown", ["-R", `${runAs.uid}:${runAs.gid}`, path.join(appDir, ".next")], { stdio: "inherit" });
  if (owned.status !== 0) process.exit(2);
}
const setupOk = await check("the Dockerfile's runtime stage is what this smoke mirrors", () => {
  assert(stage.cmd, "no CMD in exec form");
  assert(!stage.user || stage.user === "root" || IMAGE_USERS[stage.user], `USER ${stage.user}: add its uid to IMAGE_USERS`);
  assert(stage.env.NODE_ENV === "production", `ENV NODE_ENV is ${stage.env.NODE_ENV}`);
  assert(stage.expose.includes(stage.env.PORT), `EXPOSE ${stage.expose.join(" ")} is not ENV PORT ${stage.env.PORT}`);
  // The image and CI must run the same Node major, or this smoke proves nothing about the image.
  const imageMajor = /^node:(\d+)/.exec(stage.from)?.[1];
  const ourMajor = process.versions.node.split(".")[0];
  assert(imageMajor === ourMajor, `image ${stage.from} vs. Node ${process.versions.node} here`);
  return `${stage.from}, USER ${stage.user ?? "root"}, WORKDIR ${stage.workdir}, CMD ${JSON.stringify(stage.cmd)}`;
});

const started = Date.now();
if (setupOk) {
  const sqliteDir = mkdtempSync(path.join(tmpdir(), "discock-smoke-"));
  try {
    // Like the image's volume: an absolute path in an otherwise empty data directory.
    await smoke("sqlite", stage, `sqlite:///${path.join(sqliteDir, "discock.db")}`, sqliteDir);
  } finally {
    rmSync(sqliteDir, { recursive: true, force: true });
  }

  if (process.env.TEST_DATABASE_URL) {
    const name = `discock_smoke_${randomBytes(5).toString("hex")}`;
    const admin = postgres(process.env.TEST_DATABASE_URL, { max: 1, onnotice: () => {} });
    const pgDir = mkdtempSync(path.join(tmpdir(), "discock-smoke-pg-"));
    try {
      await admin.unsafe(`create database ${name}`);
      const url = new URL(process.env.TEST_DATABASE_URL);
      url.pathname = `/${name}`;
      // Compose's topology: PostgreSQL, and Redis for the Socket.IO adapter when CI runs one.
      const redis = process.env.TEST_REDIS_URL;
      await smoke(redis ? "postgres+redis" : "postgres", stage, url.toString(), pgDir, redis ? { REDIS_URL: redis } : {});
    } catch (err) {
      await check("PostgreSQL smoke database", () => {
        throw err;
      });
    } finally {
      await admin.unsafe(`drop database if exists ${name} with (force)`).catch(() => {});
      await admin.end({ timeout: 5 });
      rmSync(pgDir, { recursive: true, force: true });
    }
  } else {
    console.log("smoke [postgres]: skipped, TEST_DATABASE_URL is not set");
  }
}

console.log(`smoke: ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`smoke: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
