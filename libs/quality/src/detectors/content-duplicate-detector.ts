import { ALL_SOURCES, type AlertChange } from '../alert';
import type { AlertBook } from '../alert-book';
import type { ObservedEvent } from '../observed-event';
import { alarmThreshold, type QualityOptions } from '../options';
import { hash53, newGenerations, recall, remember, type Generations } from '../stats/generations';
import type { RateStreamState } from '../stats/rate-test';
import type { Detector } from './detector';
import { RateAlerts } from './rate-alerts';

export interface ContentDuplicateState {
  /** Content fingerprint (hash) -> hash of the eventId that first carried it; two generations. */
  fingerprints: Generations<number>;
  streams: Map<string, RateStreamState>;
}

const CONTENT_DUPLICATE = ['content_duplicate'];
const NONE: string[] = [];
const SPEC = {
  kind: 'content_duplicates',
  field: 'eventId',
  cause:
    'the same shopper, product, type and time arrive again under fresh eventIds, more often than learned: an upstream replay under fresh eventIds (a job re-sending old events); stop the replay, and discard or replay the quarantined copies',
} as const;

/**
 * The same event content (source, session, user, product, type, occurredAt to the millisecond) under a
 * different eventId, as a rate against its learned baseline. An upstream job that replays yesterday
 * mints fresh ids, so the eventId dedup passes every copy and the model would learn each twice.
 * A repeat of the same eventId is a redelivery (the duplicate detector's business) and is not counted.
 * Memory is bounded: copies are matched within the last duplicateMemory..2×duplicateMemory events;
 * an older replay is seen by its age instead (stale events, named by the freshness detector).
 */
export class ContentDuplicateDetector implements Detector {
  readonly name = 'content-duplicates';
  private readonly alerts: RateAlerts;

  constructor(
    private readonly options: QualityOptions,
    private readonly s: ContentDuplicateState = { fingerprints: newGenerations(), streams: new Map() },
  ) {
    this.alerts = new RateAlerts(
      {
        h: alarmThreshold(options),
        warmupEvents: options.warmupEvents,
        horizonEvents: options.baselineHorizonEvents,
        profile: { minAlternative: 0.2, lift: 4 },
      },
      () => SPEC,
      s.streams,
    );
  }

  state(): ContentDuplicateState {
    return this.s;
  }

  observe(event: ObservedEvent, book: AlertBook, changes: AlertChange[]): void {
    const shop = event.event;
    if (!shop || event.repeat) return;
    const fingerprint = hash53(
      `${shop.source}\u0000${shop.sessionId}\u0000${shop.userId}\u0000${shop.productId}\u0000${shop.type}\u0000${shop.occurredAt}`,
    );
    const id = hash53(shop.eventId);
    const first = recall(this.s.fingerprints, fingerprint);
    if (first === undefined) remember(this.s.fingerprints, fingerprint, id, this.options.duplicateMemory);
    const hits = first !== undefined && first !== id ? CONTENT_DUPLICATE : NONE;
    this.alerts.feed(ALL_SOURCES, ALL_SOURCES, '*', event, hits, book, changes);
    this.alerts.feed(event.source, event.source, '*', event, hits, book, changes);
  }
}
