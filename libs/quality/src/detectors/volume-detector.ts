import type { AlertChange } from '../alert';
import { signalKey, type AlertBook } from '../alert-book';
import type { ObservedEvent } from '../observed-event';
import { alarmThreshold, type QualityOptions } from '../options';
import { cusumConfidence, newCusum, stepCusum, type CusumState } from '../stats/cusum';
import { round } from '../stats/round';
import type { Detector } from './detector';

/** Below this learned rate (events/s) a one-second Poisson test says too little to be worth it. */
const MIN_TESTED_RATE = 0.2;
/** A silent gap longer than this (s) is closed in one step: the work per event stays bounded. */
const MAX_SECONDS_CLOSED_PER_EVENT = 3600;
const RECENT_HORIZON_SECONDS = 10;
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

interface SourceVolume {
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
}

/**
 * Events per second per source against a learned rate, tested each second with a Poisson CUSUM for a
 * drop to volumeDropRatio of the expected rate; rises never alarm. The expected rate is the larger of
 * two baselines:
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

  constructor(private readonly options: QualityOptions, private readonly s: VolumeState = { second: -1, lastIndex: -1, lastEventId: '', sources: new Map() }) {
    this.h = alarmThreshold(options);
    // Snapshots written before the time-of-day profile existed lack it: start it empty.
    for (const source of this.s.sources.values()) {
      source.profile ??= newProfile();
      source.level ??= { observed: 0, expected: 0, seconds: 0 };
    }
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
      source = { count: 0, baseline: 0, recent: 0, seconds: 0, cusum: newCusum(), profile: newProfile(), level: { observed: 0, expected: 0, seconds: 0 } };
      this.s.sources.set(event.source, source);
    }
    source.count += 1;
  }

  tick(now: number, book: AlertBook, changes: AlertChange[]): void {
    const second = Math.floor(now / 1000);
    if (this.s.second < 0) this.s.second = second;
    if (second <= this.s.second) return;
    const closing = Math.min(second - this.s.second, MAX_SECONDS_CLOSED_PER_EVENT);
    for (let i = 0; i < closing; i++) {
      for (const [name, source] of this.s.sources) this.closeSecond(name, source, this.s.second + i, now, book, changes);
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

  private closeSecond(name: string, source: SourceVolume, closed: number, now: number, book: AlertBook, changes: AlertChange[]): void {
    const n = source.count;
    source.count = 0;
    source.recent += (n - source.recent) / RECENT_HORIZON_SECONDS;
    const shortTerm = source.baseline;
    const expectedNow = this.profileRate(source.profile, closed);
    const level = source.level;
    // Today's level is trusted only over its full horizon: a short average would take a spike for the day.
    const timeOfDay = expectedNow !== undefined && level.seconds >= this.options.volumeLevelHorizonSeconds && level.expected > 0
      ? (level.observed * expectedNow) / level.expected
      : 0;
    const lambda = Math.max(shortTerm, timeOfDay);
    const ratio = this.options.volumeDropRatio;
    const warmedUp = source.seconds >= this.options.volumeWarmupSeconds;
    if (!source.cusum.active) this.learn(source, n, closed, expectedNow);
    if (!warmedUp || lambda < MIN_TESTED_RATE) return;
    const change = stepCusum(source.cusum, n * Math.log(ratio) + lambda * (1 - ratio), this.h, this.s.lastIndex, this.s.lastEventId);
    const key = signalKey('volume_drop', name);
    if (change === 'cleared') book.clear(key, now, { clearedAtEvent: this.s.lastIndex, recentPerSecond: round(source.recent) }, changes);
    if (change !== 'raised') return;
    const basis = timeOfDay > shortTerm ? `the ${lambda.toFixed(1)}/s its learned profile expects at this hour` : `a learned ${lambda.toFixed(1)}/s`;
    book.raise(key, {
      kind: 'volume_drop',
      source: name,
      field: '*',
      eventType: '*',
      cause: `source ${name} sends about ${source.recent.toFixed(1)} events/s against ${basis}: an upstream outage, a broken tracker or a throttled producer`,
      confidence: cusumConfidence(source.cusum.s, this.h),
      firstAffectedEventIndex: source.cusum.runStart,
      firstAffectedEventId: source.cusum.runStartId,
      sampleProductIds: [],
      detail: {
        baselinePerSecond: round(lambda),
        shortTermPerSecond: round(shortTerm),
        timeOfDayPerSecond: round(timeOfDay),
        recentPerSecond: round(source.recent),
        dropRatioTested: ratio,
        cusum: round(source.cusum.s),
      },
    }, now, this.s.lastIndex, changes);
  }

  /** Learns one clean second: the short-term baseline, the hour's profile and today's level. */
  private learn(source: SourceVolume, n: number, closed: number, expectedNow: number | undefined): void {
    source.seconds += 1;
    source.baseline += (n - source.baseline) / Math.min(source.seconds, this.options.volumeHorizonSeconds);
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

function newProfile(): HourProfile {
  return { rate: new Array<number>(HOURS).fill(0), seconds: new Array<number>(HOURS).fill(0) };
}
