import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import nextEnv from "@next/env";
import { z } from "zod";
import type { Locale } from "./i18n/locale";

export class ConfigError extends Error {
  override name = "ConfigError";
}

export type DatabaseConfig =
  | { dialect: "sqlite"; file: string }
  | { dialect: "postgres"; url: string };

export interface Config {
  production: boolean;
  database: DatabaseConfig;
  secret: string;
  port: number;
  host: string;
  /** Origins besides the app's own that may open a socket (a proxy in front, a second hostname). */
  allowedOrigins: string[];
  /** Behind a reverse proxy: take the client address from the last X-Forwarded-For entry. */
  trustProxy: boolean;
  /** When set, instances share rooms, presence and limits through this Redis. */
  redisUrl: string | undefined;
  /** How often each instance re-sends presence lists, so people on a dead instance do not linger. */
  presenceRefreshSeconds: number;
  sessionCheckSeconds: number;
  /** /api/metrics answers only with this bearer token; without one the endpoint does not exist. */
  metricsToken: string | undefined;
  /** How long a client may take to send one whole HTTP request, head and body; 0 waits for ever. */
  requestTimeoutSeconds: number;
  limits: Limits;
}

/** Every abuse limit in one place; 0 turns a limit off (load tests, trusted deployments). */
export interface Limits {
  /** Messages one user may send per window, and the window in seconds. */
  messagesPerWindow: number;
  messageWindowSeconds: number;
  /** Failed logins per username, and per IP address, in 15 minutes. */
  loginFailuresPerUsername: number;
  loginFailuresPerIp: number;
  /** New accounts per IP address per hour. */
  registrationsPerIp: number;
  /** Open sockets per user (tabs and devices together). */
  socketsPerUser: number;
  /** Rooms one user may create per hour. */
  roomsPerHour: number;
  /** Rooms one user may own at once, and rooms in all. */
  roomsPerUser: number;
  roomsTotal: number;
  /** How long after sending its author may edit a message; 0 is forever. */
  messageEditWindowSeconds: number;
}

const DEFAULT_DATABASE_URL = "sqlite:///discock.db";
const SECRET_FILE = ".discock-secret";
const MIN_SECRET_LENGTH = 32;

const emptyAsUndefined = (value: unknown) => (value === "" ? undefined : value);

const limit = (name: string, fallback: number) =>
  z.preprocess(
    emptyAsUndefined,
    z.coerce
      .number({ error: `${name} must be a whole number (0 turns the limit off)` })
      .int(`${name} must be a whole number (0 turns the limit off)`)
      .min(0, `${name} must be 0 or more (0 turns the limit off)`)
      .default(fallback),
  );

const rawSchema = z.object({
  NODE_ENV: z.preprocess(emptyAsUndefined, z.enum(["development", "production", "test"]).optional()),
  DATABASE_URL: z.preprocess(emptyAsUndefined, z.string().default(DEFAULT_DATABASE_URL)),
  SECRET_KEY: z.preprocess(emptyAsUndefined, z.string().optional()),
  AUTH_SECRET: z.preprocess(emptyAsUndefined, z.string().optional()),
  PORT: z.preprocess(
    emptyAsUndefined,
    z.coerce
      .number({ error: "PORT must be a number between 0 and 65535" })
      .int("PORT must be a whole number")
      .min(0, "PORT must be between 0 and 65535")
      .max(65535, "PORT must be between 0 and 65535")
      .default(5000),
  ),
  HOST: z.preprocess(emptyAsUndefined, z.string().default("0.0.0.0")),
  ALLOWED_ORIGINS: z.preprocess(emptyAsUndefined, z.string().default("")),
  TRUST_PROXY: z.preprocess(
    emptyAsUndefined,
    z.enum(["true", "false", "1", "0"], { error: "TRUST_PROXY must be true or false" }).default("false"),
  ),
  REDIS_URL: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^rediss?:\/\/[^\s]+$/, "REDIS_URL must look like redis://host:6379 or rediss://user:password@host:6380")
      .optional(),
  ),
  PRESENCE_REFRESH_SECONDS: limit("PRESENCE_REFRESH_SECONDS", 15),
  SESSION_CHECK_SECONDS: limit("SESSION_CHECK_SECONDS", 5),
  REQUEST_TIMEOUT_SECONDS: limit("REQUEST_TIMEOUT_SECONDS", 30),
  METRICS_TOKEN: z.preprocess(emptyAsUndefined, z.string().min(16, "METRICS_TOKEN must be at least 16 characters").optional()),
  RATE_LIMIT_MESSAGES: limit("RATE_LIMIT_MESSAGES", 5),
  RATE_LIMIT_MESSAGES_WINDOW: limit("RATE_LIMIT_MESSAGES_WINDOW", 5),
  RATE_LIMIT_LOGIN_PER_USERNAME: limit("RATE_LIMIT_LOGIN_PER_USERNAME", 10),
  RATE_LIMIT_LOGIN_PER_IP: limit("RATE_LIMIT_LOGIN_PER_IP", 50),
  RATE_LIMIT_REGISTRATIONS_PER_IP: limit("RATE_LIMIT_REGISTRATIONS_PER_IP", 10),
  MAX_SOCKETS_PER_USER: limit("MAX_SOCKETS_PER_USER", 20),
  RATE_LIMIT_ROOMS: limit("RATE_LIMIT_ROOMS", 20),
  MAX_ROOMS_PER_USER: limit("MAX_ROOMS_PER_USER", 100),
  MAX_ROOMS: limit("MAX_ROOMS", 10_000),
  MESSAGE_EDIT_WINDOW_SECONDS: limit("MESSAGE_EDIT_WINDOW_SECONDS", 0),
});

/** Reads `.env` (and Next's other env files) into the process, as the original app did with python-dotenv. */
export function loadEnvFiles(dir = process.cwd()): void {
  nextEnv.loadEnvConfig(dir, false, { info: () => {}, error: (...args: unknown[]) => console.error(...args) });
}

export function parseDatabaseUrl(raw: string, cwd = process.cwd()): DatabaseConfig {
  const example = "use sqlite:///discock.db, sqlite:////absolute/path.db or postgresql://user:password@host:5432/dbname";
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(raw)?.[1]?.toLowerCase();
  if (scheme === "sqlite") {
    const match = /^sqlite:\/\/\/(.+)$/i.exec(raw);
    if (!match?.[1]) throw new ConfigError(`DATABASE_URL "${raw}" has no SQLite file path: ${example}`);
    return { dialect: "sqlite", file: path.resolve(cwd, match[1]) };
  }
  if (scheme === "postgres" || scheme === "postgresql") {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new ConfigError(`DATABASE_URL is not a valid PostgreSQL URL: ${example}`);
    }
    if (!url.hostname || url.pathname.length <= 1) {
      throw new ConfigError(`DATABASE_URL must name a PostgreSQL host and database: ${example}`);
    }
    return { dialect: "postgres", url: raw };
  }
  const shown = scheme ? `a "${scheme}:" URL` : `"${raw.slice(0, 40)}"`;
  throw new ConfigError(`DATABASE_URL is ${shown}, which Discock cannot use: ${example}`);
}

function secretFileFor(database: DatabaseConfig, cwd: string) {
  const dir = database.dialect === "sqlite" ? path.dirname(database.file) : cwd;
  return path.join(dir, SECRET_FILE);
}

function resolveSecret(given: string | undefined, production: boolean, database: DatabaseConfig, cwd: string) {
  if (given !== undefined) {
    if (given.length < MIN_SECRET_LENGTH) {
      throw new ConfigError(
        `SECRET_KEY is too short (${given.length} characters, need at least ${MIN_SECRET_LENGTH}): generate one with "openssl rand -hex 32"`,
      );
    }
    return given;
  }
  if (production) {
    throw new ConfigError(
      'SECRET_KEY is required when NODE_ENV=production: generate one with "openssl rand -hex 32" and set SECRET_KEY',
    );
  }
  // Development keeps one generated secret so sessions survive restarts without any setup.
  const file = secretFileFor(database, cwd);
  if (existsSync(file)) {
    const stored = readFileSync(file, "utf8").trim();
    if (stored.length >= MIN_SECRET_LENGTH) return stored;
  }
  const secret = randomBytes(32).toString("hex");
  try {
    writeFileSync(file, secret + "\n", { mode: 0o600 });
  } catch (err) {
    throw new ConfigError(`cannot write the development secret to ${file} (${(err as Error).message}): set SECRET_KEY instead`);
  }
  return secret;
}

export function readConfig(source: Record<string, string | undefined> = process.env, cwd = process.cwd()): Config {
  const parsed = rawSchema.safeParse(source);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(issue ? `${issue.path.join(".")}: ${issue.message}` : "invalid environment");
  }
  const env = parsed.data;
  const production = env.NODE_ENV === "production";
  const database = parseDatabaseUrl(env.DATABASE_URL, cwd);
  const allowedOrigins = env.ALLOWED_ORIGINS.split(",")
    .map((origin) => origin.trim())
    .filter(Boolean)
    .map((origin) => {
      try {
        return new URL(origin).origin;
      } catch {
        throw new ConfigError(`ALLOWED_ORIGINS has "${origin}", which is not an origin like https://chat.example.com`);
      }
    });
  return {
    production,
    database,
    secret: resolveSecret(env.SECRET_KEY ?? env.AUTH_SECRET, production, database, cwd),
    port: env.PORT,
    host: env.HOST,
    allowedOrigins,
    trustProxy: env.TRUST_PROXY === "true" || env.TRUST_PROXY === "1",
    redisUrl: env.REDIS_URL,
    presenceRefreshSeconds: env.PRESENCE_REFRESH_SECONDS,
    metricsToken: env.METRICS_TOKEN,
    sessionCheckSeconds: env.SESSION_CHECK_SECONDS,
    requestTimeoutSeconds: env.REQUEST_TIMEOUT_SECONDS,
    limits: {
      messagesPerWindow: env.RATE_LIMIT_MESSAGES,
      messageWindowSeconds: env.RATE_LIMIT_MESSAGES_WINDOW,
      loginFailuresPerUsername: env.RATE_LIMIT_LOGIN_PER_USERNAME,
      loginFailuresPerIp: env.RATE_LIMIT_LOGIN_PER_IP,
      registrationsPerIp: env.RATE_LIMIT_REGISTRATIONS_PER_IP,
      socketsPerUser: env.MAX_SOCKETS_PER_USER,
      roomsPerHour: env.RATE_LIMIT_ROOMS,
      roomsPerUser: env.MAX_ROOMS_PER_USER,
      roomsTotal: env.MAX_ROOMS,
      messageEditWindowSeconds: env.MESSAGE_EDIT_WINDOW_SECONDS,
    },
  };
}

/** Next picks its production React build from NODE_ENV, which the operator may leave unset for `npm start`. */
export function markProductionRuntime(): void {
  (process.env as Record<string, string | undefined>).NODE_ENV ??= "production";
}

/** Whether this is Next's development build (hot reload), which needs eval for its tooling. */
export function isDevelopmentBuild(): boolean {
  return process.env.NODE_ENV === "development";
}

/** The shell's language, for the admin CLI's refusals: Russian under a ru_* locale, else English like the rest of that tool. */
export function operatorLocale(env: Record<string, string | undefined> = process.env): Locale {
  const shell = env.LC_ALL || env.LC_MESSAGES || env.LANG || "";
  return shell.toLowerCase().startsWith("ru") ? "ru" : "en";
}
