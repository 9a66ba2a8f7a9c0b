/** Log-bucketed latency histogram (~2% resolution), mergeable across worker threads. */
const GROWTH = Math.log(1.02);
const HISTOGRAM_BUCKETS = 1_000;

function bucketOf(micros: number): number {
  const index = Math.floor(Math.log(Math.max(micros, 0) + 1) / GROWTH);
  return Math.min(index, HISTOGRAM_BUCKETS - 1);
}

/** Upper bound of a bucket in milliseconds. */
function bucketUpperMs(index: number): number {
  return (Math.exp((index + 1) * GROWTH) - 1) / 1000;
}

export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

function summarize(counts: ArrayLike<number>, maxMs: number): LatencySummary {
  let total = 0;
  for (let i = 0; i < counts.length; i++) total += counts[i] ?? 0;
  const at = (q: number) => {
    if (total === 0) return 0;
    const target = Math.ceil(total * q);
    let seen = 0;
    for (let i = 0; i < counts.length; i++) {
      seen += counts[i] ?? 0;
      if (seen >= target) return Math.min(bucketUpperMs(i), maxMs);
    }
    return maxMs;
  };
  return { count: total, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: maxMs };
}

/** Latencies recorded in one thread, or merged from several threads and kinds of broadcast. */
export class Histogram {
  readonly counts = new Float64Array(HISTOGRAM_BUCKETS);
  maxMs = 0;

  record(latencyMs: number) {
    const index = bucketOf(latencyMs * 1000);
    this.counts[index] = (this.counts[index] ?? 0) + 1;
    if (latencyMs > this.maxMs) this.maxMs = latencyMs;
  }

  add(counts: ArrayLike<number>, maxMs: number) {
    for (let i = 0; i < counts.length; i++) this.counts[i] = (this.counts[i] ?? 0) + (counts[i] ?? 0);
    this.maxMs = Math.max(this.maxMs, maxMs);
  }

  summary(): LatencySummary {
    return summarize(this.counts, this.maxMs);
  }
}

export function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(sorted.length * q) - 1))] ?? 0;
}

export const round = (value: number, digits = 2) => {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
};

export function ratio(product: number | undefined, bare: number | undefined): string {
  if (product === undefined || bare === undefined || bare === 0 || !Number.isFinite(product) || !Number.isFinite(bare)) return "—";
  return `${round(product / bare, 2)}×`;
}
