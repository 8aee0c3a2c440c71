import { parseGatewayEvent } from './gateway-event';
import { eventFromProto, eventToProto } from './proto-mapping';
import { EventType } from './generated/shelflife/events/v1/event';

const valid = {
  eventId: '6F1C2B9E-8D4A-4F1E-9A57-2B8F3C1D0E11',
  type: 'purchase',
  userId: 'u-1',
  sessionId: 's-1',
  productId: 'p-1',
  price: { amount: 19.99, currency: 'USD' },
  quantity: 2,
  occurredAt: '2026-01-31T12:00:00.250+01:00',
  source: 'web',
};

describe('parseGatewayEvent', () => {
  it('reads a valid event into the contract shape', () => {
    const result = parseGatewayEvent(valid);
    expect(result).toEqual({
      ok: true,
      event: {
        eventId: '6f1c2b9e-8d4a-4f1e-9a57-2b8f3c1d0e11',
        type: 'purchase',
        userId: 'u-1',
        sessionId: 's-1',
        productId: 'p-1',
        price: { currency: 'USD', units: 19, nanos: 990_000_000 },
        quantity: 2,
        occurredAt: Date.parse('2026-01-31T11:00:00.250Z'),
        source: 'web',
      },
    });
  });

  it('fills defaults: an event id, now, quantity 1, source unknown, anonymous user', () => {
    const result = parseGatewayEvent({ type: 'view', sessionId: 's', productId: 'p' }, { now: 1_000, newEventId: () => 'id-1' });
    expect(result).toEqual({
      ok: true,
      event: {
        eventId: 'id-1',
        type: 'view',
        userId: '',
        sessionId: 's',
        productId: 'p',
        quantity: 1,
        occurredAt: 1_000,
        source: 'unknown',
      },
    });
  });

  it('tells an unknown event type apart from a malformed one', () => {
    expect(parseGatewayEvent({ ...valid, type: 'wishlist' })).toMatchObject({ ok: false, code: 'UNKNOWN_EVENT_TYPE' });
    expect(parseGatewayEvent({ ...valid, type: 7 })).toMatchObject({ ok: false, code: 'INVALID_EVENT' });
  });

  it('lists every problem with the field it is about', () => {
    const result = parseGatewayEvent({
      ...valid,
      eventId: 'nope',
      sessionId: '',
      price: { amount: -1, currency: 'usd' },
      quantity: 1.5,
      occurredAt: '31/01/2026',
      source: 42,
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.field).sort()).toEqual([
      'eventId',
      'occurredAt',
      'price.amount',
      'price.currency',
      'quantity',
      'sessionId',
      'source',
    ]);
  });

  it('requires a price on carts and purchases, not on views', () => {
    const { price: _price, ...noPrice } = valid;
    expect(parseGatewayEvent(noPrice)).toMatchObject({ ok: false, problems: [{ field: 'price' }] });
    expect(parseGatewayEvent({ ...noPrice, type: 'view' })).toMatchObject({ ok: true });
  });

  it('keeps unknown top-level field names for the sentinel', () => {
    const result = parseGatewayEvent({ ...valid, priceEur: 18.4, campaign: 'x' });
    expect(result).toMatchObject({ ok: true, event: { unknownFields: ['priceEur', 'campaign'] } });
  });

  it('refuses non-objects', () => {
    for (const input of [null, [], 'event', 3]) expect(parseGatewayEvent(input)).toMatchObject({ ok: false, code: 'INVALID_EVENT' });
  });
});

describe('proto mapping', () => {
  it('round-trips an event through the wire shape without losing a cent or a millisecond', () => {
    const parsed = parseGatewayEvent({ ...valid, priceEur: 1 });
    if (!parsed.ok) throw new Error('fixture invalid');
    const wire = eventToProto(parsed.event);
    expect(eventFromProto(wire)).toEqual({ ok: true, event: parsed.event });
  });

  it('rejects what the proto cannot forbid: unspecified type, empty ids, negative money', () => {
    const parsed = parseGatewayEvent(valid);
    if (!parsed.ok) throw new Error('fixture invalid');
    const wire = eventToProto(parsed.event);
    expect(eventFromProto({ ...wire, type: EventType.EVENT_TYPE_UNSPECIFIED })).toMatchObject({
      ok: false,
      code: 'INVALID_EVENT',
      problems: [{ field: 'type' }],
      reason: expect.stringMatching(/^type is required/),
    });
    expect(eventFromProto({ ...wire, productId: '' })).toMatchObject({
      ok: false,
      problems: [{ field: 'productId' }],
      reason: expect.stringMatching(/^productId is required/),
    });
    expect(eventFromProto({ ...wire, price: { currencyCode: 'USD', units: '-1', nanos: 0 } })).toMatchObject({
      ok: false,
      problems: [{ field: 'price.amount' }],
    });
    expect(eventFromProto({ ...wire, price: undefined })).toMatchObject({ ok: false, reason: 'price is required for purchase events' });
    // A newer contract's type arrives as its number, which no EventType member names.
    const newerType: number = 99;
    expect(eventFromProto({ ...wire, type: newerType })).toMatchObject({
      ok: false,
      code: 'UNKNOWN_EVENT_TYPE',
      problems: [{ field: 'type' }],
    });
  });
});
