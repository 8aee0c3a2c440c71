import { sampleCumulative, seededRandom } from '@shelflife/quality';
import type { Catalog } from './retail-catalog';

/** One generated event: the gateway JSON and when the collector got it. */
export interface GeneratedEvent {
  raw: Record<string, unknown>;
  ingestedAt: number;
  source: string;
}

export interface SourceSpec {
  name: string;
  share: number;
  /** [currency, share, factor from the GBP catalog price]. */
  currencies: ReadonlyArray<readonly [string, number, number]>;
  /** Share of events sent late by offline clients. */
  lateShare: number;
}

const SOURCES: readonly SourceSpec[] = [
  { name: 'web', share: 0.55, currencies: [['USD', 1, 1.27]], lateShare: 0 },
  {
    name: 'app',
    share: 0.35,
    currencies: [
      ['USD', 0.8, 1.27],
      ['EUR', 0.2, 1.17],
    ],
    lateShare: 0.003,
  },
  { name: 'partner', share: 0.1, currencies: [['GBP', 1, 1]], lateShare: 0 },
];

const ZIPF_EXPONENT = 0.9;
const BASE_EVENTS_PER_SECOND = 100;
const DAY_MS = 86_400_000;
const CONCURRENT_SESSIONS = 400;
const PROMOTION_EVERY_MS = 30 * 60_000;
const REPRICE_EVERY_MS = 2 * 3600_000;
const SPIKE_EVERY_MS = 6 * 3600_000;
const DISCOUNTS = [0.9, 0.85, 0.8, 0.75, 0.7, 0.6, 0.5];

interface Session {
  id: string;
  userId: string;
  source: SourceSpec;
  currency: readonly [string, number, number];
  viewed: number[];
  cart: number[];
  /** Purchases still to emit after checkout (a basket arrives as a burst). */
  checkout: number[];
}

interface Promotion {
  products: number[];
  factor: number;
  until: number;
}

/**
 * A seeded, realistic shopping stream: Zipf popularity over the real catalog, real price tiers,
 * sessions with real basket sizes, a daily traffic cycle, promotions, repricing, traffic spikes,
 * new products, offline-late app events, redelivered duplicates and a trickle of null sessionIds.
 */
export class ShopStream {
  readonly random: () => number;
  /** Current price multiplier per product (repricing, promotions). */
  readonly priceFactor: Float64Array;
  private readonly cumulative: Float64Array;
  private readonly sessions: Session[] = [];
  private readonly recent: GeneratedEvent[] = [];
  private readonly promotions: Promotion[] = [];
  private clock: number;
  private counter = 0;
  private nextPromotion: number;
  private nextReprice: number;
  private nextSpike: number;
  private spikeStart = -Infinity;
  private newProducts = 0;
  /** Extra traffic multiplier for scenarios (1 = normal). */
  rateMultiplier = 1;
  /** Sources sessions are drawn from (a scenario may add one). */
  readonly sources: SourceSpec[] = [...SOURCES];
  /** Products a flash sale focuses on, and the share of product picks that go to them. */
  private focus: { products: number[]; share: number } = { products: [], share: 0 };
  /** A ramp of the traffic multiplier: from `from` at `start` to `to` at `end`, geometric in between. */
  private ramp: { start: number; end: number; from: number; to: number } | undefined;

  constructor(
    readonly catalog: Catalog,
    readonly seed: number,
    start = Date.UTC(2026, 0, 5),
  ) {
    this.random = seededRandom(seed);
    this.priceFactor = new Float64Array(catalog.products.length).fill(1);
    this.cumulative = new Float64Array(catalog.products.length);
    let total = 0;
    for (let i = 0; i < catalog.products.length; i++) this.cumulative[i] = total += 1 / Math.pow(i + 1, ZIPF_EXPONENT);
    for (let i = 0; i < this.cumulative.length; i++) this.cumulative[i] /= total;
    this.clock = start + this.random() * DAY_MS;
    this.nextPromotion = this.clock + this.random() * PROMOTION_EVERY_MS;
    this.nextReprice = this.clock + this.random() * REPRICE_EVERY_MS;
    this.nextSpike = this.clock + this.random() * SPIKE_EVERY_MS;
    for (let i = 0; i < CONCURRENT_SESSIONS; i++) this.sessions.push(this.newSession());
  }

  get now(): number {
    return this.clock;
  }

  /** Index of a product drawn by popularity (or one of a flash sale's products). */
  popularProduct(): number {
    if (this.focus.share > 0 && this.random() < this.focus.share)
      return this.focus.products[Math.floor(this.random() * this.focus.products.length)];
    return sampleCumulative(this.cumulative, this.random());
  }

  /** A flash sale: `share` of product picks go to a few products. */
  flashSale(products: number[], share: number): void {
    this.focus = { products, share };
  }

  /** Moves the traffic multiplier to `to` over `durationMs` (a Black Friday ramp, a night falling). */
  rampTo(to: number, durationMs: number): void {
    this.ramp = { start: this.clock, end: this.clock + durationMs, from: this.rateMultiplier, to };
  }

  /** A new source starts sending (new sessions come from it too). */
  addSource(spec: SourceSpec): void {
    this.sources.push(spec);
  }

  /** Puts products on promotion (a business change the sentinel must tolerate). */
  promote(products: number[], factor: number, durationMs: number): void {
    for (const p of products) this.priceFactor[p] *= factor;
    this.promotions.push({ products, factor, until: this.clock + durationMs });
  }

  /** Starts a traffic spike now (x3, fading over minutes, as a campaign e-mail does). */
  spike(): void {
    this.spikeStart = this.clock;
  }

  next(): GeneratedEvent {
    this.advanceClock();
    if (this.recent.length > 0 && this.random() < 0.002) {
      const original = this.recent[Math.floor(this.random() * this.recent.length)];
      return { raw: { ...original.raw }, ingestedAt: Math.round(this.clock), source: original.source };
    }
    const event = this.sessionEvent();
    this.recent.push(event);
    if (this.recent.length > 1000) this.recent.shift();
    return event;
  }

  private advanceClock(): void {
    const hour = (this.clock % DAY_MS) / DAY_MS;
    const daily = 1 + 0.5 * Math.sin(2 * Math.PI * (hour - 0.3));
    const sinceSpike = this.clock - this.spikeStart;
    const spike =
      sinceSpike < 0
        ? 1
        : sinceSpike < 60_000
          ? 1 + (2 * sinceSpike) / 60_000
          : sinceSpike < 660_000
            ? 3
            : 1 + 2 * Math.exp(-(sinceSpike - 660_000) / 300_000);
    if (this.ramp) {
      const progress = Math.min(1, (this.clock - this.ramp.start) / (this.ramp.end - this.ramp.start));
      this.rateMultiplier = this.ramp.from * Math.pow(this.ramp.to / this.ramp.from, progress);
    }
    const rate = BASE_EVENTS_PER_SECOND * daily * spike * this.rateMultiplier;
    this.clock += (-Math.log(1 - this.random()) * 1000) / rate;
    if (this.clock >= this.nextPromotion) this.startRandomPromotion();
    if (this.clock >= this.nextReprice) this.repriceBestseller();
    if (this.clock >= this.nextSpike) {
      this.spike();
      this.nextSpike += SPIKE_EVERY_MS * (0.5 + this.random());
    }
    if (this.promotions.length > 0 && this.promotions[0].until <= this.clock) this.endPromotion();
  }

  private startRandomPromotion(): void {
    const count = 1 + Math.floor(this.random() * 4);
    const products = Array.from({ length: count }, () => Math.floor(this.random() * Math.min(500, this.catalog.products.length)));
    this.promote(products, DISCOUNTS[Math.floor(this.random() * DISCOUNTS.length)], (1 + this.random() * 5) * 3600_000);
    this.promotions.sort((a, b) => a.until - b.until);
    this.nextPromotion += PROMOTION_EVERY_MS * (0.5 + this.random());
  }

  private endPromotion(): void {
    const ended = this.promotions.shift()!;
    for (const p of ended.products) this.priceFactor[p] /= ended.factor;
  }

  private repriceBestseller(): void {
    const product = Math.floor(this.random() * 50);
    const change = 1 + (this.random() < 0.5 ? -1 : 1) * (0.03 + this.random() * 0.12);
    this.priceFactor[product] *= change;
    this.nextReprice += REPRICE_EVERY_MS * (0.5 + this.random());
  }

  private newSession(): Session {
    const source = pick(this.sources, this.random(), (s) => s.share);
    const currency = pick(source.currencies, this.random(), (c) => c[1]);
    this.counter += 1;
    return {
      id: `s-${this.seed}-${this.counter}`,
      userId: this.random() < 0.3 ? '' : `u-${Math.floor(this.random() * 50_000)}`,
      source,
      currency,
      viewed: [],
      cart: [],
      checkout: [],
    };
  }

  private sessionEvent(): GeneratedEvent {
    const slot = Math.floor(this.random() * this.sessions.length);
    const session = this.sessions[slot];
    let type: string;
    let product: number;
    if (session.checkout.length > 0) {
      type = 'purchase';
      product = session.checkout.pop()!;
      if (session.checkout.length === 0) this.sessions[slot] = this.newSession();
    } else {
      const r = this.random();
      if (r < 0.12 && session.viewed.length > 0) {
        type = 'add_to_cart';
        product = session.viewed[Math.floor(this.random() * session.viewed.length)];
        session.cart.push(product);
      } else if (r < 0.15 && session.cart.length > 0) {
        type = 'purchase';
        const size = Math.min(this.catalog.basketSizes[Math.floor(this.random() * this.catalog.basketSizes.length)], 10);
        while (session.cart.length < size) session.cart.push(this.popularProduct());
        session.checkout = session.cart.splice(0);
        product = session.checkout.pop()!;
        if (session.checkout.length === 0) this.sessions[slot] = this.newSession();
      } else if (r > 0.985) {
        type = 'view';
        product = -1;
        this.sessions[slot] = this.newSession();
      } else {
        type = 'view';
        product = this.popularProduct();
        session.viewed.push(product);
        if (session.viewed.length > 20) session.viewed.shift();
      }
    }
    return this.build(session, type, product);
  }

  private build(session: Session, type: string, product: number): GeneratedEvent {
    const [currency, , fx] = session.currency;
    let productId: string;
    let gbp: number;
    if (product < 0 || this.random() < 0.003) {
      // A new product with no history, at a catalog-like price.
      this.newProducts += 1;
      productId = `NEW-${this.seed}-${Math.floor(this.newProducts / 20)}`;
      gbp = 0.5 + ((Math.floor(this.newProducts / 20) * 7919) % 2000) / 100;
    } else {
      const spec = this.catalog.products[product];
      productId = spec.id;
      gbp = pick(spec.levels, this.random(), (_, i) => spec.levelShares[i]) * this.priceFactor[product];
    }
    this.counter += 1;
    const late = session.source.lateShare > 0 && this.random() < session.source.lateShare;
    const lag = late ? 600_000 + this.random() * 3 * 3600_000 : 20 + this.random() * 300;
    const raw: Record<string, unknown> = {
      eventId: uuid(this.seed, this.counter),
      type,
      sessionId: this.random() < 0.001 ? null : session.id,
      productId,
      quantity: type === 'view' ? 1 : 1 + Math.floor(this.random() * 3),
      occurredAt: new Date(Math.round(this.clock - lag)).toISOString(),
      source: session.source.name,
    };
    // Anonymous shoppers carry no userId: the gateway rejects "" (and the sentinel's service feeds it
    // events re-serialised without one), so an empty string here would hide 30 % of events' values.
    if (session.userId) raw.userId = session.userId;
    // Views usually carry the price shown on the page; some trackers send none.
    if (type !== 'view' || this.random() < 0.9) raw.price = { amount: Math.round(gbp * fx * 100) / 100, currency };
    return { raw, ingestedAt: Math.round(this.clock), source: session.source.name };
  }
}

function pick<T>(items: readonly T[], u: number, weight: (item: T, i: number) => number): T {
  let total = 0;
  for (let i = 0; i < items.length; i++) total += weight(items[i], i);
  let at = u * total;
  for (let i = 0; i < items.length; i++) {
    at -= weight(items[i], i);
    if (at <= 0) return items[i];
  }
  return items[items.length - 1];
}

function uuid(seed: number, n: number): string {
  const hex = ((seed & 0xffffff).toString(16).padStart(6, '0') + n.toString(16).padStart(26, '0')).slice(-32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
