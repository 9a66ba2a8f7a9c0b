/** Messages between bench/load.ts and its worker threads. */
export type WorkerCommand =
  | { type: "connect"; url: string; cookies: string[]; rooms: number[] | null; workerIndex: number; workerCount: number; concurrency: number; timeoutMs: number }
  | {
      type: "run";
      runId: string;
      rooms: number[];
      clients: number;
      t0: number;
      rate: number;
      total: number;
      workerIndex: number;
      workerCount: number;
      ackTimeoutMs: number;
      padding: number;
      /** The mixed scenario (bench/mix.ts); null: every operation is a plain send. */
      mix: MixCommand | null;
    }
  | { type: "collect"; deadline: number; expectDeliveries: boolean }
  | { type: "close" };

export interface MixCommand {
  /** Replies, edits and reactions act on messages scheduled at least this many operations earlier. */
  lagOps: number;
  /** Clients 0 … typists − 1 also send `typing`, each every `typingIntervalMs`, `typingSignals` times. */
  typists: number;
  typingIntervalMs: number;
  typingSignals: number;
}

/** Room broadcasts the bench times, each against the operation or signal that caused it. */
export const BROADCASTS = ["new_message", "message_updated", "reaction_added", "reaction_removed", "typing"] as const;
export type Broadcast = (typeof BROADCASTS)[number];

/**
 * Who is where, the same in every thread: client i (counting across threads, thread i % workerCount)
 * sits in rooms[i % rooms.length], and message k is sent by client k % clients into that client's room.
 */
export const roomIndexOfClient = (client: number, rooms: number) => client % rooms;
export const senderOfMessage = (k: number, clients: number) => k % clients;

export const OUTCOME = { notMine: 0, ok: 1, refusedRetryable: 2, refusedOther: 3, noReply: 4, notSent: 5 } as const;
export const RETRYABLE_CODES = new Set(["rate_limited", "db_unavailable", "shutting_down", "overloaded", "internal"]);

export interface AckReply {
  ok: boolean;
  error?: { code?: string };
  message?: { id?: number; user_id?: number };
}

export interface ConnectReport {
  type: "connected";
  ok: number;
  failed: number;
  errors: Record<string, number>;
  ms: number;
}

/** Deliveries of one kind of broadcast to one thread's clients. */
export interface Tally {
  histogram: number[];
  maxMs: number;
  expected: number;
  unique: number;
  duplicates: number;
}

/**
 * Typing as one thread heard it. Relays carry no id, but each listener hears a typist's relays in the
 * order they were sent, so the n-th relay one listener heard is the n-th every other heard.
 */
export interface TypingReport {
  /** Signals sent, per typist (only this thread's typists are non-zero). */
  sent: number[];
  /** [typist][relay]: when each of this thread's listeners heard that relay. */
  heard: number[][][];
  /** Per typist: this thread's live clients that should hear it (its room, not itself). */
  listeners: number[];
  /** Relays a typist's own socket received: must be 0. */
  self: number;
  /** Relays from a user the thread could not name as one of the typists. */
  unmatched: number;
  /** `error` events, which the server sends for a failed event sent without an ack (typing). */
  errors: Record<string, number>;
}

export interface CollectReport {
  type: "collected";
  /** Operations' broadcasts by kind; the plain scenarios have new_message only. */
  byEvent: Partial<Record<Broadcast, Tally>>;
  typing: TypingReport | null;
  deliveries: number;
  foreign: number;
  /** Deliveries of this run's broadcasts to a client outside the room they were for. */
  misrouted: number;
  outcomes: Uint8Array;
  refusals: Record<string, number>;
  disconnects: number;
  elu: number;
}

