/** One sample of the Prometheus text format: `name{label="value",...} number`. */
export interface PromSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** Parses the text exposition format (prom-client's /metrics); comments and malformed lines are skipped. */
export function parsePrometheusText(text: string): PromSample[] {
  const samples: PromSample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = LINE.exec(line);
    if (!match) continue;
    const value = Number(match[3] === '+Inf' ? Infinity : match[3] === '-Inf' ? -Infinity : match[3]);
    if (Number.isNaN(value)) continue;
    const labels: Record<string, string> = {};
    for (const label of (match[2] ?? '').matchAll(LABEL))
      labels[label[1]!] = label[2]!.replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\');
    samples.push({ name: match[1]!, labels, value });
  }
  return samples;
}

/** Sums the samples of one metric, grouped by one label (samples without it count under ""). */
export function sumBy(
  samples: readonly PromSample[],
  name: string,
  label: string,
  where: (labels: Record<string, string>) => boolean = () => true,
): Record<string, number> {
  const sums: Record<string, number> = {};
  for (const sample of samples) {
    if (sample.name !== name || !where(sample.labels)) continue;
    const key = sample.labels[label] ?? '';
    sums[key] = (sums[key] ?? 0) + sample.value;
  }
  return sums;
}

/** Cumulative histogram buckets of one metric (summed over every other label), as [upper bound, count] sorted by bound. */
export function histogramBuckets(
  samples: readonly PromSample[],
  name: string,
  where: (labels: Record<string, string>) => boolean = () => true,
): [number, number][] {
  const byBound = new Map<number, number>();
  for (const sample of samples) {
    if (sample.name !== `${name}_bucket` || !where(sample.labels)) continue;
    const bound = sample.labels.le === '+Inf' ? Infinity : Number(sample.labels.le);
    byBound.set(bound, (byBound.get(bound) ?? 0) + sample.value);
  }
  return [...byBound].sort((a, b) => a[0] - b[0]);
}

/**
 * A quantile of the observations between two scrapes of a cumulative histogram, interpolated inside
 * its bucket as Prometheus' histogram_quantile does. Null when nothing was observed in between.
 */
export function windowQuantile(before: [number, number][], after: [number, number][], q: number): number | null {
  const earlier = new Map(before);
  const deltas = after.map(([bound, count]) => [bound, Math.max(0, count - (earlier.get(bound) ?? 0))] as [number, number]);
  const total = deltas.length > 0 ? deltas[deltas.length - 1]![1] : 0;
  if (total <= 0) return null;
  const rank = q * total;
  let lowerBound = 0;
  let lowerCount = 0;
  for (const [bound, count] of deltas) {
    if (count >= rank) {
      if (bound === Infinity) return lowerBound;
      const inBucket = count - lowerCount;
      return inBucket <= 0 ? bound : lowerBound + (bound - lowerBound) * ((rank - lowerCount) / inBucket);
    }
    lowerBound = bound;
    lowerCount = count;
  }
  return lowerBound;
}
