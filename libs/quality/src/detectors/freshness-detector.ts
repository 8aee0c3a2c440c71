import { ALL_SOURCES, type AlertChange } from '../alert';
import type { AlertBook } from '../alert-book';
import type { ObservedEvent } from '../observed-event';
import { alarmThreshold, type QualityOptions } from '../options';
import type { RateStreamState } from '../stats/rate-test';
import type { Detector } from './detector';
import { RateAlerts } from './rate-alerts';

export interface FreshnessState {
  /** Last occurredAt per source, to see a frozen clock. */
  lastOccurredAt: Map<string, number>;
  streams: Map<string, RateStreamState>;
}

const SPECS = {
  stale: { kind: 'stale_events', field: 'occurredAt', cause: 'events arrive long after they happened, more often than learned: a stuck queue upstream or a replay of old data' },
  future: { kind: 'future_events', field: 'occurredAt', cause: 'events are dated in the future: a producer clock is wrong or sends local time as UTC' },
  frozen: { kind: 'frozen_timestamps', field: 'occurredAt', cause: 'consecutive events of the source carry the same timestamp: a frozen or defaulted clock upstream' },
} as const;

/**
 * Event time against ingest time: stale, future-dated and frozen timestamps, each as a rate against
 * its learned baseline (offline mobile clients make a little lateness normal).
 */
export class FreshnessDetector implements Detector {
  readonly name = 'freshness';
  private readonly alerts: RateAlerts;
  private readonly hits: string[] = [];

  constructor(private readonly options: QualityOptions, private readonly s: FreshnessState = { lastOccurredAt: new Map(), streams: new Map() }) {
    this.alerts = new RateAlerts(
      { h: alarmThreshold(options), warmupEvents: options.warmupEvents, horizonEvents: options.baselineHorizonEvents, profile: { minAlternative: 0.5, lift: 3 } },
      (label) => SPECS[label as keyof typeof SPECS],
      s.streams,
    );
  }

  state(): FreshnessState {
    return this.s;
  }

  observe(event: ObservedEvent, book: AlertBook, changes: AlertChange[]): void {
    // Only a valid event has a trustworthy occurredAt (a missing one defaults to the ingest time).
    if (!event.event || event.raw?.occurredAt === undefined) return;
    const occurredAt = event.event.occurredAt;
    const hits = this.hits;
    hits.length = 0;
    const lag = event.ingestedAt - occurredAt;
    if (lag > this.options.staleAfterMs) hits.push('stale');
    else if (-lag > this.options.futureToleranceMs) hits.push('future');
    if (this.s.lastOccurredAt.get(event.source) === occurredAt) hits.push('frozen');
    this.s.lastOccurredAt.set(event.source, occurredAt);
    this.alerts.feed(ALL_SOURCES, ALL_SOURCES, '*', event, hits, book, changes);
    this.alerts.feed(event.source, event.source, '*', event, hits, book, changes);
  }
}
