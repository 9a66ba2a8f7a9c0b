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
  (globalThis as LoggerHolder)[LOGGER_KEY] = pino(OPTIONS, transport);
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
