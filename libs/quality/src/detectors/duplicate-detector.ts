import { ALL_SOURCES, type AlertChange } from '../alert';
import type { AlertBook } from '../alert-book';
import type { ObservedEvent } from '../observed-event';
import { alarmThreshold, type QualityOptions } from '../options';
import type { RateStreamState } from '../stats/rate-test';
import type { Detector } from './detector';
import { RateAlerts } from './rate-alerts';

export interface DuplicateState {
  /** Two generations of recent event ids: bounded memory, at least duplicateMemory ids remembered. */
  current: Set<string>;
  previous: Set<string>;
  streams: Map<string, RateStreamState>;
}

const DUPLICATE = ['duplicate'];
const DUPLICATE_SPEC = {
  kind: 'duplicate_events',
  field: 'eventId',
  cause: 'the same eventIds arrive again far more often than redelivery explains: a producer retry loop or a replayed queue',
} as const;
const NONE: string[] = [];

/** Repeated eventIds against the learned redelivery rate (at-least-once delivery makes a few normal). */
export class DuplicateDetector implements Detector {
  readonly name = 'duplicates';
  private readonly alerts: RateAlerts;

  constructor(
    private readonly options: QualityOptions,
    private readonly s: DuplicateState = { current: new Set(), previous: new Set(), streams: new Map() },
  ) {
    this.alerts = new RateAlerts(
      {
        h: alarmThreshold(options),
        warmupEvents: options.warmupEvents,
        horizonEvents: options.baselineHorizonEvents,
        profile: { minAlternative: 0.2, lift: 4 },
      },
      () => DUPLICATE_SPEC,
      s.streams,
    );
  }

  state(): DuplicateState {
    return this.s;
  }

  observe(event: ObservedEvent, book: AlertBook, changes: AlertChange[]): void {
    const id = event.eventId;
    if (!id) return;
    const seen = this.s.current.has(id) || this.s.previous.has(id);
    event.repeat = seen;
    if (!seen) {
      this.s.current.add(id);
      if (this.s.current.size >= this.options.duplicateMemory) {
        this.s.previous = this.s.current;
        this.s.current = new Set();
      }
    }
    const hits = seen ? DUPLICATE : NONE;
    this.alerts.feed(ALL_SOURCES, ALL_SOURCES, '*', event, hits, book, changes);
    this.alerts.feed(event.source, event.source, '*', event, hits, book, changes);
  }
}
