import type { EventEnvelope, ShopEvent } from '@shelflife/contracts';
import type { InsertManyResult, Store } from '@shelflife/store';
import { EVENTS } from '../collections';
import { toArchivedEvent, type ArchivedEvent } from './archived-event';

/**
 * Writes events to the archive in one unordered bulk insert. Idempotent on eventId: a redelivered
 * event counts as a duplicate and is not stored twice. Resolves once the write is durable (ack then).
 */
export function archiveEvents(store: Store, events: ShopEvent[], ingestedAt: number = Date.now()): Promise<InsertManyResult> {
  return store.collection<ArchivedEvent>(EVENTS).insertMany(events.map((event) => toArchivedEvent(event, ingestedAt)));
}

/** The same for bus envelopes, keeping each envelope's own ingestedAt. */
export function archiveEnvelopes(store: Store, envelopes: EventEnvelope[]): Promise<InsertManyResult> {
  return store
    .collection<ArchivedEvent>(EVENTS)
    .insertMany(envelopes.map((envelope) => toArchivedEvent(envelope.event, envelope.ingestedAt, envelope.traceparent)));
}
