import { ALL_SOURCES, type AlertChange, type AlertKind } from '../alert';
import type { AlertBook } from '../alert-book';
import type { ObservedEvent } from '../observed-event';
import { alarmThreshold, type QualityOptions } from '../options';
import { diagnoseClock, quantile } from '../stats/clock-cause';
import type { RateStreamState } from '../stats/rate-test';
import type { Detector } from './detector';
import { RateAlerts, type RateAlertSpec } from './rate-alerts';

/** What one source's clock has shown: its recent lags, their block medians and its learned typical lag. */
export interface SourceClock {
  /** Ring of the last RECENT events: index, lag (ms) and occurredAt (ms). */
  index: number[];
  lag: number[];
  occurred: number[];
  next: number;
  /** Lags of the block being filled. */
  block: number[];
  /** Median lag of the last BLOCKS_KEPT blocks and when each closed (ingest ms). */
  blocks: Array<{ at: number; lag: number }>;
  typicalLag: number;
  typicalSpread: number;
  learnedBlocks: number;
}

export interface FreshnessState {
  /** Last occurredAt per source, to see a frozen clock. */
  lastOccurredAt: Map<string, number>;
  streams: Map<string, RateStreamState>;
  /** Per source; absent in snapshots written before the clock test. */
  clocks?: Map<string, SourceClock>;
}

const SPECS = {
  stale: {
    kind: 'stale_events',
    field: 'occurredAt',
    cause: 'events arrive long after they happened, more often than learned: a stuck queue upstream or a replay of old data',
  },
  future: {
    kind: 'future_events',
    field: 'occurredAt',
    cause: 'events are dated in the future: a producer clock is wrong or sends local time as UTC',
  },
  frozen: {
    kind: 'frozen_timestamps',
    field: 'occurredAt',
    cause: 'consecutive events of the source carry the same timestamp: a frozen or defaulted clock upstream',
  },
} as const;

const SECOND = 1000;
/**
 * Lag bands between "future" and "stale", each a condition of the source's own stream: a source's lags
 * fill a few bands, and a clock that moves puts its events in a band the source rarely uses. Bands
 * holding more than 5 % of a source's events are not tested (see MAX_EVENT_LEVEL_RATE): a skew that
 * stays within a source's common bands is not seen.
 */
const LAG_BOUNDS = [-30 * SECOND, -5 * SECOND, -SECOND, 0, SECOND, 5 * SECOND, 30 * SECOND, 120 * SECOND];
const RECENT = 32;
const BLOCK = 16;
/** About 15 s of a 50 events/s source: long enough for a drift of a second or two a minute to show as a line. */
const BLOCKS_KEPT = 48;
/** Horizon (blocks) of the learned typical lag. */
const LEARN_BLOCKS = 200;

/**
 * Event time against ingest time, per source and over all sources: stale, future-dated and frozen
 * timestamps, and (per source) lags in a band the source rarely uses (a clock skewed by seconds to
 * minutes), each as a rate against its learned baseline (offline mobile clients make a little lateness
 * normal). The cause is read from the source's recent lags against its learned typical lag: a whole
 * time-zone offset (local time sent as UTC), a skew, a drift, a frozen clock, or a backlog of old events.
 */
export class FreshnessDetector implements Detector {
  readonly name = 'freshness';
  private readonly alerts: RateAlerts;
  private readonly hits: string[] = [];
  private readonly labels: string[];
  private readonly clocks: Map<string, SourceClock>;

  constructor(
    private readonly options: QualityOptions,
    private readonly s: FreshnessState = { lastOccurredAt: new Map(), streams: new Map() },
  ) {
    this.clocks = s.clocks ??= new Map();
    this.alerts = new RateAlerts(
      {
        h: alarmThreshold(options),
        warmupEvents: options.warmupEvents,
        horizonEvents: options.baselineHorizonEvents,
        profile: { minAlternative: 0.5, lift: 3 },
      },
      (label, stream, event) => this.describe(label, stream, event),
      s.streams,
    );
    this.labels = LAG_BOUNDS.slice(1).map((bound, i) => `lag:${band(LAG_BOUNDS[i])}..${band(bound)}`);
  }

  state(): FreshnessState {
    return this.s;
  }

  observe(event: ObservedEvent, book: AlertBook, changes: AlertChange[]): void {
    // Only a valid event has a trustworthy occurredAt (a missing one defaults to the ingest time), and a
    // redelivered copy carries its original's time: its lag says nothing about the clock.
    if (!event.event || event.shape.occurredAt === 'missing' || event.repeat) return;
    const occurredAt = event.event.occurredAt;
    const hits = this.hits;
    hits.length = 0;
    const lag = event.ingestedAt - occurredAt;
    if (lag > this.options.staleAfterMs) hits.push('stale');
    else if (-lag > this.options.futureToleranceMs) hits.push('future');
    if (this.s.lastOccurredAt.get(event.source) === occurredAt) hits.push('frozen');
    this.s.lastOccurredAt.set(event.source, occurredAt);
    // Recorded first: an alert raised by this event reads its lag among the run's.
    this.record(event, lag, occurredAt);
    this.alerts.feed(ALL_SOURCES, ALL_SOURCES, '*', event, hits, book, changes);
    const band = this.bandOf(lag);
    if (band !== undefined) hits.push(band);
    this.alerts.feed(event.source, event.source, '*', event, hits, book, changes);
  }

  /** The lag band of a lag between "future" and "stale", or undefined outside them. */
  private bandOf(lag: number): string | undefined {
    if (lag > this.options.staleAfterMs || -lag > this.options.futureToleranceMs) return undefined;
    let i = 0;
    while (i < LAG_BOUNDS.length && lag >= LAG_BOUNDS[i]) i++;
    if (i === 0) return `lag:<${band(LAG_BOUNDS[0])}`;
    return i === LAG_BOUNDS.length ? `lag:>=${band(LAG_BOUNDS[i - 1])}` : this.labels[i - 1];
  }

  private record(event: ObservedEvent, lag: number, occurredAt: number): void {
    let clock = this.clocks.get(event.source);
    if (!clock) {
      clock = { index: [], lag: [], occurred: [], next: 0, block: [], blocks: [], typicalLag: 0, typicalSpread: 0, learnedBlocks: 0 };
      this.clocks.set(event.source, clock);
    }
    clock.index[clock.next] = event.index;
    clock.lag[clock.next] = lag;
    clock.occurred[clock.next] = occurredAt;
    clock.next = (clock.next + 1) % RECENT;
    clock.block.push(lag);
    if (clock.block.length < BLOCK) return;
    const median = quantile(clock.block, 0.5);
    const spread = quantile(clock.block, 0.75) - quantile(clock.block, 0.25);
    clock.block = [];
    clock.blocks.push({ at: event.ingestedAt, lag: median });
    if (clock.blocks.length > BLOCKS_KEPT) clock.blocks.shift();
    // The typical lag is learned only while the source's stream suspects nothing: a skew must not become normal.
    if ((this.s.streams.get(event.source)?.armed.size ?? 0) > 0) return;
    clock.learnedBlocks += 1;
    const weight = 1 / Math.min(clock.learnedBlocks, LEARN_BLOCKS);
    clock.typicalLag += weight * (median - clock.typicalLag);
    clock.typicalSpread += weight * (spread - clock.typicalSpread);
  }

  private describe(label: string, stream: RateStreamState, event: ObservedEvent): RateAlertSpec {
    if (label === 'frozen') return SPECS.frozen;
    const kind: AlertKind = label === 'stale' ? 'stale_events' : label === 'future' ? 'future_events' : 'clock_skew';
    const clock = this.clocks.get(event.source);
    if (!clock || clock.learnedBlocks === 0) return fallback(label, event.source);
    const runStart = stream.conditions.get(label)?.cusum.runStart ?? event.index;
    const lags: number[] = [];
    const occurred: number[] = [];
    for (let k = 0; k < clock.lag.length; k++) {
      const at = (clock.next + k) % clock.lag.length;
      if (clock.index[at] >= runStart) {
        lags.push(clock.lag[at]);
        occurred.push(clock.occurred[at]);
      }
    }
    if (lags.length === 0) return fallback(label, event.source);
    const diagnosis = diagnoseClock({
      lags,
      occurred,
      blocks: clock.blocks,
      typicalLag: clock.typicalLag,
      typicalSpread: clock.typicalSpread,
    });
    return { kind, field: 'occurredAt', cause: `source ${event.source}: ${diagnosis.text}` };
  }
}

/** The cause when the source's clock has no history to read yet. */
function fallback(label: string, source: string): RateAlertSpec {
  if (label === 'stale' || label === 'future') return SPECS[label];
  return {
    kind: 'clock_skew',
    field: 'occurredAt',
    cause: `lags of source ${source} moved to ${label.slice(4)}, a band it rarely uses: its clock moved`,
  };
}

function band(ms: number): string {
  if (ms === 0) return '0';
  return Math.abs(ms) >= 60 * SECOND ? `${ms / 60_000}m` : `${ms / SECOND}s`;
}
