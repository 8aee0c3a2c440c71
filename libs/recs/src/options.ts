import { MAX_FUTURE_SKEW_MS, type EventType } from '@shelflife/contracts';

/** Every knob of the model. Defaults were tuned on validation splits (see docs/recommendation.md). */
export interface RecsOptions {
  /** How much one event of each type says; 0 means "learn no relation from it". */
  eventWeights: Record<EventType, number>;
  /** Relations kept per product (the top ones by weight); the rest are pruned. */
  maxRelationsPerProduct: number;
  /** Extra slots above the cap before a prune runs, as a fraction of the cap (gives newcomers room to grow). */
  relationSlack: number;
  /** Items remembered per session (for pairing, exclusions and session queries). */
  maxSessionHistory: number;
  /** Sessions (and, separately, users) kept; the least recently active are dropped first. */
  maxSessions: number;
  /** How many earlier items of the session a new item is paired with (SR uses 10). */
  pairWindow: number;
  /** Pair weight falls as 1 / distance^distanceExponent (1 is SR's 1/distance). */
  distanceExponent: number;
  /** Weight of the reverse direction (B after A also teaches B -> A): 0 is pure sequence, 1 symmetric. */
  backwardWeight: number;
  /** Weight of pairs with the same user's items from earlier sessions (relative to in-session pairs). */
  crossSessionWeight: number;
  /** Earlier-session items of a user paired with a new event. */
  crossSessionWindow: number;
  /** Time decay half-life in milliseconds (Infinity: no decay). */
  halfLifeMs: number;
  /** Normalisation exponent on the candidate's own count: 0 = raw co-occurrence, 1 = lift-like. */
  popularityExponent: number;
  /** Pseudo-count added to every candidate count so rare items do not win on one lucky co-occurrence. */
  countShrinkage: number;
  /** Session query: weight of the k-th most recent item is recencyDecay^k. */
  recencyDecay: number;
  /** Session query: how many recent distinct items are blended. */
  queryHistory: number;
  /** Score for items already in the session (re-visits), relative to the best related item; 0 disables. */
  repeatWeight: number;
  /** Share of the batch model in a blended answer (0..1). */
  batchWeight: number;
  /** Popular items tracked for the fallback. */
  popularTracked: number;
  /** A session idle this long is treated as over (its history no longer drives answers). */
  sessionIdleMs: number;
  /** Event ids remembered per dedup generation; between this and twice this many recent ids are recognised. */
  dedupWindow: number;
  /**
   * Most recent applied events whose increments are journalled so that `retract` can undo them (0: no journal,
   * nothing can be retracted). 46 bytes per event plus 16 per pair it taught (see docs/recommendation.md).
   */
  journalMaxEvents: number;
  /** Journal entries older than this (event time, against the model clock) are dropped; Infinity keeps them until the count bound. */
  journalMaxAgeMs: number;
  /**
   * An event's time, for decay and for the model clock, is never later than its receiving clock plus this
   * (issue 13: one event dated ahead must not move the clock). Also bounds a restored snapshot's clock.
   */
  maxFutureSkewMs: number;
  /** The model clock is the k-th latest (receipt-bounded) event time seen: fewer than k outliers never move it. 1 = the latest. */
  clockWatermarkRank: number;
}

export const DEFAULT_RECS_OPTIONS: Readonly<RecsOptions> = Object.freeze({
  eventWeights: Object.freeze({ view: 1, add_to_cart: 3, purchase: 5, remove_from_cart: 0 }),
  maxRelationsPerProduct: 64,
  relationSlack: 0.25,
  maxSessionHistory: 20,
  maxSessions: 100_000,
  pairWindow: 10,
  distanceExponent: 1,
  backwardWeight: 0.5,
  crossSessionWeight: 0.3,
  crossSessionWindow: 5,
  halfLifeMs: 14 * 24 * 3600 * 1000,
  popularityExponent: 0.3,
  countShrinkage: 1,
  recencyDecay: 0.5,
  queryHistory: 5,
  repeatWeight: 0,
  batchWeight: 0.5,
  popularTracked: 200,
  sessionIdleMs: 30 * 60 * 1000,
  dedupWindow: 500_000,
  // 100 s of traffic at 1,000 events/s: covers the slow faults' detection delay (tens of seconds) plus a 10 s verdict repeat.
  journalMaxEvents: 100_000,
  journalMaxAgeMs: 10 * 60 * 1000,
  maxFutureSkewMs: MAX_FUTURE_SKEW_MS,
  clockWatermarkRank: 8,
}) as RecsOptions;

/** Fills in defaults and rejects values that would break the model, naming the option and the allowed range. */
export function resolveRecsOptions(partial: Partial<RecsOptions> = {}): RecsOptions {
  const options: RecsOptions = {
    ...DEFAULT_RECS_OPTIONS,
    ...partial,
    eventWeights: { ...DEFAULT_RECS_OPTIONS.eventWeights, ...partial.eventWeights },
  };
  const positiveInts: (keyof RecsOptions)[] = [
    'maxRelationsPerProduct',
    'maxSessionHistory',
    'maxSessions',
    'pairWindow',
    'queryHistory',
    'popularTracked',
    'dedupWindow',
  ];
  for (const key of positiveInts) requireRange(key, options[key] as number, 1, Number.MAX_SAFE_INTEGER, true);
  requireRange('crossSessionWindow', options.crossSessionWindow, 0, 1_000, true);
  requireRange('journalMaxEvents', options.journalMaxEvents, 0, 10_000_000, true);
  requireRange('clockWatermarkRank', options.clockWatermarkRank, 1, 64, true);
  requireRange('maxFutureSkewMs', options.maxFutureSkewMs, 0, Infinity, false);
  requireRange('relationSlack', options.relationSlack, 0, 10, false);
  requireRange('distanceExponent', options.distanceExponent, 0, 10, false);
  requireRange('backwardWeight', options.backwardWeight, 0, 10, false);
  requireRange('crossSessionWeight', options.crossSessionWeight, 0, 10, false);
  requireRange('popularityExponent', options.popularityExponent, 0, 2, false);
  requireRange('countShrinkage', options.countShrinkage, 0, 1e9, false);
  requireRange('recencyDecay', options.recencyDecay, 0, 1, false);
  requireRange('repeatWeight', options.repeatWeight, 0, 100, false);
  requireRange('batchWeight', options.batchWeight, 0, 1, false);
  if (!(options.halfLifeMs > 0))
    throw new RangeError(`recs option halfLifeMs must be > 0 (use Infinity for no decay), got ${options.halfLifeMs}`);
  if (!(options.journalMaxAgeMs > 0))
    throw new RangeError(`recs option journalMaxAgeMs must be > 0 (use Infinity for no age bound), got ${options.journalMaxAgeMs}`);
  if (!(options.sessionIdleMs > 0))
    throw new RangeError(`recs option sessionIdleMs must be > 0 (use Infinity to never expire), got ${options.sessionIdleMs}`);
  for (const [type, weight] of Object.entries(options.eventWeights)) {
    if (!Number.isFinite(weight) || weight < 0)
      throw new RangeError(`recs option eventWeights.${type} must be a finite number >= 0, got ${weight}`);
  }
  return options;
}

function requireRange(name: string, value: number, min: number, max: number, integer: boolean): void {
  const ok = typeof value === 'number' && value >= min && value <= max && (!integer || Number.isInteger(value));
  if (!ok) throw new RangeError(`recs option ${name} must be ${integer ? 'an integer' : 'a number'} in [${min}, ${max}], got ${value}`);
}
