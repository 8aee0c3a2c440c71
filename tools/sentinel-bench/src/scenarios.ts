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
  /** Events to watch after the change when the default is too short (a mix is judged per session). */
  postEvents?: number;
  /** Warm-up when the detector needs longer than the default to be armed (the change lands after it). */
  warmupEvents?: number;
  begin?: (stream: ShopStream) => void;
  transform?: (event: GeneratedEvent, random: () => number, recent: GeneratedEvent[]) => GeneratedEvent[];
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

function alter(change: (raw: Record<string, unknown>, event: GeneratedEvent, random: () => number) => void, share = 1, source?: string): Scenario['transform'] {
  return (event, random) => {
    if ((!source || event.source === source) && random() < share) change(event.raw, event, random);
    return [event];
  };
}

export const FAULTS: Scenario[] = [
  { name: 'price x0.92 on 100%', fault: true, expected: PRICE_KINDS, affects: ALL, transform: scalePrices(0.92, 1) },
  { name: 'price x0.92 on 30%', fault: true, expected: PRICE_KINDS, affects: ALL, transform: scalePrices(0.92, 0.3) },
  { name: 'price x0.92 on 10%', fault: true, expected: PRICE_KINDS, affects: ALL, transform: scalePrices(0.92, 0.1) },
  { name: 'price x100 (cents)', fault: true, expected: PRICE_KINDS, affects: ALL, transform: scalePrices(100, 1) },
  { name: 'price x0.01', fault: true, expected: PRICE_KINDS, affects: ALL, transform: scalePrices(0.01, 1) },
  { name: 'null burst sessionId 0.1%->100%', fault: true, expected: ['null_burst'], affects: ALL, transform: alter((raw) => { raw.sessionId = null; }) },
  {
    name: 'zero burst price.amount', fault: true, expected: ['null_burst'], affects: ALL,
    transform: alter((raw) => { if (raw.price) raw.price = { amount: 0, currency: (raw.price as { currency: string }).currency }; }),
  },
  {
    name: 'renamed field price->unitPrice', fault: true, expected: ['schema_change', 'null_burst'], affects: ALL,
    transform: alter((raw) => { if (raw.price) { raw.unitPrice = raw.price; delete raw.price; } }),
  },
  {
    name: 'type change amount->string', fault: true, expected: ['schema_change'], affects: ALL,
    transform: alter((raw) => { const p = raw.price as { amount: number; currency: string } | undefined; if (p) raw.price = { amount: p.amount.toFixed(2), currency: p.currency }; }),
  },
  { name: 'new enum type=add_to_wishlist', fault: true, expected: ['new_enum_value'], affects: ALL, transform: alter((raw) => { if (raw.type === 'view') raw.type = 'add_to_wishlist'; }, 0.3) },
  { name: 'volume drop all sources (to 20%)', fault: true, expected: ['volume_drop'], affects: ALL, transform: (event, random) => (random() < 0.2 ? [event] : []) },
  { name: 'volume drop one source (app to 10%)', fault: true, expected: ['volume_drop'], affects: (s) => s === 'app', transform: (event, random) => (event.source !== 'app' || random() < 0.1 ? [event] : []) },
  {
    // Views carry on, so the source's total falls by only its purchase share: a per-type test is needed.
    // Its test is armed once it has learned 10 blocks of its burstiness (blocks of up to 2 minutes for a
    // type that checks out in baskets), so this fault lands after a 200 000-event (~35 min) warm-up.
    name: 'volume drop one type (web purchases stop)', fault: true, expected: ['volume_drop'], affects: (s) => s === 'web', postEvents: 20_000, warmupEvents: 200_000,
    transform: (event) => (event.source === 'web' && event.raw.type === 'purchase' ? [] : [event]),
  },
  {
    name: 'duplicate flood 20%', fault: true, expected: ['duplicate_events'], affects: ALL,
    transform: (event, random, recent) => (random() < 0.25 && recent.length > 0 ? [event, { ...recent[Math.floor(random() * recent.length)], ingestedAt: event.ingestedAt }] : [event]),
  },
  { name: 'stale timestamps (3h old)', fault: true, expected: ['stale_events'], affects: ALL, transform: alter((raw, event) => { raw.occurredAt = new Date(event.ingestedAt - 3 * 3600_000).toISOString(); }) },
  { name: 'future timestamps (+1h)', fault: true, expected: ['future_events'], affects: ALL, transform: alter((raw, event) => { raw.occurredAt = new Date(event.ingestedAt + 3600_000).toISOString(); }) },
  {
    name: 'purchase share x2', fault: true, expected: ['mix_shift'], affects: ALL, postEvents: 40_000,
    transform: alter((raw) => { if (raw.type === 'view' && raw.price) raw.type = 'purchase'; }, 0.2),
  },
  {
    name: 'currency share shift (app EUR 20%->60%)', fault: true, expected: ['mix_shift', 'price_unit_shift'], affects: (s) => s === 'app', postEvents: 40_000,
    transform: alter((raw) => { const p = raw.price as { amount: number; currency: string } | undefined; if (p && p.currency === 'USD') raw.price = { amount: Math.round(p.amount * 0.92 * 100) / 100, currency: 'EUR' }; }, 0.5, 'app'),
  },
];

export const NORMAL_CHANGES: Scenario[] = [
  { name: 'repriced bestseller (+12%)', fault: false, expected: [], affects: ALL, begin: (s) => { s.priceFactor[0] *= 1.12; } },
  { name: 'promotion on 4 top products (-20%)', fault: false, expected: [], affects: ALL, begin: (s) => s.promote([1, 3, 6, 10], 0.8, 6 * 3600_000) },
  { name: 'traffic spike (x3, fading)', fault: false, expected: [], affects: ALL, begin: (s) => s.spike() },
  {
    name: 'new products (5% of events)', fault: false, expected: [], affects: ALL,
    transform: alter((raw, _event, random) => {
      // Each launched product has its own price, unknown to the sentinel.
      const launch = Math.floor(random() * 200);
      raw.productId = `LAUNCH-${launch}`;
      const price = raw.price as { currency: string } | undefined;
      if (price) raw.price = { amount: Math.round((3 + launch * 0.37) * 100) / 100, currency: price.currency };
    }, 0.05),
  },
];
