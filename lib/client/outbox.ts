import type { WireError } from "@/lib/errors";
import type { PendingMessage } from "./chat-state";

/** Refusals that a later attempt may overcome; anything else means the message itself was refused. */
const RETRYABLE_CODES: ReadonlySet<string> = new Set(["db_unavailable", "shutting_down", "internal", "rate_limited"]);

const BACKOFF_BASE_MS = 1_000;
const BACKOFF_MAX_MS = 30_000;

export function isRetryable(error: Pick<WireError, "code">): boolean {
  return RETRYABLE_CODES.has(error.code);
}

/** `rate_limited` carries how long to wait; the type of WireError does not declare it, so it is read defensively. */
export function retryAfterMs(error: WireError): number | null {
  if (!("retry_after_ms" in error)) return null;
  const value = error.retry_after_ms;
  return typeof value === "number" && Number.isFinite(value) && value >= 0 ? value : null;
}

/** 1 s, 2 s, 4 s … up to 30 s, with jitter so that many clients of one restarted server do not retry in step. */
export function backoffMs(attempt: number): number {
  const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.min(attempt, 10));
  return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
}

// Per tab (sessionStorage) and per user: another account signed in later in this tab must not send these.
const storageKey = (userId: number) => `discock:outbox:${userId}`;

function isPendingMessage(value: unknown): value is PendingMessage {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.client_id === "string" &&
    typeof v.room_id === "number" &&
    typeof v.content === "string" &&
    typeof v.created_at === "string" &&
    (v.status === "pending" || v.status === "failed") &&
    (v.error === undefined || typeof v.error === "string")
  );
}

/** The unacknowledged messages a previous page of this tab left behind, in the order they were typed. */
export function loadOutbox(userId: number): PendingMessage[] {
  try {
    const raw = window.sessionStorage.getItem(storageKey(userId));
    if (!raw) return [];
    const parsed: unknown = JSON.parse(raw);
    return Array.isArray(parsed) ? parsed.filter(isPendingMessage) : [];
  } catch {
    return [];
  }
}

export function saveOutbox(userId: number, messages: PendingMessage[]): void {
  try {
    if (messages.length === 0) window.sessionStorage.removeItem(storageKey(userId));
    else window.sessionStorage.setItem(storageKey(userId), JSON.stringify(messages));
  } catch {
    // Storage disabled or full: delivery still works for as long as this page lives.
  }
}
