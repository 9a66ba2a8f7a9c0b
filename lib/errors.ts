import { isStoreUnavailable } from "./db/types";
import { log } from "./log";
import { metrics } from "./metrics";

const STATUS_BY_CODE = {
  invalid_input: 400,
  unauthorized: 401,
  forbidden: 403,
  too_many_rooms: 403,
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

export interface WireError {
  code: ErrorCode;
  message: string;
  /** Per-field messages for forms, keyed by the input's name. */
  fields?: Record<string, string>;
  /** With rate_limited: how long to wait before trying again. */
  retry_after_ms?: number;
}

/** An error whose message is written for people and may be shown to them as it is. */
export class ChatError extends Error {
  override name = "ChatError";
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: ErrorOptions & { fields?: Record<string, string>; retryAfterMs?: number },
  ) {
    super(message, options);
    this.fields = options?.fields;
    this.retryAfterMs = options?.retryAfterMs;
  }
  readonly fields: Record<string, string> | undefined;
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
 * Maps any thrown value to what a client may see; anything unexpected is logged (with `context`:
 * the request or socket it happened on) and told generically.
 */
export function toWireError(err: unknown, context?: Record<string, unknown>): WireError {
  const wire = describe(err, context);
  metrics().errors.inc({ code: wire.code });
  return wire;
}

function describe(err: unknown, context?: Record<string, unknown>): WireError {
  if (isChatError(err)) {
    if (err.code === "aborted") log.info("request aborted by the client", context);
    return {
      code: err.code,
      message: err.message,
      ...(err.fields ? { fields: err.fields } : {}),
      ...(err.retryAfterMs === undefined ? {} : { retry_after_ms: err.retryAfterMs }),
    };
  }
  if (isStoreUnavailable(err)) {
    log.error("database unavailable", err, context);
    return { code: "db_unavailable", message: "База данных временно недоступна, попробуйте позже" };
  }
  log.error("unexpected error", err, context);
  return { code: "internal", message: "Что-то пошло не так, попробуйте ещё раз" };
}
