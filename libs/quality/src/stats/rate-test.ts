import { newCusum, stepCusum, type CusumChange, type CusumState } from './cusum';

/** How a rate test sets its alternative: p1 = clamp(max(minAlternative, lift * p0)). */
export interface RateTestProfile {
  minAlternative: number;
  lift: number;
}

export interface RateCondition {
  /** Occurrences counted into the baseline (halved with the stream count). */
  k: number;
  cusum: CusumState;
  /** A few product ids from the current run, for the alert. */
  samples: string[];
  /** Hits per source in the current run: a stream over all sources blames one source when it can. */
  sources: Record<string, number>;
  /** Signal key of the alert this condition raised ('' when none). */
  alertKey: string;
}

/** Where one event sits, as the rate tests need it. */
export interface RateEvent {
  index: number;
  eventId: string;
  productId: string;
  source: string;
}

/** Learned occurrence rates of many conditions of one stream, each with a Bernoulli CUSUM. */
export interface RateStreamState {
  n: number;
  conditions: Map<string, RateCondition>;
  /** Conditions whose CUSUM is above 0: only these need a step on events where they do not occur. */
  armed: Set<string>;
}

export interface RateChange {
  label: string;
  change: Exclude<CusumChange, undefined>;
  condition: RateCondition;
  baselineRate: number;
}

export interface RateTestSettings {
  h: number;
  warmupEvents: number;
  horizonEvents: number;
  profile: RateTestProfile;
}

const MAX_SAMPLES = 5;
/**
 * Conditions more common than this are not tested event by event: they come in runs (one anonymous
 * shopper sends many events), which breaks the independence the Bernoulli CUSUM relies on. The mix
 * detector watches such shares block by block, per session.
 */
export const MAX_EVENT_LEVEL_RATE = 0.05;

export function newRateStream(): RateStreamState {
  return { n: 0, conditions: new Map(), armed: new Set() };
}

/** Jeffreys estimate: a condition never seen in n events reads as 0.5 / (n + 1), never as 0. */
export function baselineRate(k: number, n: number): number {
  return (k + 0.5) / (n + 1);
}

function alternativeRate(p0: number, profile: RateTestProfile): number {
  return Math.min(0.999, Math.max(profile.minAlternative, profile.lift * p0));
}

/**
 * Feeds one event of the stream: `hits` are the conditions it shows (usually none).
 * Bounded work: the hits plus the armed conditions.
 */
export function observeRates(
  stream: RateStreamState,
  hits: readonly string[],
  settings: RateTestSettings,
  event: RateEvent,
  changes: RateChange[],
): void {
  countEvent(stream, settings);
  const testing = stream.n > settings.warmupEvents;
  for (const label of hits) {
    let condition = stream.conditions.get(label);
    if (!condition) {
      condition = { k: 0, cusum: newCusum(), samples: [], sources: {}, alertKey: '' };
      stream.conditions.set(label, condition);
    }
    const p0 = baselineRate(condition.k, stream.n);
    // Alarmed data must not teach the baseline that it is normal.
    if (!condition.cusum.active) condition.k += 1;
    if (!testing) continue;
    const p1 = alternativeRate(p0, settings.profile);
    if (p0 > MAX_EVENT_LEVEL_RATE && condition.cusum.s === 0) continue;
    if (condition.cusum.s === 0) {
      condition.samples = [];
      condition.sources = {};
    }
    const productId = event.productId;
    if (productId && condition.samples.length < MAX_SAMPLES && !condition.samples.includes(productId)) condition.samples.push(productId);
    condition.sources[event.source] = (condition.sources[event.source] ?? 0) + 1;
    record(stream, label, condition, stepCusum(condition.cusum, Math.log(p1 / p0), settings.h, event.index, event.eventId), p0, changes);
  }
  if (!testing || stream.armed.size === 0) return;
  for (const label of stream.armed) {
    if (hits.includes(label)) continue;
    const condition = stream.conditions.get(label)!;
    const p0 = baselineRate(condition.k, stream.n);
    const p1 = alternativeRate(p0, settings.profile);
    record(
      stream,
      label,
      condition,
      stepCusum(condition.cusum, Math.log((1 - p1) / (1 - p0)), settings.h, event.index, event.eventId),
      p0,
      changes,
    );
  }
}

/** The whole update for an event that shows no condition while none is armed (the common case). */
export function countEvent(stream: RateStreamState, settings: RateTestSettings): void {
  stream.n += 1;
  if (stream.n > settings.horizonEvents) halve(stream);
}

function record(
  stream: RateStreamState,
  label: string,
  condition: RateCondition,
  change: CusumChange,
  p0: number,
  changes: RateChange[],
): void {
  if (condition.cusum.s > 0) stream.armed.add(label);
  else stream.armed.delete(label);
  if (change) changes.push({ label, change, condition, baselineRate: p0 });
}

function halve(stream: RateStreamState): void {
  stream.n /= 2;
  for (const condition of stream.conditions.values()) condition.k /= 2;
}

/** Share of a run's hits from one source for a fault seen over all sources to be blamed on it alone. */
const SINGLE_SOURCE_SHARE = 0.9;

/** The one source behind nearly all of a run's hits, else "*" (every source). */
export function blamedSource(hitsBySource: Readonly<Record<string, number>>): string {
  let total = 0;
  for (const hits of Object.values(hitsBySource)) total += hits;
  for (const [source, hits] of Object.entries(hitsBySource)) if (hits >= SINGLE_SOURCE_SHARE * total) return source;
  return '*';
}
