import { isStoreUnavailable } from "./db/types";
import type { ErrorKey } from "./i18n/catalogue";
import type { Locale } from "./i18n/locale";
import { errorText, type MessageValues } from "./i18n/translate";
import { log } from "./log";
import { metrics } from "./metrics";

const STATUS_BY_CODE = {
  invalid_input: 400,
  unauthorized: 401,
  forbidden: 403,
  too_many_rooms: 403,
  too_many_reactions: 409,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  // nginx's "client closed request": nobody reads this reply, the status only labels the metrics.
  aborted: 499,
  internal: 500,
  db_unavailable: 503,
  shutting_down: 503,
} as const;

export type ErrorCode = keyof typeof STATUS_BY_CODE;

/** A field's problem: a stable code for programs, and its sentence in the reader's language. */
export interface FieldError {
  code: ErrorKey;
  message: string;
}

export interface WireError {
  code: ErrorCode;
  /** In the reader's language: the request's for HTTP, the socket's for acks. */
  message: string;
  /** Per-field problems for forms, keyed by the input's name. */
  fields?: Record<string, FieldError>;
  /** With rate_limited: how long to wait before trying again. */
  retry_after_ms?: number;
}

interface ChatErrorOptions extends ErrorOptions {
  /** What the sentence names: a room's name, the seconds to wait. */
  values?: MessageValues;
  /** Per-field problems, keyed by the input's name. */
  fields?: Record<string, ErrorKey>;
  retryAfterMs?: number;
}

/**
 * An error a person may be told about. It carries a code and a catalogue key, never a sentence: the
 * sentence is rendered in the reader's language when it is sent (toWireError).
 */
export class ChatError extends Error {
  override name = "ChatError";
  constructor(
    readonly code: ErrorCode,
    readonly key: ErrorKey,
    options?: ChatErrorOptions,
  ) {
    super(key, options);
    this.values = options?.values;
    this.fields = options?.fields;
    this.retryAfterMs = options?.retryAfterMs;
  }
  readonly values: MessageValues | undefined;
  readonly fields: Record<string, ErrorKey> | undefined;
  readonly retryAfterMs: number | undefined;
}

/** By name, not instanceof: server.ts and Next's bundles each have their own copy of this class. */
export function isChatError(err: unknown): err is ChatError {
  return err instanceof Error && err.name === "ChatError" && "code" in err;
}

export function statusOf(code: ErrorCode): number {
  return STATUS_BY_CODE[code];
}

/**
 * Maps any thrown value to what a client may see, in `locale`; anything unexpected is logged (with
 * `context`: the request or socket it happened on) and told generically.
 */
export function toWireError(err: unknown, locale: Locale, context?: Record<string, unknown>): WireError {
  const wire = describe(err, locale, context);
  metrics().errors.inc({ code: wire.code });
  return wire;
}

function describe(err: unknown, locale: Locale, context?: Record<string, unknown>): WireError {
  if (isChatError(err)) {
    if (err.code === "aborted") log.info("request aborted by the client", context);
    return {
      code: err.code,
      message: errorText(locale, err.key, err.values),
      ...(err.fields ? { fields: fieldErrorsIn(locale, err.fields) } : {}),
      ...(err.retryAfterMs === undefined ? {} : { retry_after_ms: err.retryAfterMs }),
    };
  }
  if (isStoreUnavailable(err)) {
    log.error("database unavailable", err, context);
    return { code: "db_unavailable", message: errorText(locale, "db_unavailable") };
  }
  log.error("unexpected error", err, context);
  return { code: "internal", message: errorText(locale, "internal") };
}

function fieldErrorsIn(locale: Locale, fields: Record<string, ErrorKey>): Record<string, FieldError> {
  return Object.fromEntries(Object.entries(fields).map(([name, key]) => [name, { code: key, message: errorText(locale, key) }]));
}

/** A form's field problems as the sentences it shows beside each input. */
export const fieldMessages = (fields: Record<string, FieldError> | undefined): Record<string, string> | undefined =>
  fields && Object.fromEntries(Object.entries(fields).map(([name, field]) => [name, field.message]));
