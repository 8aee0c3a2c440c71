import type { ShopEvent } from '@shelflife/contracts';
import { EmbeddedStore, IN_MEMORY, openStore } from '@shelflife/store';
import { BATCH_INDEXES, EVENTS } from '../collections';
import { archiveEnvelopes, archiveEvents } from './archive-events';

function purchase(eventId: string, occurredAt: string): ShopEvent {
  return {
    eventId,
    type: 'purchase',
    userId: 'u1',
    sessionId: 's1',
    productId: 'p1',
    price: { currency: 'EUR', units: 19, nanos: 990_000_000 },
    quantity: 2,
    occurredAt: Date.parse(occurredAt),
    source: 'test',
  };
}

describe('archiveEvents', () => {
  it('stores the archive shape with the UTC day and is idempotent on eventId', async () => {
    const store = await openStore({ storeDir: IN_MEMORY, indexes: BATCH_INDEXES });
    const events = [purchase('e1', '2026-01-31T23:59:00Z'), purchase('e2', '2026-02-01T00:01:00Z')];
    expect(await archiveEvents(store, events, 1000)).toEqual({ inserted: 2, duplicates: 0 });
    expect(await archiveEvents(store, [events[1], purchase('e3', '2026-02-01T10:00:00Z')], 2000)).toEqual({ inserted: 1, duplicates: 1 });
    const stored = await store.collection(EVENTS).findOne({ eventId: 'e1' });
    expect(stored).toEqual({
      _id: 'e1',
      eventId: 'e1',
      type: 'purchase',
      productId: 'p1',
      sessionId: 's1',
      userId: 'u1',
      price: { currency: 'EUR', units: 19, nanos: 990_000_000 },
      quantity: 2,
      occurredAt: Date.parse('2026-01-31T23:59:00Z'),
      day: '2026-01-31',
      ingestedAt: 1000,
      source: 'test',
    });
    expect(await store.collection(EVENTS).countDocuments({ day: '2026-02-01' })).toBe(2);
    await store.close();
  });

  it("keeps each envelope's ingestedAt and a null price for events without one", async () => {
    const store = await EmbeddedStore.open(IN_MEMORY);
    const view: ShopEvent = { ...purchase('e9', '2026-02-01T00:00:00Z'), type: 'view', price: undefined };
    delete view.price;
    await archiveEnvelopes(store, [{ schemaVersion: 1, eventId: 'e9', ingestedAt: 4242, event: view }]);
    expect(await store.collection(EVENTS).findOne({ eventId: 'e9' }, { projection: { _id: 0, price: 1, ingestedAt: 1 } })).toEqual({
      price: null,
      ingestedAt: 4242,
    });
    await store.close();
  });
});
