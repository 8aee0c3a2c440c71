/** Keeps latencies of one window for percentiles; reset each report so the figures are live. */
export class LatencyRecorder {
  private samples: number[] = [];
  private all: number[] = [];

  record(ms: number): void {
    this.samples.push(ms);
    if (this.all.length < 1_000_000) this.all.push(ms);
  }

  window(): { count: number; p50: number; p99: number } {
    const result = summarize(this.samples);
    this.samples = [];
    return result;
  }

  total(): { count: number; p50: number; p99: number } {
    return summarize(this.all);
  }
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

function summarize(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return { count: sorted.length, p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99) };
}
