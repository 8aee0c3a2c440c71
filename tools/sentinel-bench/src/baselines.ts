/**
 * The well-known data-quality checks, implemented in the same harness as the tools define them:
 * a static range check (Great Expectations' expect_column_values_to_be_between / not_null / in_set,
 * bounds fixed from the warm-up), Deequ's RelativeRateOfChangeStrategy(0.9, 1.1) on window metrics, and
 * whylogs' window drift: a two-sample KS test against the warm-up profile at p < 0.05.
 * Each answers per event whether it alarms at that event.
 */
export interface BaselineCheck {
  readonly name: string;
  /** `warm` is true during the warm-up (learn, never alarm). */
  observe(raw: Record<string, unknown>, ingestedAt: number, warm: boolean): boolean;
}

const WINDOW = 1000;
const REFERENCE_SAMPLE = 5000;
const KNOWN_TYPES = new Set(['view', 'add_to_cart', 'remove_from_cart', 'purchase']);

function amountOf(raw: Record<string, unknown>): number | undefined {
  const price = raw.price as { amount?: unknown } | undefined | null;
  return typeof price?.amount === 'number' ? price.amount : undefined;
}

function currencyOf(raw: Record<string, unknown>): string {
  const price = raw.price as { currency?: unknown } | undefined | null;
  return typeof price?.currency === 'string' ? price.currency : '?';
}

function lagOf(raw: Record<string, unknown>, ingestedAt: number): number | undefined {
  const at = typeof raw.occurredAt === 'string' ? Date.parse(raw.occurredAt) : Number.NaN;
  return Number.isFinite(at) ? ingestedAt - at : undefined;
}

export class StaticRangeCheck implements BaselineCheck {
  readonly name = 'static min/max';
  private readonly priceRange = new Map<string, [number, number]>();
  private lagRange: [number, number] = [Infinity, -Infinity];

  observe(raw: Record<string, unknown>, ingestedAt: number, warm: boolean): boolean {
    const amount = amountOf(raw);
    const lag = lagOf(raw, ingestedAt);
    const currency = currencyOf(raw);
    if (warm) {
      if (amount !== undefined) {
        const range = this.priceRange.get(currency) ?? [Infinity, -Infinity];
        this.priceRange.set(currency, [Math.min(range[0], amount), Math.max(range[1], amount)]);
      }
      if (lag !== undefined) this.lagRange = [Math.min(this.lagRange[0], lag), Math.max(this.lagRange[1], lag)];
      return false;
    }
    if (raw.productId === null || raw.productId === undefined || raw.eventId === null || !KNOWN_TYPES.has(raw.type as string)) return true;
    if (raw.price !== undefined && amount === undefined) return true;
    const range = this.priceRange.get(currency);
    if (amount !== undefined && (!range || amount < range[0] || amount > range[1])) return true;
    return lag !== undefined && (lag < this.lagRange[0] || lag > this.lagRange[1]);
  }
}

/** Window metrics in the shape of Deequ analyzers. */
class WindowMetrics {
  count = 0;
  first = 0;
  last = 0;
  priceSum = new Map<string, [number, number]>();
  withSession = 0;
  withProduct = 0;
  withAmount = 0;
  priced = 0;
  purchases = 0;
  lagSum = 0;
  lagCount = 0;
  ids = new Set<string>();

  add(raw: Record<string, unknown>, ingestedAt: number): void {
    if (this.count === 0) this.first = ingestedAt;
    this.last = ingestedAt;
    this.count += 1;
    const amount = amountOf(raw);
    if (raw.price !== undefined || raw.unitPrice !== undefined) this.priced += 1;
    if (amount !== undefined) {
      this.withAmount += 1;
      const sum = this.priceSum.get(currencyOf(raw)) ?? [0, 0];
      sum[0] += amount;
      sum[1] += 1;
      this.priceSum.set(currencyOf(raw), sum);
    }
    if (typeof raw.sessionId === 'string') this.withSession += 1;
    if (typeof raw.productId === 'string') this.withProduct += 1;
    if (raw.type === 'purchase') this.purchases += 1;
    const lag = lagOf(raw, ingestedAt);
    if (lag !== undefined) {
      this.lagSum += lag;
      this.lagCount += 1;
    }
    if (typeof raw.eventId === 'string') this.ids.add(raw.eventId);
  }

  values(): Map<string, number> {
    const out = new Map<string, number>([
      ['Size(events/s)', this.count / Math.max(1, (this.last - this.first) / 1000)],
      ['Completeness(sessionId)', this.withSession / this.count],
      ['Completeness(productId)', this.withProduct / this.count],
      ['Completeness(price.amount)', this.priced === 0 ? 1 : this.withAmount / this.priced],
      ['Uniqueness(eventId)', this.ids.size / this.count],
      ['Compliance(type=purchase)', this.purchases / this.count],
      ['Mean(lag)', this.lagCount === 0 ? 0 : this.lagSum / this.lagCount],
    ]);
    for (const [currency, [sum, n]] of this.priceSum) out.set(`Mean(price.amount ${currency})`, sum / n);
    return out;
  }
}

export class DeequRateOfChangeCheck implements BaselineCheck {
  readonly name = 'Deequ rate of change';
  private window = new WindowMetrics();
  private previous: Map<string, number> | undefined;

  observe(raw: Record<string, unknown>, ingestedAt: number, warm: boolean): boolean {
    this.window.add(raw, ingestedAt);
    if (this.window.count < WINDOW) return false;
    const current = this.window.values();
    this.window = new WindowMetrics();
    const previous = this.previous;
    this.previous = current;
    if (warm || !previous) return false;
    for (const [metric, value] of current) {
      const before = previous.get(metric);
      if (before === undefined || before === 0) continue;
      const rate = value / before;
      if (rate < 0.9 || rate > 1.1) return true;
    }
    for (const metric of previous.keys()) if (!current.has(metric)) return true;
    return false;
  }
}

export class WhylogsKsCheck implements BaselineCheck {
  readonly name = 'whylogs KS p<0.05';
  private readonly reference = { price: [] as number[], lag: [] as number[] };
  private seen = 0;
  private sorted: { price: number[]; lag: number[] } | undefined;
  private window = { price: [] as number[], lag: [] as number[], count: 0 };

  constructor(private readonly random: () => number) {}

  observe(raw: Record<string, unknown>, ingestedAt: number, warm: boolean): boolean {
    const amount = amountOf(raw);
    const lag = lagOf(raw, ingestedAt);
    if (warm) {
      // Reservoir sample of the warm-up: the reference profile.
      this.seen += 1;
      for (const [key, value] of [
        ['price', amount],
        ['lag', lag],
      ] as const) {
        if (value === undefined) continue;
        const sample = this.reference[key];
        if (sample.length < REFERENCE_SAMPLE) sample.push(value);
        else if (this.random() < REFERENCE_SAMPLE / this.seen) sample[Math.floor(this.random() * REFERENCE_SAMPLE)] = value;
      }
      return false;
    }
    this.sorted ??= { price: [...this.reference.price].sort((a, b) => a - b), lag: [...this.reference.lag].sort((a, b) => a - b) };
    if (amount !== undefined) this.window.price.push(amount);
    if (lag !== undefined) this.window.lag.push(lag);
    if (++this.window.count < WINDOW) return false;
    const { price, lag: lags } = this.window;
    this.window = { price: [], lag: [], count: 0 };
    return ksPValue(this.sorted.price, price) < 0.05 || ksPValue(this.sorted.lag, lags) < 0.05;
  }
}

/** Two-sample Kolmogorov–Smirnov p-value (asymptotic); 0 when one side is empty and the other is not. */
export function ksPValue(sortedReference: number[], sample: number[]): number {
  if (sample.length === 0 || sortedReference.length === 0) return sample.length === sortedReference.length ? 1 : 0;
  const b = [...sample].sort((x, y) => x - y);
  const a = sortedReference;
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < a.length && j < b.length) {
    const value = Math.min(a[i], b[j]);
    while (i < a.length && a[i] <= value) i++;
    while (j < b.length && b[j] <= value) j++;
    d = Math.max(d, Math.abs(i / a.length - j / b.length));
  }
  const ne = Math.sqrt((a.length * b.length) / (a.length + b.length));
  const lambda = (ne + 0.12 + 0.11 / ne) * d;
  let p = 0;
  for (let k = 1; k <= 100; k++) {
    const term = 2 * (k % 2 ? 1 : -1) * Math.exp(-2 * k * k * lambda * lambda);
    p += term;
    if (Math.abs(term) < 1e-12) break;
  }
  return Math.min(1, Math.max(0, p));
}
