/**
 * Latency samples and their summary. Samples go into a growable Float64Array
 * so recording one costs no allocation on the hot path.
 */

export type LatencySummary = {
  count: number;
  min: number;
  mean: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  p999: number;
  max: number;
};

export class LatencyRecorder {
  private samples = new Float64Array(1 << 14);
  private length = 0;

  record(ms: number): void {
    if (this.length === this.samples.length) {
      const grown = new Float64Array(this.samples.length * 2);
      grown.set(this.samples);
      this.samples = grown;
    }
    this.samples[this.length++] = ms;
  }

  get count(): number {
    return this.length;
  }

  values(): Float64Array {
    return this.samples.subarray(0, this.length);
  }

  summary(): LatencySummary {
    return summarize(this.values());
  }
}

/** Nearest-rank percentile of ascending-sorted values; NaN when empty. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  const index = Math.min(sorted.length - 1, Math.max(0, rank - 1));
  return sorted[index] as number;
}

export function summarize(values: ArrayLike<number>): LatencySummary {
  const sorted = Float64Array.from(values).sort();
  let total = 0;
  for (const value of sorted) total += value;
  const round = (n: number) => Math.round(n * 1000) / 1000;
  return {
    count: sorted.length,
    min: round(sorted.length ? (sorted[0] as number) : Number.NaN),
    mean: round(sorted.length ? total / sorted.length : Number.NaN),
    p50: round(percentile(sorted, 50)),
    p90: round(percentile(sorted, 90)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    p999: round(percentile(sorted, 99.9)),
    max: round(sorted.length ? (sorted[sorted.length - 1] as number) : Number.NaN),
  };
}
