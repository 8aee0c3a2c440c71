import { seededRandom, sampleCumulative } from './seeded-random';

/**
 * A small seeded shopping stream for the detector specs (the benchmark has the full generator):
 * skewed product popularity, two price tiers on some products, anonymous shoppers, redeliveries.
 */
export interface StreamEvent {
  raw: Record<string, unknown>;
  ingestedAt: number;
}

export interface CleanStreamOptions {
  seed: number;
  products: number;
  sources: string[];
  eventsPerSecond: number;
  /** Daily traffic cycle: the rate is eventsPerSecond * (1 + dailyAmplitude * sin), peaking near 13:12 UTC. */
  dailyAmplitude: number;
  start: number;
}

const DAY_MS = 86_400_000;
const DEFAULTS: CleanStreamOptions = {
  seed: 1,
  products: 400,
  sources: ['web', 'app'],
  eventsPerSecond: 100,
  dailyAmplitude: 0,
  start: Date.UTC(2026, 0, 5),
};

export class CleanStream {
  readonly options: CleanStreamOptions;
  readonly random: () => number;
  /** Current list price per product; specs reprice products to simulate business changes. */
  readonly prices: number[];
  private readonly cumulative: number[];
  private clock: number;
  private counter = 0;
  private readonly recent: Record<string, unknown>[] = [];

  constructor(options: Partial<CleanStreamOptions> = {}) {
    this.options = { ...DEFAULTS, ...options };
    this.random = seededRandom(this.options.seed);
    this.prices = Array.from({ length: this.options.products }, () => Math.round((1 + this.random() * 60) * 100) / 100);
    let total = 0;
    this.cumulative = this.prices.map((_, i) => (total += 1 / (i + 1)));
    this.cumulative = this.cumulative.map((value) => value / total);
    this.clock = this.options.start;
  }

  productIndex(): number {
    return sampleCumulative(this.cumulative, this.random());
  }

  /** Events per second at `time` (ms), with the daily cycle. */
  rateAt(time: number): number {
    const { eventsPerSecond, dailyAmplitude } = this.options;
    if (dailyAmplitude === 0) return eventsPerSecond;
    return eventsPerSecond * (1 + dailyAmplitude * Math.sin(2 * Math.PI * ((time % DAY_MS) / DAY_MS - 0.3)));
  }

  get now(): number {
    return this.clock;
  }

  next(): StreamEvent {
    this.clock += (-Math.log(1 - this.random()) * 1000) / this.rateAt(this.clock);
    if (this.recent.length > 0 && this.random() < 0.002) {
      return { raw: { ...this.recent[Math.floor(this.random() * this.recent.length)] }, ingestedAt: Math.round(this.clock) };
    }
    const product = this.productIndex();
    const r = this.random();
    const type = r < 0.8 ? 'view' : r < 0.95 ? 'add_to_cart' : 'purchase';
    // Every third product has a second, quantity-discount tier.
    const tier = product % 3 === 0 && this.random() < 0.3 ? 0.85 : 1;
    const occurredAt = Math.round(this.clock - 50 - this.random() * 200);
    this.counter += 1;
    const raw: Record<string, unknown> = {
      eventId: uuidFor(this.options.seed, this.counter),
      type,
      // Anonymous shoppers send no userId (the gateway rejects ""), as the service re-serialises them.
      userId: this.random() < 0.3 ? undefined : `u${Math.floor(this.random() * 5000)}`,
      sessionId: `s${Math.floor(this.random() * 20000)}`,
      productId: `p${product}`,
      price: { amount: Math.round(this.prices[product] * tier * 100) / 100, currency: 'USD' },
      quantity: 1 + Math.floor(this.random() * 2),
      occurredAt: new Date(occurredAt).toISOString(),
      source: this.options.sources[Math.floor(this.random() * this.options.sources.length)],
    };
    if (raw.userId === undefined) delete raw.userId;
    this.recent.push(raw);
    if (this.recent.length > 500) this.recent.shift();
    return { raw, ingestedAt: Math.round(this.clock) };
  }
}

function uuidFor(seed: number, n: number): string {
  const hex = (seed.toString(16).padStart(8, '0') + n.toString(16).padStart(24, '0')).slice(-32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
