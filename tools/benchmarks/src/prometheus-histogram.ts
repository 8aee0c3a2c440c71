/** Reads a Prometheus histogram from /metrics text and estimates quantiles by linear interpolation within buckets. */
export interface Histogram {
  buckets: { le: number; count: number }[];
  count: number;
  sum: number;
}

export function parseHistogram(text: string, name: string, labels: Record<string, string>): Histogram {
  const matchLabels = (line: string) => Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`));
  // Every series that matches is summed (e.g. all `source` values of one server): reading only the
  // last one made a run whose warm-up saw a fallback answer report no scorer latency at all.
  const byLe = new Map<number, number>();
  let count = 0;
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name) || !matchLabels(line)) continue;
    const value = Number(line.slice(line.lastIndexOf(' ') + 1));
    if (line.startsWith(`${name}_bucket`)) {
      const text = /le="([^"]+)"/.exec(line)![1]!;
      const le = text === '+Inf' ? Infinity : Number(text);
      byLe.set(le, (byLe.get(le) ?? 0) + value);
    } else if (line.startsWith(`${name}_count`)) count += value;
    else if (line.startsWith(`${name}_sum`)) sum += value;
  }
  const buckets = [...byLe].map(([le, c]) => ({ le, count: c })).sort((a, b) => a.le - b.le);
  return { buckets, count, sum };
}

/** Difference of two scrapes: the observations made between them. */
export function since(after: Histogram, before: Histogram): Histogram {
  return {
    buckets: after.buckets.map((b, i) => ({ le: b.le, count: b.count - (before.buckets[i]?.count ?? 0) })),
    count: after.count - before.count,
    sum: after.sum - before.sum,
  };
}

export function quantile(histogram: Histogram, q: number): number {
  if (histogram.count === 0) return NaN;
  const rank = q * histogram.count;
  let previousLe = 0;
  let previousCount = 0;
  for (const bucket of histogram.buckets) {
    if (bucket.count >= rank) {
      if (!Number.isFinite(bucket.le)) return previousLe;
      const inBucket = bucket.count - previousCount;
      const fraction = inBucket === 0 ? 0 : (rank - previousCount) / inBucket;
      return previousLe + (bucket.le - previousLe) * fraction;
    }
    previousLe = bucket.le;
    previousCount = bucket.count;
  }
  return previousLe;
}

/** The value of an unlabelled gauge from /metrics text (NaN when absent). */
export function gaugeValue(text: string, name: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line ? Number(line.slice(name.length + 1)) : NaN;
}

/** The sum of a metric's samples over all its label sets (e.g. GC seconds of every kind). */
export function sumOver(text: string, name: string): number {
  let total = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith(`${name}{`) || line.startsWith(`${name} `)) total += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}
