import { EventIdDedup } from './event-id-dedup';
import type { JournalEvent, JournalPosition } from './learning-journal';
import type { ModelState } from './model-state';

/** Where a retraction starts: the first affected event's id, and/or a time (epoch ms, compared with occurredAt). */
export interface RetractSince {
  eventId?: string;
  at?: number;
}

export interface RetractResult {
  /** Events whose learning was taken back. */
  events: number;
  /**
   * How the start was found: `event` (the id is in the journal), `before-journal` (the id was applied but has
   * left the journal, so every journalled event came after it and all are candidates; the older ones stay
   * learned), `time` (the id is unknown to the model: entries with occurredAt >= at), `none` (nothing to go by).
   */
  anchor: 'event' | 'before-journal' | 'time' | 'none';
}

/**
 * Takes back what the journal says the matching events added since the first affected one: count and pair
 * increments are subtracted (clamped at zero, pruned pairs skipped, no relation created), the entries are
 * marked retracted, and their ids are forgotten by the dedup so that a deliberate replay learns them again.
 * Session and user histories keep the items (see docs/recommendation.md).
 */
export function retractLearning(state: ModelState, match: (event: JournalEvent) => boolean, since: RetractSince): RetractResult {
  const { journal, dedup, products, relations, popularity } = state;
  let from: JournalPosition | null = null;
  let minTime = -Infinity;
  let anchor: RetractResult['anchor'] = 'none';
  if (since.eventId) {
    const [high, low] = EventIdDedup.fingerprintOf(since.eventId);
    from = journal.find(high, low, state.clock.now);
    if (from) anchor = 'event';
    else if (dedup.hasFingerprint(high, low)) {
      from = journal.start();
      anchor = 'before-journal';
    }
  }
  if (!from && since.at !== undefined && Number.isFinite(since.at)) {
    from = journal.start();
    minTime = since.at;
    anchor = 'time';
  }
  if (!from || journal.size === 0) return { events: 0, anchor };

  const floor = popularity.floor();
  const backward = state.options.backwardWeight;
  const shrunk = new Set<number>();
  const fingerprints = journal.retractFrom(
    from,
    minTime,
    state.clock.now,
    match,
    (product) => products.idOf(product),
    (product, countAdded, pairProducts, pairWeights, start, end) => {
      if (countAdded > 0) {
        products.subtractCount(product, countAdded);
        shrunk.add(product);
      }
      for (let k = start; k < end; k++) {
        const earlier = pairProducts[k * 2]!;
        const later = pairProducts[k * 2 + 1]!;
        const weight = pairWeights[k]!;
        relations.subtract(earlier, later, weight);
        if (backward > 0) relations.subtract(later, earlier, weight * backward);
      }
    },
  );
  for (let i = 0; i < fingerprints.length; i += 2) dedup.forgetFingerprint(fingerprints[i]!, fingerprints[i + 1]!);
  if (shrunk.size > 0) popularity.shrunk(shrunk, floor, products.size);
  const events = fingerprints.length / 2;
  state.eventsApplied -= events;
  state.eventsRetracted += events;
  return { events, anchor };
}
