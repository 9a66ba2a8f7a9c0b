import { createServer, type RequestListener, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as delay } from "node:timers/promises";
import next from "next";
import { CLIENT_IP_HEADER, clientIpOf } from "./lib/client-ip";
import { refuseCrossSiteWrite } from "./lib/cross-site";
import { openStore } from "./lib/db/open";
import { isStoreUnavailable, type Store } from "./lib/db/types";
import { ConfigError, loadEnvFiles, markProductionRuntime, readConfig, type Config } from "./lib/env";
import { createThrottles, messageRulesOf, roomQuotaOf } from "./lib/limits";
import { connectRedis, type RedisLink } from "./lib/redis";
import { installLogger, log } from "./lib/log";
import { seedDefaultRoom } from "./lib/chat/rooms";
import { createRealtime } from "./lib/realtime/server";
import { installRuntime } from "./lib/runtime";
import { trackConnections } from "./lib/http-connections";
import { timeRequest } from "./lib/request-timing";

const SOCKET_DRAIN_MS = 5_000;
const HTTP_DRAIN_MS = 3_000;
const SHUTDOWN_GRACE_MS = 12_000;
// A request head is a few KiB and a body at most 64 KiB (lib/http.ts): a client still sending after
// this long is trickling on purpose, holding a connection. Checked every second so the limits hold.
const KEEP_ALIVE_TIMEOUT_MS = 65_000;
const HEADERS_TIMEOUT_MS = 10_000;
const TIMEOUT_CHECK_INTERVAL_MS = 1_000;

class StartupError extends Error {
  override name = "StartupError";
}

function errorCode(err: unknown): string | undefined {
  let current: unknown = err;
  while (current instanceof Error) {
    if ("code" in current && typeof current.code === "string") return current.code;
    current = current.cause;
  }
  return undefined;
}

async function openDatabase(config: Config): Promise<Store> {
  const where =
    config.database.dialect === "sqlite"
      ? `the SQLite file ${config.database.file}`
      : `PostgreSQL at ${new URL(config.database.url).host}`;
  try {
    return await openStore(config.database);
  } catch (err) {
    const code = errorCode(err);
    const hint =
      config.database.dialect === "postgres"
        ? "start PostgreSQL or fix DATABASE_URL"
        : "check that the directory exists and is writable, or fix DATABASE_URL";
    const reason = isStoreUnavailable(err) || !(err instanceof Error) ? (code ?? "unreachable") : err.message;
    throw new StartupError(`cannot open ${where} (${reason}): ${hint}`, { cause: err });
  }
}

function listen(server: HttpServer, config: Config): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      const reason =
        err.code === "EADDRINUSE"
          ? `port ${config.port} is already in use: stop the other process or set PORT to a free port`
          : err.code === "EACCES"
            ? `not allowed to listen on port ${config.port}: choose a port above 1023 with PORT`
            : `cannot listen on ${config.host}:${config.port} (${err.code ?? err.message})`;
      reject(new StartupError(reason, { cause: err }));
    };
    server.once("error", onError);
    server.listen(config.port, config.host, () => {
      server.off("error", onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

const listensEverywhere = (host: string) => host === "0.0.0.0" || host === "::";

export async function startServer({ dev }: { dev: boolean }) {
  loadEnvFiles();
  const config = readConfig();
  if (!dev) markProductionRuntime();

  const store = await openDatabase(config);
  let handleRequest: RequestListener = (_request, response) => {
    response.writeHead(503, { "content-type": "application/json", "retry-after": "1" });
    response.end(JSON.stringify({ error: "Discock is starting", code: "starting" }));
  };
  let redis: RedisLink | undefined;
  const requestTimeout = config.requestTimeoutSeconds * 1000;
  // Node refuses a headers timeout longer than the request timeout (0 turns the latter off).
  const headersTimeout = requestTimeout > 0 ? Math.min(HEADERS_TIMEOUT_MS, requestTimeout) : HEADERS_TIMEOUT_MS;
  // An idle keep-alive connection is closed after 65 s, not Node's 5 s: a client reusing one just as the server
  // closes it gets ECONNRESET, and clients and proxies that do not retry (Playwright's, many load balancers)
  // close their own idle connections well before a minute, so they win that race.
  const timeouts = { requestTimeout, headersTimeout, keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS, connectionsCheckingInterval: TIMEOUT_CHECK_INTERVAL_MS };
  const httpServer = createServer(timeouts, (request, response) => {
    request.headers[CLIENT_IP_HEADER] = clientIpOf(request, config.trustProxy);
    timeRequest(request, response);
    // Before Next, so API routes, form routes and server actions share one check; /socket.io never gets here.
    if (refuseCrossSiteWrite(request, response, config)) return;
    handleRequest(request, response);
  });
  const connections = trackConnections(httpServer);
  try {
    await seedDefaultRoom(store);
    redis = config.redisUrl ? await connectRedis(config.redisUrl) : undefined;
    const throttles = createThrottles(config.limits, redis?.client);
    const realtime = createRealtime(httpServer, {
      store,
      throttles,
      roomQuota: roomQuotaOf(config.limits),
      messageRules: messageRulesOf(config.limits),
      redis,
      presenceRefreshSeconds: config.presenceRefreshSeconds,
      sessionCheckSeconds: config.sessionCheckSeconds,
      secret: config.secret,
      allowedOrigins: config.allowedOrigins,
      trustProxy: config.trustProxy,
      socketsPerUser: config.limits.socketsPerUser,
    });
    const link = redis;
    const redisState = link ? () => link.state() : () => "off" as const;
    installRuntime({ config, store, events: realtime.events, sessionEvents: realtime.sessionEvents, throttles, redisState });

    // Listen before Next starts: Next must be told the real port, which PORT=0 only reveals after listen.
    const port = await listen(httpServer, config);
    // Next calls itself at hostname:port to render a server action's redirect target, cookies included.
    const hostname = listensEverywhere(config.host) ? "127.0.0.1" : config.host;
    const app = next({ dev, dir: process.cwd(), hostname, port });
    try {
      await app.prepare();
    } catch (err) {
      const missingBuild = err instanceof Error && /production build/i.test(err.message);
      throw new StartupError(
        missingBuild ? "no production build in .next: run `npm run build` (npm start builds when needed)" : "Next.js failed to start",
        { cause: err },
      );
    }
    const handle = app.getRequestHandler();
    handleRequest = (request, response) => void handle(request, response);

    const url = `http://${listensEverywhere(config.host) ? "localhost" : config.host}:${port}`;
    log.info("Discock is ready", { url, database: store.dialect, mode: dev ? "development" : "production" });

    let closing: Promise<void> | undefined;
    const close = () =>
      (closing ??= (async () => {
        // Stop accepting connections; the callback fires once every open one has ended.
        const httpDrained = new Promise<void>((resolve) => httpServer.close(() => resolve()));
        connections.closeIdle();
        // io.close() inside waits for every HTTP connection to end too, so it shares the deadline.
        const realtimeClosed = realtime.shutdown(SOCKET_DRAIN_MS);
        await Promise.race([Promise.all([realtimeClosed, httpDrained]), delay(SOCKET_DRAIN_MS + HTTP_DRAIN_MS)]);
        httpServer.closeAllConnections();
        await realtimeClosed;
        await app.close();
        await redis?.close();
        await store.close();
      })());
    return { url, port, close };
  } catch (err) {
    httpServer.close();
    await redis?.close();
    await store.close();
    throw err;
  }
}

function describeStartupFailure(err: unknown): string {
  if (err instanceof ConfigError || err instanceof StartupError) return err.message;
  return `failed to start: ${err instanceof Error ? err.message : String(err)}`;
}

async function main() {
  const dev = process.argv.includes("--dev");
  installLogger({ pretty: dev });
  const started = startServer({ dev });

  // Registered before start-up finishes, so a signal that arrives early still ends in a clean close.
  const shutdown = (signal: string) => {
    log.info("shutting down", { signal });
    const timer = setTimeout(() => {
      log.error("shutdown took too long, exiting");
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    timer.unref();
    started
      .then((server) => server.close())
      .then(
        () => process.exit(0),
        (err: unknown) => {
          log.error("shutdown failed", err);
          process.exit(1);
        },
      );
  };
  // A bug in one handler must not take every user's connection down with it.
  process.on("unhandledRejection", (reason) => log.error("unhandled rejection", reason));
  process.once("SIGTERM", () => shutdown("SIGTERM"));
  process.once("SIGINT", () => shutdown("SIGINT"));

  try {
    await started;
  } catch (err) {
    if (!(err instanceof ConfigError || err instanceof StartupError)) log.error("startup failed", err);
    process.stderr.write(`discock: ${describeStartupFailure(err)}\n`);
    process.exit(1);
  }
}

await main();
