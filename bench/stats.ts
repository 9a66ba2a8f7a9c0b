/** Log-bucketed latency histogram (~2% resolution), mergeable across worker threads. */
const GROWTH = Math.log(1.02);
export const HISTOGRAM_BUCKETS = 1_000;

export function bucketOf(micros: number): number {
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

export function summarize(counts: ArrayLike<number>, maxMs: number): LatencySummary {
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
