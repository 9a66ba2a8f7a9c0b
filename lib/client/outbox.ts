import type { WireError } from "@/lib/errors";
import type { AckResult } from "@/lib/realtime/events";
import type { ChatAction } from "./chat-state";
import type { OutboxKinds, OutboxOps } from "./outbox-kinds";
import type { ChatSocket } from "./use-chat-socket";

/** Refusals that a later attempt may overcome; anything else means the operation itself was refused. */
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

export type OutboxStatus = { status: "pending"; error?: undefined } | { status: "failed"; error: string };

/**
 * One kind of operation the outbox delivers (a send today; an edit, a delete, a reaction later). The outbox owns
 * order, retries and storage; the kind says how its operation goes on the wire and what the chat shows meanwhile.
 * `Op` is what is stored, so it holds plain JSON and no `kind`, `status` or `error` field of its own.
 */
export interface OutboxKind<Op extends object, Applied extends object> {
  /** The same on every attempt, so the server applies the operation once however often it arrives. */
  id: (op: Op) => string;
  roomId: (op: Op) => number;
  /** The operation a stored record describes, or null when the record is not one (it is then dropped). */
  restore: (record: Readonly<Record<string, unknown>>) => Op | null;
  emit: (socket: ChatSocket, op: Op, timeoutMs: number) => Promise<AckResult<Applied>>;
  /** Reducer actions for each step of the operation's life. */
  started: (op: Op) => ChatAction;
  restored: (op: Op, state: OutboxStatus) => ChatAction;
  applied: (op: Op, ack: Applied) => ChatAction;
  refused: (op: Op, error: string) => ChatAction;
  retried: (op: Op) => ChatAction;
  discarded: (op: Op) => ChatAction;
}

export type OutboxKindName = keyof OutboxOps;
export type OpOf<K extends OutboxKindName> = OutboxOps[K]["op"];

type EntryOf<K extends OutboxKindName> = {
  kind: K;
  op: OpOf<K>;
  attempts: number;
  /** Epoch ms before which the operation is not sent again. */
  notBefore: number;
  /** The wait came from the server (`retry_after_ms`), so a reconnect does not cut it short. */
  serverWait: boolean;
} & OutboxStatus;

export type OutboxEntry<K extends OutboxKindName = OutboxKindName> = { [P in K]: EntryOf<P> }[K];

export type Attempt<Applied> =
  | { kind: "applied"; ack: Applied }
  | { kind: "refused"; error: string }
  | { kind: "retry"; retryAfterMs: number | null };

export function classifyAck<Applied extends object>(ack: AckResult<Applied>): Attempt<Applied> {
  if (ack.ok) return { kind: "applied", ack };
  if (isRetryable(ack.error)) return { kind: "retry", retryAfterMs: retryAfterMs(ack.error) };
  return { kind: "refused", error: ack.error.message };
}

export const ACK_TIMEOUT_MS = 10_000;

async function attempt<K extends OutboxKindName>(kinds: OutboxKinds, socket: ChatSocket, entry: OutboxEntry<K>) {
  try {
    return classifyAck(await kinds[entry.kind].emit(socket, entry.op, ACK_TIMEOUT_MS));
  } catch {
    // No ack in time, or the socket dropped with the operation in flight: it may or may not be applied, so it goes again.
    return { kind: "retry", retryAfterMs: null } as const;
  }
}

// Per tab (sessionStorage) and per user: another account signed in later in this tab must not send these.
const STORAGE_PREFIX = "discock:outbox:";
const storageKey = (userId: number) => `${STORAGE_PREFIX}${userId}`;

/** How many operations this tab holds for any user; a page without a session (the login form) can still tell. */
export function storedOperationCount(storage: Storage): number {
  let count = 0;
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i);
    if (!key?.startsWith(STORAGE_PREFIX)) continue;
    try {
      const parsed: unknown = JSON.parse(storage.getItem(key) ?? "[]");
      if (Array.isArray(parsed)) count += parsed.length;
    } catch {
      // Not ours to judge here: the outbox drops what it cannot read when it opens.
    }
  }
  return count;
}

/**
 * A stored record is the operation's own fields plus `kind` and `status`/`error`. Records from before kinds existed
 * were sends with no `kind`; they are read as sends.
 */
function toRecord(entry: OutboxEntry): Record<string, unknown> {
  return { ...entry.op, kind: entry.kind, status: entry.status, error: entry.error };
}

function readStatus(record: Readonly<Record<string, unknown>>): OutboxStatus | null {
  if (record.status === "pending" && record.error === undefined) return { status: "pending" };
  if (record.status === "failed" && typeof record.error === "string") return { status: "failed", error: record.error };
  return null;
}

function newEntry<K extends OutboxKindName>(kind: K, op: OpOf<K>, state: OutboxStatus = { status: "pending" }): OutboxEntry {
  const entry: EntryOf<K> = { kind, op, attempts: 0, notBefore: 0, serverWait: false, ...state };
  // EntryOf<K> is a member of the union for every K, but TypeScript cannot see that for a generic K.
  return entry as OutboxEntry;
}

function restoreEntry<K extends OutboxKindName>(kinds: OutboxKinds, kind: K, record: Readonly<Record<string, unknown>>) {
  const op = kinds[kind].restore(record);
  const state = readStatus(record);
  return op && state ? newEntry(kind, op, state) : null;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const isKindName = (kinds: OutboxKinds, value: unknown): value is OutboxKindName => typeof value === "string" && Object.hasOwn(kinds, value);

export interface OutboxDeps {
  userId: number;
  kinds: OutboxKinds;
  dispatch: (action: ChatAction) => void;
  /** Read lazily and inside try: it throws where storage is disabled, and does not exist on the server. */
  storage: () => Pick<Storage, "getItem" | "setItem" | "removeItem">;
}

/**
 * The operations the server has not acknowledged yet, in the order they were made; the reducer only shows them.
 * They go one at a time, oldest first, so a room's messages are stored in the order they were typed. Retryable
 * refusals and lost acks wait and go again with the same id; the server applies it once.
 */
export class Outbox {
  private entries: OutboxEntry[] = [];
  private socket: ChatSocket | null = null;
  private pumping = false;
  private alive = false;
  private wakeTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly deps: OutboxDeps) {}

  /** Takes over what a previous page of this tab left unsent, and starts delivering once a socket is given. */
  open(): void {
    this.alive = true;
    const known = new Set(this.entries.map((e) => `${e.kind}:${this.idOf(e)}`));
    const restored = this.load().filter((e) => !known.has(`${e.kind}:${this.idOf(e)}`));
    this.entries = [...restored, ...this.entries];
    for (const entry of restored) this.deps.dispatch(this.restoredAction(entry));
    void this.pump();
  }

  close(): void {
    this.alive = false;
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.wakeTimer = null;
  }

  /** A new connection is a new chance: lost acks go again now, a server-asked wait is still honoured. */
  connected(socket: ChatSocket): void {
    this.socket = socket;
    for (const entry of this.entries) if (!entry.serverWait) entry.notBefore = 0;
    void this.pump();
  }

  enqueue<K extends OutboxKindName>(kind: K, op: OpOf<K>): void {
    this.entries = [...this.entries, newEntry(kind, op)];
    this.save();
    this.deps.dispatch(this.deps.kinds[kind].started(op));
    void this.pump();
  }

  /** Sends a refused operation again with the same id: if an earlier attempt was applied after all, the server acks that. */
  retry<K extends OutboxKindName>(kind: K, op: OpOf<K>): void {
    const id = this.deps.kinds[kind].id(op);
    const fresh = newEntry(kind, op);
    const known = this.entries.some((e) => e.kind === kind && this.idOf(e) === id);
    this.entries = known ? this.entries.map((e) => (e.kind === kind && this.idOf(e) === id ? fresh : e)) : [...this.entries, fresh];
    this.save();
    this.deps.dispatch(this.deps.kinds[kind].retried(op));
    void this.pump();
  }

  discard<K extends OutboxKindName>(kind: K, op: OpOf<K>): void {
    const id = this.deps.kinds[kind].id(op);
    this.entries = this.entries.filter((e) => !(e.kind === kind && this.idOf(e) === id));
    this.save();
    this.deps.dispatch(this.deps.kinds[kind].discarded(op));
  }

  /** The room is gone: nothing addressed to it can be applied any more. */
  dropRoom(roomId: number): void {
    this.entries = this.entries.filter((e) => this.roomOf(e) !== roomId);
    this.save();
  }

  /** What is waiting, oldest first; for tests and for whoever wants to show it. */
  list(): readonly OutboxEntry[] {
    return this.entries;
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      for (;;) {
        const socket = this.socket;
        if (!this.alive || !socket?.connected) return;
        const entry = this.entries.find((e) => e.status === "pending");
        if (!entry) return;
        const wait = entry.notBefore - Date.now();
        if (wait > 0) {
          if (this.wakeTimer) clearTimeout(this.wakeTimer);
          this.wakeTimer = setTimeout(() => {
            this.wakeTimer = null;
            void this.pump();
          }, wait);
          return;
        }
        const outcome = await attempt(this.deps.kinds, socket, entry);
        // Discarded, retried or dropped while in flight: nothing of this attempt applies any more.
        if (!this.entries.includes(entry)) continue;
        this.settle(entry, outcome);
      }
    } finally {
      this.pumping = false;
    }
  }

  private settle<K extends OutboxKindName>(entry: OutboxEntry<K>, outcome: Attempt<OutboxOps[K]["applied"]>): void {
    const kind: OutboxKinds[K] = this.deps.kinds[entry.kind];
    if (outcome.kind === "applied") {
      this.entries = this.entries.filter((e) => e !== entry);
      this.save();
      this.deps.dispatch(kind.applied(entry.op, outcome.ack));
    } else if (outcome.kind === "refused") {
      Object.assign(entry, { status: "failed", error: outcome.error });
      this.save();
      this.deps.dispatch(kind.refused(entry.op, outcome.error));
    } else {
      entry.attempts++;
      entry.serverWait = outcome.retryAfterMs !== null;
      entry.notBefore = Date.now() + (outcome.retryAfterMs ?? backoffMs(entry.attempts - 1));
    }
  }

  private idOf<K extends OutboxKindName>(entry: OutboxEntry<K>): string {
    return this.deps.kinds[entry.kind].id(entry.op);
  }

  private roomOf<K extends OutboxKindName>(entry: OutboxEntry<K>): number {
    return this.deps.kinds[entry.kind].roomId(entry.op);
  }

  private restoredAction<K extends OutboxKindName>(entry: OutboxEntry<K>): ChatAction {
    const state: OutboxStatus = entry.status === "failed" ? { status: "failed", error: entry.error } : { status: "pending" };
    return this.deps.kinds[entry.kind].restored(entry.op, state);
  }

  private load(): OutboxEntry[] {
    try {
      const raw = this.deps.storage().getItem(storageKey(this.deps.userId));
      if (!raw) return [];
      const parsed: unknown = JSON.parse(raw);
      if (!Array.isArray(parsed)) return [];
      return parsed.flatMap((record: unknown) => {
        if (!isRecord(record)) return [];
        const kind = record.kind ?? "send";
        if (!isKindName(this.deps.kinds, kind)) return [];
        const entry = restoreEntry(this.deps.kinds, kind, record);
        return entry ? [entry] : [];
      });
    } catch {
      return [];
    }
  }

  private save(): void {
    try {
      const storage = this.deps.storage();
      if (this.entries.length === 0) storage.removeItem(storageKey(this.deps.userId));
      else storage.setItem(storageKey(this.deps.userId), JSON.stringify(this.entries.map(toRecord)));
    } catch {
      // Storage disabled or full: delivery still works for as long as this page lives.
    }
  }
}
