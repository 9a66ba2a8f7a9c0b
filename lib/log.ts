import { formatWithOptions, stripVTControlCharacters } from "node:util";
import pino, { type Logger } from "pino";

type Fields = Record<string, unknown>;

/** Never written, whatever a caller passes along: credentials and session material. */
const REDACT = [
  "password",
  "password_confirm",
  "passwordHash",
  "secret",
  "cookie",
  "authorization",
  "*.password",
  "*.cookie",
  "*.authorization",
  "headers.cookie",
  "headers.authorization",
];

const OPTIONS = {
  base: { pid: process.pid },
  messageKey: "message",
  timestamp: pino.stdTimeFunctions.isoTime,
  formatters: { level: (label: string) => ({ level: label }) },
  redact: REDACT,
};

// server.ts and Next's bundles each load this module; they share the one logger server.ts installs.
const LOGGER_KEY = Symbol.for("discock.logger");
type LoggerHolder = typeof globalThis & { [LOGGER_KEY]?: Logger };

/** JSON lines for machines; in development a human-readable stream instead. */
export function installLogger(options: { pretty: boolean }): void {
  const transport = options.pretty
    ? pino.transport({ target: "pino-pretty", options: { colorize: true, translateTime: "HH:MM:ss", ignore: "pid,hostname" } })
    : undefined;
  const installed = pino(OPTIONS, transport);
  (globalThis as LoggerHolder)[LOGGER_KEY] = installed;
  if (!options.pretty) routeConsole(installed);
}

type ConsoleLevel = "debug" | "info" | "warn" | "error";

/**
 * Next (and any library) prints through console: plain-text lines and stack traces, some carrying
 * what a client sent. Each call becomes one JSON line instead, the client's newlines kept inside
 * its string, so a log reader cannot be handed a forged entry.
 */
function routeConsole(target: Logger): void {
  const to = (level: ConsoleLevel) => (...args: unknown[]) => {
    const err = args.find((arg): arg is Error => arg instanceof Error);
    const text = stripVTControlCharacters(formatWithOptions({ colors: false }, ...args.filter((arg) => arg !== err))).trim();
    // Next prints empty lines between its own blocks.
    if (!text && err === undefined) return;
    target[level](err === undefined ? {} : describeError(err), text || (err?.message ?? ""));
  };
  console.log = to("info");
  console.info = to("info");
  console.debug = to("debug");
  console.warn = to("warn");
  console.error = to("error");
}

function logger(): Logger {
  const holder = globalThis as LoggerHolder;
  return (holder[LOGGER_KEY] ??= pino(OPTIONS));
}

function describeError(err: unknown): Fields {
  if (!(err instanceof Error)) return { error: String(err) };
  const fields: Fields = { error: err.message, name: err.name };
  if (err.stack) fields.stack = err.stack;
  if (err.cause !== undefined) fields.cause = describeError(err.cause);
  return fields;
}

export const log = {
  info: (message: string, fields?: Fields) => logger().info(fields ?? {}, message),
  warn: (message: string, fields?: Fields) => logger().warn(fields ?? {}, message),
  error: (message: string, err?: unknown, fields?: Fields) =>
    logger().error({ ...fields, ...(err === undefined ? {} : describeError(err)) }, message),
};
