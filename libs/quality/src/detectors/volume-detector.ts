import type { AlertChange } from '../alert';
import { signalKey, type AlertBook } from '../alert-book';
import type { ObservedEvent } from '../observed-event';
import { alarmThreshold, type QualityOptions } from '../options';
import { cusumConfidence, newCusum, stepCusum, type CusumState } from '../stats/cusum';
import { addSecond, newBlock, newDispersion, type DispersionState } from '../stats/dispersion';
import { round } from '../stats/round';
import type { Detector } from './detector';

/** Below this learned rate (events/s) a one-second Poisson test says too little to be worth it. */
const MIN_TESTED_RATE = 0.2;
/** A silent gap longer than this (s) is closed in one step: the work per event stays bounded. */
const MAX_SECONDS_CLOSED_PER_EVENT = 3600;
const RECENT_HORIZON_SECONDS = 10;
/** Memory of the learned dispersion (seconds): long enough to be stable, short enough to follow a changed burstiness. */
const DISPERSION_HORIZON_SECONDS = 7200;
/** Blocks a stream's dispersion must have learned before its test may alarm. */
const MIN_DISPERSION_BLOCKS = 10;
/** Longest block (s) the dispersion is measured over. */
const MAX_BLOCK_SECONDS = 120;
const MAX_HORIZON_FACTOR = 5;
const HOURS = 24;
const SECONDS_PER_HOUR = 3600;
const SECONDS_PER_DAY = 86_400;

/** Learned events per second by hour of day (UTC of the ingest clock), with how much each hour has seen. */
export interface HourProfile {
  rate: number[];
  seconds: number[];
}

/** Today's traffic against the profile: EWMAs of the observed count and of the profile's expectation. */
export interface LevelState {
  observed: number;
  expected: number;
  seconds: number;
}

/**
 * One watched stream: a source, or one event type of a source. Its dispersion is the variance / mean of
 * its count over a block about as long as the test needs to alarm: purchases come in checkouts that
 * last tens of seconds, so their counts are over-dispersed at that timescale though nearly Poisson
 * second by second; the Poisson evidence is divided by it (quasi-likelihood) to keep the budget.
 */
interface SourceVolume extends DispersionState {
  count: number;
  /** Short-term events per second (EWMA over volumeHorizonSeconds); frozen while the source is alerted. */
  baseline: number;
  recent: number;
  seconds: number;
  cusum: CusumState;
  profile: HourProfile;
  level: LevelState;
}

export interface VolumeState {
  second: number;
  lastIndex: number;
  lastEventId: string;
  sources: Map<string, SourceVolume>;
  /** Source -> event type -> its stream: purchases from one source may stop while its views carry on. */
  types: Map<string, Map<string, SourceVolume>>;
}

/**
 * Events per second per source, and per source and event type, against a learned rate, tested each
 * second with a quasi-Poisson CUSUM for a drop to volumeDropRatio of the expected rate; rises never
 * alarm. The expected rate is the larger of two baselines:
 * - short-term: an EWMA over volumeHorizonSeconds (60 s), which follows a traffic spike and is all a
 *   new deployment has;
 * - time of day: a profile of events/s by hour of day, learned with a memory of
 *   volumeProfileHorizonDays, rescaled by today's level (the last half hour against what the profile
 *   expected for it). It catches what the short baseline follows: traffic that fades over minutes
 *   (not traffic that stays flat while the day rises: the level follows that as a quiet day). An hour
 *   is used once it has learned
 *   volumeProfileMinSeconds and today's level has run its full volumeLevelHorizonSeconds, so the first
 *   day (each new hour restarts the level) runs on the short-term baseline alone.
 */
export class VolumeDetector implements Detector {
  readonly name = 'volume';
  private readonly h: number;

  constructor(
    private readonly options: QualityOptions,
    private readonly s: VolumeState = { second: -1, lastIndex: -1, lastEventId: '', sources: new Map(), types: new Map() },
  ) {
    this.h = alarmThreshold(options);
    // Snapshots written before the time-of-day profile, the per-type streams or the dispersion existed
    // lack them: start them empty (dispersion 1 = Poisson).
    this.s.types ??= new Map();
    for (const stream of this.streams()) {
      stream.profile ??= newProfile();
      stream.level ??= { observed: 0, expected: 0, seconds: 0 };
      stream.dispersion ??= 1;
      stream.dispersionBlocks ??= 0;
      stream.block ??= newBlock(1);
    }
  }

  private *streams(): Iterable<SourceVolume> {
    yield* this.s.sources.values();
    for (const byType of this.s.types.values()) yield* byType.values();
  }

  state(): VolumeState {
    return this.s;
  }

  observe(event: ObservedEvent, book: AlertBook, changes: AlertChange[]): void {
    this.s.lastIndex = event.index;
    this.s.lastEventId = event.eventId;
    this.tick(event.ingestedAt, book, changes);
    let source = this.s.sources.get(event.source);
    if (!source) {
      source = newStream();
      this.s.sources.set(event.source, source);
    }
    source.count += 1;
    // Per type only for valid events: a bogus type is a schema fault, and its end must not read as a drop.
    const type = event.event?.type;
    if (type === undefined) return;
    let byType = this.s.types.get(event.source);
    if (!byType) {
      byType = new Map();
      this.s.types.set(event.source, byType);
    }
    let stream = byType.get(type);
    if (!stream) {
      stream = newStream();
      byType.set(type, stream);
    }
    stream.count += 1;
  }

  tick(now: number, book: AlertBook, changes: AlertChange[]): void {
    const second = Math.floor(now / 1000);
    if (this.s.second < 0) this.s.second = second;
    if (second <= this.s.second) return;
    const closing = Math.min(second - this.s.second, MAX_SECONDS_CLOSED_PER_EVENT);
    for (let i = 0; i < closing; i++) {
      // Sources first: a whole source going quiet is one alert, not one per type.
      for (const [name, source] of this.s.sources) this.closeSecond(name, '*', source, this.s.second + i, now, book, changes);
      for (const [name, byType] of this.s.types) {
        for (const [type, stream] of byType) this.closeSecond(name, type, stream, this.s.second + i, now, book, changes);
      }
    }
    this.s.second = second;
  }

  /** The rate the profile expects at `second` (linear between hour centres), or undefined if unlearned. */
  private profileRate(profile: HourProfile, second: number): number | undefined {
    const position = (((second % SECONDS_PER_DAY) + SECONDS_PER_DAY) % SECONDS_PER_DAY) / SECONDS_PER_HOUR;
    const hour = Math.floor(position);
    const min = this.options.volumeProfileMinSeconds;
    if (profile.seconds[hour] < min) return undefined;
    const offset = position - hour - 0.5;
    const neighbour = offset >= 0 ? (hour + 1) % HOURS : (hour + HOURS - 1) % HOURS;
    const here = profile.rate[hour];
    if (profile.seconds[neighbour] < min) return here;
    return here + Math.abs(offset) * (profile.rate[neighbour] - here);
  }

  private closeSecond(
    name: string,
    eventType: string,
    source: SourceVolume,
    closed: number,
    now: number,
    book: AlertBook,
    changes: AlertChange[],
  ): void {
    const n = source.count;
    source.count = 0;
    source.recent += (n - source.recent) / RECENT_HORIZON_SECONDS;
    const shortTerm = source.baseline;
    const expectedNow = this.profileRate(source.profile, closed);
    const level = source.level;
    // Today's level is trusted only over its full horizon: a short average would take a spike for the day.
    const timeOfDay =
      expectedNow !== undefined && level.seconds >= this.options.volumeLevelHorizonSeconds && level.expected > 0
        ? (level.observed * expectedNow) / level.expected
        : 0;
    const lambda = Math.max(shortTerm, timeOfDay);
    const ratio = this.options.volumeDropRatio;
    const warmedUp = source.seconds >= this.options.volumeWarmupSeconds && source.dispersionBlocks >= MIN_DISPERSION_BLOCKS;
    const dispersion = Math.max(1, source.dispersion);
    if (!source.cusum.active) this.learn(source, n, closed, expectedNow);
    if (!warmedUp || lambda < MIN_TESTED_RATE) return;
    // Quasi-Poisson: the evidence of a second shrinks by the learned over-dispersion.
    const llr = (n * Math.log(ratio) + lambda * (1 - ratio)) / dispersion;
    const change = stepCusum(source.cusum, llr, this.h, this.s.lastIndex, this.s.lastEventId);
    const perType = eventType !== '*';
    const key = perType ? signalKey('volume_drop', name, eventType) : signalKey('volume_drop', name);
    if (change === 'cleared') book.clear(key, now, { clearedAtEvent: this.s.lastIndex, recentPerSecond: round(source.recent) }, changes);
    // A whole source that went quiet is already said by its source alert.
    if (change !== 'raised' || (perType && book.isActive(signalKey('volume_drop', name)))) return;
    const basis =
      timeOfDay > shortTerm ? `the ${lambda.toFixed(1)}/s its learned profile expects at this hour` : `a learned ${lambda.toFixed(1)}/s`;
    const what = perType ? `${eventType} events` : 'events';
    book.raise(
      key,
      {
        kind: 'volume_drop',
        source: name,
        field: '*',
        eventType,
        cause: `source ${name} sends about ${source.recent.toFixed(1)} ${what}/s against ${basis}: ${perType ? 'a broken tracker or a lost topic for that event type' : 'an upstream outage, a broken tracker, a throttled producer, or a clock more than 5 min ahead (the edge refuses such events: look at its rejections)'}`,
        confidence: cusumConfidence(source.cusum.s, this.h),
        firstAffectedEventIndex: source.cusum.runStart,
        firstAffectedEventId: source.cusum.runStartId,
        sampleProductIds: [],
        detail: {
          // The wire Alert has no event type field: carry it here for a per-type drop.
          ...(perType ? { eventType } : {}),
          baselinePerSecond: round(lambda),
          shortTermPerSecond: round(shortTerm),
          timeOfDayPerSecond: round(timeOfDay),
          recentPerSecond: round(source.recent),
          dropRatioTested: ratio,
          dispersion: round(dispersion),
          cusum: round(source.cusum.s),
        },
      },
      now,
      this.s.lastIndex,
      changes,
    );
  }

  /**
   * Seconds of memory of the short-term baseline: volumeHorizonSeconds, or longer for a slow stream.
   * The baseline must not forget a rate faster than the test gathers evidence against it: a stop costs
   * h·D / (λ·KL) seconds to prove (KL = 1 − r + r ln r per unit rate for a fall to r), so a rare type
   * (1 purchase/s in baskets) would otherwise follow its own stop. Twice that, at most 5 × the horizon:
   * a longer memory lags a fading traffic spike enough to look like a drop.
   */
  private shortTermHorizon(source: SourceVolume): number {
    const base = this.options.volumeHorizonSeconds;
    return Math.min(MAX_HORIZON_FACTOR * base, Math.max(base, Math.ceil(2 * this.proofSeconds(source))));
  }

  /** Seconds of a full stop the test needs to reach h: h·D / (λ·KL); Infinity before any traffic. */
  private proofSeconds(source: SourceVolume): number {
    if (source.baseline <= 0) return Infinity;
    const r = this.options.volumeDropRatio;
    return (this.h * Math.max(1, source.dispersion)) / (source.baseline * (1 - r + r * Math.log(r)));
  }

  /** Dispersion blocks last twice the time to prove a stop: a lull to a third of the rate takes about that long. */
  private dispersionBlockSeconds(source: SourceVolume): number {
    return Math.min(MAX_BLOCK_SECONDS, Math.max(1, Math.ceil(2 * this.proofSeconds(source))));
  }

  /** Learns one clean second: the short-term baseline, the hour's profile and today's level. */
  private learn(source: SourceVolume, n: number, closed: number, expectedNow: number | undefined): void {
    source.seconds += 1;
    if (source.seconds > 1) addSecond(source, n, DISPERSION_HORIZON_SECONDS, () => this.dispersionBlockSeconds(source));
    source.baseline += (n - source.baseline) / Math.min(source.seconds, this.shortTermHorizon(source));
    const level = source.level;
    if (expectedNow === undefined) {
      level.seconds = 0;
    } else {
      level.seconds += 1;
      if (level.seconds === 1) {
        level.observed = source.baseline;
        level.expected = expectedNow;
      } else {
        const weight = 1 / Math.min(level.seconds, this.options.volumeLevelHorizonSeconds);
        level.observed += weight * (n - level.observed);
        level.expected += weight * (expectedNow - level.expected);
      }
    }
    const hour = Math.floor((((closed % SECONDS_PER_DAY) + SECONDS_PER_DAY) % SECONDS_PER_DAY) / SECONDS_PER_HOUR);
    const profile = source.profile;
    profile.seconds[hour] += 1;
    const seen = profile.seconds[hour];
    profile.rate[hour] += (n - profile.rate[hour]) / Math.min(seen, this.options.volumeProfileHorizonDays * SECONDS_PER_HOUR);
  }
}

function newStream(): SourceVolume {
  return {
    count: 0,
    baseline: 0,
    recent: 0,
    seconds: 0,
    cusum: newCusum(),
    profile: newProfile(),
    level: { observed: 0, expected: 0, seconds: 0 },
    ...newDispersion(),
  };
}

function newProfile(): HourProfile {
  return { rate: new Array<number>(HOURS).fill(0), seconds: new Array<number>(HOURS).fill(0) };
}
