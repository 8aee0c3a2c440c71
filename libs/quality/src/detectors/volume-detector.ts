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

interface SourceVolume {
  count: number;
  /** Learned events per second (EWMA); frozen while the source is alerted. */
  baseline: number;
  recent: number;
  seconds: number;
  cusum: CusumState;
}

export interface VolumeState {
  second: number;
  lastIndex: number;
  lastEventId: string;
  sources: Map<string, SourceVolume>;
}

/**
 * Events per second per source against a learned rate, tested each second with a Poisson CUSUM for a
 * drop to volumeDropRatio of the baseline. The baseline is an EWMA over volumeHorizonSeconds, short
 * enough to follow the daily cycle and a slowly fading traffic spike; rises never alarm.
 */
export class VolumeDetector implements Detector {
  readonly name = 'volume';
  private readonly h: number;

  constructor(private readonly options: QualityOptions, private readonly s: VolumeState = { second: -1, lastIndex: -1, lastEventId: '', sources: new Map() }) {
    this.h = alarmThreshold(options);
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
      source = { count: 0, baseline: 0, recent: 0, seconds: 0, cusum: newCusum() };
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
      for (const [name, source] of this.s.sources) this.closeSecond(name, source, now, book, changes);
    }
    this.s.second = second;
  }

  private closeSecond(name: string, source: SourceVolume, now: number, book: AlertBook, changes: AlertChange[]): void {
    const n = source.count;
    source.count = 0;
    source.recent += (n - source.recent) / RECENT_HORIZON_SECONDS;
    const lambda = source.baseline;
    const ratio = this.options.volumeDropRatio;
    const warmedUp = source.seconds >= this.options.volumeWarmupSeconds;
    if (!source.cusum.active) {
      source.seconds += 1;
      const horizon = Math.min(source.seconds, this.options.volumeHorizonSeconds);
      source.baseline += (n - source.baseline) / horizon;
    }
    if (!warmedUp || lambda < MIN_TESTED_RATE) return;
    const change = stepCusum(source.cusum, n * Math.log(ratio) + lambda * (1 - ratio), this.h, this.s.lastIndex, this.s.lastEventId);
    const key = signalKey('volume_drop', name);
    if (change === 'cleared') book.clear(key, now, { clearedAtEvent: this.s.lastIndex, recentPerSecond: round(source.recent) }, changes);
    if (change !== 'raised') return;
    book.raise(key, {
      kind: 'volume_drop',
      source: name,
      field: '*',
      eventType: '*',
      cause: `source ${name} sends about ${source.recent.toFixed(1)} events/s against a learned ${lambda.toFixed(1)}/s: an upstream outage, a broken tracker or a throttled producer`,
      confidence: cusumConfidence(source.cusum.s, this.h),
      firstAffectedEventIndex: source.cusum.runStart,
      firstAffectedEventId: source.cusum.runStartId,
      sampleProductIds: [],
      detail: { baselinePerSecond: round(lambda), recentPerSecond: round(source.recent), dropRatioTested: ratio, cusum: round(source.cusum.s) },
    }, now, this.s.lastIndex, changes);
  }
}
