import { observeRaw } from './observed-event';

const valid = {
  eventId: '0f8fad5b-d9cb-469f-a165-70867728950e',
  type: 'purchase',
  sessionId: 's1',
  productId: 'p1',
  price: { amount: 19.99, currency: 'USD' },
  occurredAt: '2026-01-05T12:00:00Z',
  source: 'web',
};

describe('observeRaw', () => {
  it('keeps the values of an event whose only problem is a non-UUID id (events re-serialised from the bus)', () => {
    const observed = observeRaw({ ...valid, eventId: 'e-12000' }, 7, 0);
    expect(observed.event?.price).toEqual({ currency: 'USD', units: 19, nanos: 990_000_000 });
    expect(observed.eventId).toBe('e-12000');
    expect(observed.index).toBe(7);
  });

  it('still rejects an event with a real problem, but keeps its source and type for the schema streams', () => {
    const observed = observeRaw({ ...valid, eventId: 'e-1', price: { amount: '19.99', currency: 'USD' } }, 0, 0);
    expect(observed.event).toBeUndefined();
    expect([observed.source, observed.eventType, observed.eventId]).toEqual(['web', 'purchase', 'e-1']);
  });
});
