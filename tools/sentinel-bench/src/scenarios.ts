import type { AlertKind } from '@shelflife/quality';
import type { GeneratedEvent, ShopStream } from './shop-stream';

/**
 * A fault or a normal business change injected into the stream at one event. `transform` may alter,
 * drop (return []) or add events; `begin` may change the generator itself (traffic, promotions).
 */
export interface Scenario {
  name: string;
  /** Faults must be caught; normal changes must not alarm. */
  fault: boolean;
  /** Alert kinds that count as catching this fault. */
  expected: AlertKind[];
  /** Sources the fault touches; delays count these sources' events. */
  affects: (source: string) => boolean;
  /**
   * What the first alert of an expected kind must say (tested on "source: cause"): the benchmark reports
   * how often the sentinel named the source and the cause, not only that it raised something.
   */
  names?: RegExp;
  /** Events to watch after the change when the default is too short (a mix is judged per session). */
  postEvents?: number;
  /** Warm-up when the detector needs longer than the default to be armed (the change lands after it). */
  warmupEvents?: number;
  begin?: (stream: ShopStream) => void;
  /** `elapsedMs`: ingest time since the change (a drifting clock moves with it). */
  transform?: (event: GeneratedEvent, random: () => number, recent: GeneratedEvent[], elapsedMs: number) => GeneratedEvent[];
}

const ALL = (): boolean => true;
const PRICE_KINDS: AlertKind[] = ['price_unit_shift'];

function scalePrices(factor: number, share: number): Scenario['transform'] {
  return (event, random) => {
    const price = event.raw.price as { amount: number; currency: string } | undefined;
    if (price && random() < share) event.raw.price = { amount: Math.round(price.amount * factor * 100) / 100, currency: price.currency };
    return [event];
  };
}

function alter(
  change: (raw: Record<string, unknown>, event: GeneratedEvent, random: () => number, elapsedMs: number) => void,
  share = 1,
  source?: string,
): Scenario['transform'] {
  return (event, random, _recent, elapsedMs) => {
    if ((!source || event.source === source) && random() < share) change(event.raw, event, random, elapsedMs);
    return [event];
  };
}

/** Moves occurredAt by `shift(event)` ms for one source (negative: the event looks older). */
function shiftTime(source: string, shift: (elapsedMs: number) => number): Scenario['transform'] {
  return alter(
    (raw, _event, _random, elapsedMs) => {
      raw.occurredAt = new Date(Date.parse(raw.occurredAt as string) + shift(elapsedMs)).toISOString();
    },
    1,
    source,
  );
}

/** A random UUID (v4 layout) from the scenario's random source: a replay mints fresh ids. */
function freshId(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const HOUR = 3600_000;

/** occurredAt of the frozen clock in the current run (reset by the scenario's begin). */
let frozenAt = 0;

export const FAULTS: Scenario[] = [
  { name: 'price x0.92 on 100%', fault: true, expected: PRICE_KINDS, affects: ALL, transform: scalePrices(0.92, 1) },
  { name: 'price x0.92 on 30%', fault: true, expected: PRICE_KINDS, affects: ALL, transform: scalePrices(0.92, 0.3) },
  { name: 'price x0.92 on 10%', fault: true, expected: PRICE_KINDS, affects: ALL, transform: scalePrices(0.92, 0.1) },
  { name: 'price x100 (cents)', fault: true, expected: PRICE_KINDS, affects: ALL, transform: scalePrices(100, 1) },
  { name: 'price x0.01', fault: true, expected: PRICE_KINDS, affects: ALL, transform: scalePrices(0.01, 1) },
  // partner is the only GBP source (10 % of events): its currency scope has learned the 10 000 priced events it needs
  // before its price test may alarm only after about 110 000 events, so this fault lands after a 150 000-event warm-up.
  {
    name: 'price x100 one source (partner)',
    fault: true,
    expected: PRICE_KINDS,
    affects: (s) => s === 'partner',
    warmupEvents: 150_000,
    names: /^partner: .*cents/,
    transform: alter((raw) => scaleOne(raw, 100), 1, 'partner'),
  },
  {
    name: 'price x1.17 (GBP sent as EUR)',
    fault: true,
    expected: PRICE_KINDS,
    affects: ALL,
    names: /GBP→EUR/,
    transform: scalePrices(1.17, 1),
  },
  {
    name: 'price x1.17 one source (web)',
    fault: true,
    expected: PRICE_KINDS,
    affects: (s) => s === 'web',
    names: /^web: .*GBP→EUR/,
    transform: alter((raw) => scaleOne(raw, 1.17), 1, 'web'),
  },
  {
    name: 'null burst sessionId 0.1%->100%',
    fault: true,
    expected: ['null_burst'],
    affects: ALL,
    transform: alter((raw) => {
      raw.sessionId = null;
    }),
  },
  {
    name: 'zero burst price.amount',
    fault: true,
    expected: ['null_burst'],
    affects: ALL,
    transform: alter((raw) => {
      if (raw.price) raw.price = { amount: 0, currency: (raw.price as { currency: string }).currency };
    }),
  },
  {
    name: 'renamed field price->unitPrice',
    fault: true,
    expected: ['schema_change', 'null_burst'],
    affects: ALL,
    transform: alter((raw) => {
      if (raw.price) {
        raw.unitPrice = raw.price;
        delete raw.price;
      }
    }),
  },
  {
    name: 'type change amount->string',
    fault: true,
    expected: ['schema_change'],
    affects: ALL,
    transform: alter((raw) => {
      const p = raw.price as { amount: number; currency: string } | undefined;
      if (p) raw.price = { amount: p.amount.toFixed(2), currency: p.currency };
    }),
  },
  {
    name: 'new enum type=add_to_wishlist',
    fault: true,
    expected: ['new_enum_value'],
    affects: ALL,
    transform: alter((raw) => {
      if (raw.type === 'view') raw.type = 'add_to_wishlist';
    }, 0.3),
  },
  {
    name: 'volume drop all sources (to 20%)',
    fault: true,
    expected: ['volume_drop'],
    affects: ALL,
    transform: (event, random) => (random() < 0.2 ? [event] : []),
  },
  {
    name: 'source silent (partner stops)',
    fault: true,
    expected: ['volume_drop'],
    affects: (s) => s === 'partner',
    names: /^partner: /,
    transform: (event) => (event.source === 'partner' ? [] : [event]),
  },
  {
    name: 'volume drop one source (app to 10%)',
    fault: true,
    expected: ['volume_drop'],
    affects: (s) => s === 'app',
    transform: (event, random) => (event.source !== 'app' || random() < 0.1 ? [event] : []),
  },
  {
    // Views carry on, so the source's total falls by only its purchase share: a per-type test is needed.
    // Its test is armed once it has learned 10 blocks of its burstiness (blocks of up to 2 minutes for a
    // type that checks out in baskets), so this fault lands after a 200 000-event (~35 min) warm-up.
    name: 'volume drop one type (web purchases stop)',
    fault: true,
    expected: ['volume_drop'],
    affects: (s) => s === 'web',
    postEvents: 20_000,
    warmupEvents: 200_000,
    transform: (event) => (event.source === 'web' && event.raw.type === 'purchase' ? [] : [event]),
  },
  {
    name: 'quantity always 1 (web)',
    fault: true,
    expected: ['constant_field'],
    affects: (s) => s === 'web',
    names: /^web: quantity of (add_to_cart|purchase)/,
    transform: alter(
      (raw) => {
        raw.quantity = 1;
      },
      1,
      'web',
    ),
  },
  {
    name: 'price always 0 (app)',
    fault: true,
    expected: ['null_burst'],
    affects: (s) => s === 'app',
    names: /^app: .*price\.amount/,
    transform: alter(
      (raw) => {
        if (raw.price) raw.price = { amount: 0, currency: (raw.price as { currency: string }).currency };
      },
      1,
      'app',
    ),
  },
  {
    name: 'product ids change format (app: APP-<id>)',
    fault: true,
    expected: ['unseen_product_ids'],
    affects: (s) => s === 'app',
    names: /^app: .*catalogue remap/,
    transform: alter(
      (raw) => {
        raw.productId = `APP-${String(raw.productId)}`;
      },
      1,
      'app',
    ),
  },
  {
    // A job re-sends recent events under fresh eventIds: same shopper, product, type and time.
    name: 'upstream replay (content duplicates, 20%)',
    fault: true,
    expected: ['content_duplicates'],
    affects: ALL,
    names: /upstream replay under fresh eventIds/,
    transform: (event, random, recent) => {
      if (random() >= 0.25 || recent.length === 0) return [event];
      const original = recent[Math.floor(random() * recent.length)];
      return [event, { ...original, raw: { ...original.raw, eventId: freshId(random) }, ingestedAt: event.ingestedAt }];
    },
  },
  {
    name: 'duplicate flood 20%',
    fault: true,
    expected: ['duplicate_events'],
    affects: ALL,
    transform: (event, random, recent) =>
      random() < 0.25 && recent.length > 0
        ? [event, { ...recent[Math.floor(random() * recent.length)], ingestedAt: event.ingestedAt }]
        : [event],
  },
  {
    name: 'clock: app sends local time as UTC (UTC-5)',
    fault: true,
    expected: ['stale_events', 'clock_skew'],
    affects: (s) => s === 'app',
    names: /^app: .*UTC−5\)/,
    transform: shiftTime('app', () => -5 * HOUR),
  },
  {
    // The edge refuses events more than 5 min ahead: the sentinel sees the source fall silent, not the dates.
    name: 'clock: web sends local time as UTC (UTC+2), refused at the edge',
    fault: true,
    expected: ['volume_drop'],
    affects: (s) => s === 'web',
    names: /^web: /,
    transform: (event) => (event.source === 'web' ? [] : [event]),
  },
  {
    name: 'clock: web skewed 3 min behind',
    fault: true,
    expected: ['clock_skew'],
    affects: (s) => s === 'web',
    names: /^web: .*skewed by ~3 min \(behind\)/,
    transform: shiftTime('web', () => -3 * 60_000),
  },
  {
    name: 'clock: app skewed 90 s ahead',
    fault: true,
    expected: ['clock_skew'],
    affects: (s) => s === 'app',
    names: /^app: .*skewed by ~(8[5-9]|9[0-5]) s \(ahead\)/,
    transform: shiftTime('app', () => 90_000),
  },
  {
    name: 'clock: web drifts 2 s/min behind',
    fault: true,
    expected: ['clock_skew', 'stale_events'],
    affects: (s) => s === 'web',
    postEvents: 40_000,
    names: /^web: .*drifts behind/,
    transform: shiftTime('web', (elapsedMs) => (-2000 * elapsedMs) / 60_000),
  },
  {
    name: 'clock: partner timestamp frozen',
    fault: true,
    expected: ['frozen_timestamps'],
    affects: (s) => s === 'partner',
    names: /^partner: /,
    begin: () => {
      frozenAt = 0;
    },
    transform: alter(
      (raw) => {
        if (frozenAt === 0) frozenAt = Date.parse(raw.occurredAt as string);
        raw.occurredAt = new Date(frozenAt).toISOString();
      },
      1,
      'partner',
    ),
  },
  {
    name: 'app backlog of old events (1-6 h old)',
    fault: true,
    expected: ['stale_events'],
    affects: (s) => s === 'app',
    names: /^app: .*backlog/,
    transform: alter(
      (raw, event, random) => {
        raw.occurredAt = new Date(event.ingestedAt - (1 + 5 * random()) * HOUR).toISOString();
      },
      1,
      'app',
    ),
  },
  {
    name: 'stale timestamps (3h old)',
    fault: true,
    expected: ['stale_events'],
    affects: ALL,
    transform: alter((raw, event) => {
      raw.occurredAt = new Date(event.ingestedAt - 3 * 3600_000).toISOString();
    }),
  },
  {
    name: 'future timestamps (+1h)',
    fault: true,
    expected: ['future_events'],
    affects: ALL,
    transform: alter((raw, event) => {
      raw.occurredAt = new Date(event.ingestedAt + 3600_000).toISOString();
    }),
  },
  {
    name: 'purchase share x2',
    fault: true,
    expected: ['mix_shift'],
    affects: ALL,
    postEvents: 40_000,
    transform: alter((raw) => {
      if (raw.type === 'view' && raw.price) raw.type = 'purchase';
    }, 0.2),
  },
  {
    name: 'currency share shift (app EUR 20%->60%)',
    fault: true,
    expected: ['mix_shift', 'price_unit_shift'],
    affects: (s) => s === 'app',
    postEvents: 40_000,
    transform: alter(
      (raw) => {
        const p = raw.price as { amount: number; currency: string } | undefined;
        if (p && p.currency === 'USD') raw.price = { amount: Math.round(p.amount * 0.92 * 100) / 100, currency: 'EUR' };
      },
      0.5,
      'app',
    ),
  },
];

function scaleOne(raw: Record<string, unknown>, factor: number): void {
  const price = raw.price as { amount: number; currency: string } | undefined;
  if (price) raw.price = { amount: Math.round(price.amount * factor * 100) / 100, currency: price.currency };
}

export const NORMAL_CHANGES: Scenario[] = [
  {
    name: 'repriced bestseller (+12%)',
    fault: false,
    expected: [],
    affects: ALL,
    begin: (s) => {
      s.priceFactor[0] *= 1.12;
    },
  },
  {
    name: 'promotion on 4 top products (-20%)',
    fault: false,
    expected: [],
    affects: ALL,
    begin: (s) => s.promote([1, 3, 6, 10], 0.8, 6 * 3600_000),
  },
  { name: 'traffic spike (x3, fading)', fault: false, expected: [], affects: ALL, begin: (s) => s.spike() },
  {
    name: 'new products (5% of events)',
    fault: false,
    expected: [],
    affects: ALL,
    transform: alter((raw, _event, random) => {
      // Each launched product has its own price, unknown to the sentinel.
      const launch = Math.floor(random() * 200);
      raw.productId = `LAUNCH-${launch}`;
      const price = raw.price as { currency: string } | undefined;
      if (price) raw.price = { amount: Math.round((3 + launch * 0.37) * 100) / 100, currency: price.currency };
    }, 0.05),
  },
  {
    // Three products (5.2 % of picks with the real catalog) each at its own discount; traffic doubles and 8 % of
    // picks go to them: 2 × (0.08 + 0.92 × 0.052) / 0.052 ≈ ×5 volume on those products.
    name: 'flash sale (x5 volume on 3 products)',
    fault: false,
    expected: [],
    affects: ALL,
    begin: (s) => {
      s.promote([2], 0.7, 3 * HOUR);
      s.promote([7], 0.6, 3 * HOUR);
      s.promote([12], 0.5, 3 * HOUR);
      s.flashSale([2, 7, 12], 0.08);
      s.rateMultiplier = 2;
    },
  },
  {
    name: 'new source joins (kiosk, 15%)',
    fault: false,
    expected: [],
    affects: ALL,
    begin: (s) => s.addSource({ name: 'kiosk', share: 0.15, currencies: [['USD', 1, 1.27]], lateShare: 0 }),
  },
  {
    // Traffic x4 over 30 minutes, and 21 products discounted: at most 3 share one factor (5 would be a unit change).
    name: 'Black Friday (x4 ramp, 21 products on sale)',
    fault: false,
    expected: [],
    affects: ALL,
    postEvents: 150_000,
    begin: (s) => {
      const discounts = [0.9, 0.85, 0.8, 0.75, 0.7, 0.6, 0.5];
      for (let i = 0; i < 21; i++) s.promote([i * 3 + 1], discounts[i % discounts.length], 12 * HOUR);
      s.rampTo(4, HOUR / 2);
    },
  },
  {
    name: 'launch of 500 new products (20% of events, catalogue ids)',
    fault: false,
    expected: [],
    affects: ALL,
    transform: alter((raw, _event, random) => {
      const launch = Math.floor(random() * 500);
      raw.productId = String(900_000 + launch);
      const price = raw.price as { currency: string } | undefined;
      if (price) raw.price = { amount: Math.round((2 + (launch % 97) * 0.41) * 100) / 100, currency: price.currency };
    }, 0.2),
  },
  {
    // Traffic falls to 5 % over an hour and stays there: a night with almost no traffic.
    name: 'quiet night (to 5% over 1 h)',
    fault: false,
    expected: [],
    affects: ALL,
    postEvents: 150_000,
    begin: (s) => s.rampTo(0.05, HOUR),
  },
];
