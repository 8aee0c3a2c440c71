import { EVENTS, type ArchivedEvent } from '@shelflife/batch';
import type { ShopEvent } from '@shelflife/contracts';
import type { RecommendationModel } from '@shelflife/recs';
import type { QuarantineGate } from '@shelflife/quality-gates';
import type { Store } from '@shelflife/store';

const PAGE = 5_000;

/**
 * Rebuilds what a snapshot missed: the events archived since it was taken (minus a margin, since
 * archive and scorer consume at their own pace). The model ignores ids it already applied, so the
 * overlap is harmless. Returns how many events were applied.
 */
export async function replayArchiveSince(
  store: Store,
  model: RecommendationModel,
  sinceMs: number,
  gate?: QuarantineGate,
  marginMs = 60_000,
): Promise<number> {
  let applied = 0;
  let cursor = sinceMs - marginMs;
  for (;;) {
    const page = await store
      .collection<ArchivedEvent>(EVENTS)
      .find({ ingestedAt: { $gt: cursor } }, { sort: { ingestedAt: 1 }, limit: PAGE });
    for (const archived of page) {
      try {
        const event = fromArchived(archived);
        // Held back by an active verdict: not learned now, as it was not when it first arrived.
        if (gate?.holding(event)) continue;
        if (model.apply(event, archived.ingestedAt)) applied += 1;
      } catch {
        // An archived event the model cannot use was dead-lettered when it arrived; skip it here too.
      }
    }
    if (page.length < PAGE) return applied;
    const last = page[page.length - 1]!.ingestedAt;
    // Guard against a page of identical timestamps: move on by one millisecond.
    cursor = last > cursor ? last : cursor + 1;
  }
}

function fromArchived(archived: ArchivedEvent): ShopEvent {
  const event: ShopEvent = {
    eventId: archived.eventId,
    type: archived.type,
    userId: archived.userId,
    sessionId: archived.sessionId,
    productId: archived.productId,
    quantity: archived.quantity,
    occurredAt: archived.occurredAt,
    source: archived.source,
  };
  if (archived.price) event.price = archived.price;
  return event;
}
