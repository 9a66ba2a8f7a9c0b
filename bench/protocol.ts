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
    }
  | { type: "collect"; deadline: number; expectDeliveries: boolean }
  | { type: "close" };

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
}

export interface ConnectReport {
  type: "connected";
  ok: number;
  failed: number;
  errors: Record<string, number>;
  ms: number;
}

export interface CollectReport {
  type: "collected";
  histogram: number[];
  maxMs: number;
  deliveries: number;
  expected: number;
  unique: number;
  duplicates: number;
  foreign: number;
  /** Deliveries of this run's messages to a client outside the message's room. */
  misrouted: number;
  outcomes: Uint8Array;
  refusals: Record<string, number>;
  disconnects: number;
  elu: number;
}

