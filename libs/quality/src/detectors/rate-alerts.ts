import { ALL_SOURCES, type AlertChange, type AlertKind } from '../alert';
import { signalKey, type AlertBook } from '../alert-book';
import type { ObservedEvent } from '../observed-event';
import { cusumConfidence } from '../stats/cusum';
import {
  blamedSource,
  countEvent,
  newRateStream,
  observeRates,
  type RateChange,
  type RateEvent,
  type RateStreamState,
  type RateTestSettings,
} from '../stats/rate-test';
import { round } from '../stats/round';

export interface RateAlertSpec {
  kind: AlertKind;
  field: string;
  cause: string;
}

/**
 * Learned-rate tests over named streams (all sources, one source, one source and type) and the
 * plumbing from their CUSUMs to the alert book, shared by the schema, duplicate and freshness detectors.
 */
export class RateAlerts {
  private readonly changes: RateChange[] = [];

  constructor(
    readonly settings: RateTestSettings,
    /** The alert's kind, field and cause; `event` is the one that tipped it (a cause may read its source's state). */
    private readonly describe: (label: string, stream: RateStreamState, event: ObservedEvent) => RateAlertSpec,
    readonly streams: Map<string, RateStreamState>,
  ) {}

  /**
   * Feeds one event's conditions to the stream `key`. `source` is the alert's source for a
   * per-source stream, or ALL_SOURCES for the pooled stream (which then blames a source if it can).
   * `unit` is where a run starts when the stream's unit is not this event (a block of values closed by
   * it starts at the block's first event); it defaults to the event.
   */
  feed(
    key: string,
    source: string,
    eventType: string,
    event: ObservedEvent,
    hits: readonly string[],
    book: AlertBook,
    changes: AlertChange[],
    unit: RateEvent = event,
  ): void {
    let stream = this.streams.get(key);
    if (!stream) {
      stream = newRateStream();
      this.streams.set(key, stream);
    }
    if (hits.length === 0 && stream.armed.size === 0) {
      countEvent(stream, this.settings);
      return;
    }
    this.changes.length = 0;
    observeRates(stream, hits, this.settings, unit, this.changes);
    for (const rate of this.changes) this.report(rate, stream, source, eventType, event, book, changes);
  }

  private report(
    rate: RateChange,
    stream: RateStreamState,
    source: string,
    eventType: string,
    event: ObservedEvent,
    book: AlertBook,
    changes: AlertChange[],
  ): void {
    const condition = rate.condition;
    if (rate.change === 'cleared') {
      if (condition.alertKey) book.clear(condition.alertKey, event.ingestedAt, { clearedAtEvent: event.index }, changes);
      condition.alertKey = '';
      return;
    }
    const spec = this.describe(rate.label, stream, event);
    const blamed = source === ALL_SOURCES ? blamedSource(condition.sources) : source;
    // One fault, one alert: a wider stream (all sources, all types) may already have said it.
    if (book.covers(spec.kind, blamed, rate.label)) return;
    const key = signalKey(spec.kind, blamed, eventType, rate.label);
    condition.alertKey = key;
    book.raise(
      key,
      {
        kind: spec.kind,
        source: blamed,
        field: spec.field,
        eventType,
        cause: spec.cause,
        confidence: cusumConfidence(condition.cusum.s, this.settings.h),
        firstAffectedEventIndex: condition.cusum.runStart,
        firstAffectedEventId: condition.cusum.runStartId,
        sampleProductIds: condition.samples,
        detail: {
          condition: rate.label,
          baselineRate: round(rate.baselineRate),
          learnedRate: round(condition.k / stream.n),
          hitsBySource: { ...condition.sources },
          cusum: round(condition.cusum.s),
        },
      },
      event.ingestedAt,
      event.index,
      changes,
    );
  }
}
