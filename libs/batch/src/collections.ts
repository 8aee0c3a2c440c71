import type { IndexDeclarations } from '@shelflife/store';

/** Every collection the archive and the batch job use, named in one place. */
export const EVENTS = 'events';
export const BATCH_RUNS = 'batch_runs';
export const PUBLICATIONS = 'publications';

/** The staging collections of one batch version; a held version's stay for inspection. */
export function stagingCollections(version: string): { revenue: string; relations: string; lists: string } {
  return {
    revenue: `batch_${version}_revenue`,
    relations: `batch_${version}_relations`,
    lists: `batch_${version}_lists`,
  };
}

/**
 * Indexes created at start-up (pass to openStore({ indexes })):
 * - eventId unique: the archive's idempotence (a redelivered event is refused, not stored twice);
 * - day (+ type): the window filter of the revenue pipelines and the fingerprint;
 * - productId + day: per-product history and price lookups;
 * - sessionId + occurredAt: the co-occurrence pipeline's sort by session and time.
 */
export const BATCH_INDEXES: IndexDeclarations = {
  [EVENTS]: [
    { name: 'eventId_unique', key: { eventId: 1 }, unique: true },
    { name: 'day_type', key: { day: 1, type: 1 } },
    { name: 'productId_day', key: { productId: 1, day: 1 } },
    { name: 'sessionId_occurredAt', key: { sessionId: 1, occurredAt: 1 } },
  ],
  [BATCH_RUNS]: [{ name: 'window', key: { 'window.to': 1, 'window.from': 1 } }],
};
