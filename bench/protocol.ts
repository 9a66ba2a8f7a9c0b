/** Messages between bench/load.ts and its worker threads. */
export type WorkerCommand =
  | { type: "connect"; url: string; cookies: string[]; roomId: number | null; concurrency: number; timeoutMs: number }
  | { type: "run"; runId: string; roomId: number; t0: number; rate: number; total: number; workerIndex: number; workerCount: number; ackTimeoutMs: number; padding: number }
  | { type: "collect"; deadline: number; expectDeliveries: boolean }
  | { type: "close" };

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
  outcomes: Uint8Array;
  refusals: Record<string, number>;
  disconnects: number;
  elu: number;
}

