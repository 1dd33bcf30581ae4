/** Percentiles of measured samples (pure), for the benches' latency figures. */

/**
 * The `p`-th percentile of `samples` by the nearest-rank method: the smallest sample such that at
 * least `p` percent of the samples are at or below it (p50 of [1, 2, 3, 4] is 2, p99 of 200 samples
 * is the 198th smallest). Throws a RangeError naming the argument for an empty list or a `p` outside
 * (0, 100].
 */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) throw new RangeError("samples must not be empty");
  if (!(p > 0 && p <= 100)) throw new RangeError(`p must be in (0, 100] (got ${p})`);
  const sorted = [...samples].sort((a, b) => a - b);
  // p × n first: exact for integer p, where (p / 100) × n can land just above an integer.
  const rank = Math.ceil((p * sorted.length) / 100);
  return sorted[rank - 1]!;
}

/** The median and the 99th percentile of `samples`. */
export function latencySummary(samples: readonly number[]): { p50: number; p99: number } {
  return { p50: percentile(samples, 50), p99: percentile(samples, 99) };
}
