import { LATE_AFTER_MS, MAX_FUTURE_SKEW_MS, eventTimeStatus } from './event-time';
import { parseGatewayEvent } from './gateway-event';
import { eventFromProto, eventToProto } from './proto-mapping';
import type { ShopEvent } from './event';
import type { Event } from './generated/shelflife/events/v1/event';

const NOW = Date.parse('2026-11-30T12:00:00Z');
const SECOND = 1000;

function gatewayJson(occurredAt: string): Record<string, unknown> {
  return {
    eventId: '6f1c2b9e-8d4a-4f1e-9a57-2b8f3c1d0e11',
    type: 'add_to_cart',
    userId: 'u-1',
    sessionId: 's-1',
    productId: 'phone-1',
    price: { amount: 799, currency: 'USD' },
    quantity: 1,
    occurredAt,
    source: 'web',
  };
}

/** The same event as a gRPC client would send it to the collector (the proto mapping in reverse). */
function protoOf(occurredAtMs: number): Event {
  const event: ShopEvent = {
    eventId: '6f1c2b9e-8d4a-4f1e-9a57-2b8f3c1d0e11',
    type: 'add_to_cart',
    userId: 'u-1',
    sessionId: 's-1',
    productId: 'phone-1',
    price: { currency: 'USD', units: 799, nanos: 0 },
    quantity: 1,
    occurredAt: occurredAtMs,
    source: 'web',
  };
  return eventToProto(event);
}

describe('eventTimeStatus', () => {
  it('is ok within the skew, future beyond it, late when older than lateAfterMs', () => {
    expect(eventTimeStatus(NOW, NOW)).toBe('ok');
    expect(eventTimeStatus(NOW + MAX_FUTURE_SKEW_MS, NOW)).toBe('ok');
    expect(eventTimeStatus(NOW + MAX_FUTURE_SKEW_MS + 1, NOW)).toBe('future');
    expect(eventTimeStatus(NOW - LATE_AFTER_MS, NOW)).toBe('ok');
    expect(eventTimeStatus(NOW - LATE_AFTER_MS - 1, NOW)).toBe('late');
    expect(eventTimeStatus(NaN, NOW)).toBe('future');
  });

  it('takes its limits from the options (Infinity turns a check off) and refuses nonsense limits', () => {
    expect(eventTimeStatus(NOW + 10 * SECOND, NOW, { maxFutureSkewMs: 5 * SECOND })).toBe('future');
    expect(eventTimeStatus(NOW + 365 * 86_400_000, NOW, { maxFutureSkewMs: Infinity })).toBe('ok');
    expect(eventTimeStatus(NOW - 2 * 3600_000, NOW, { lateAfterMs: 3600_000 })).toBe('late');
    expect(eventTimeStatus(0, NOW, { lateAfterMs: Infinity })).toBe('ok');
    expect(() => eventTimeStatus(NOW, NOW, { maxFutureSkewMs: -1 })).toThrow(/maxFutureSkewMs/);
  });
});

describe('occurredAt against the receiving clock, at both doors', () => {
  const cases: { name: string; occurredAt: string; accepted: boolean; status: 'ok' | 'late' | 'future' }[] = [
    { name: 'now', occurredAt: '2026-11-30T12:00:00Z', accepted: true, status: 'ok' },
    { name: '4 min ahead (clock skew)', occurredAt: '2026-11-30T12:04:00Z', accepted: true, status: 'ok' },
    { name: '6 min ahead', occurredAt: '2026-11-30T12:06:00Z', accepted: false, status: 'future' },
    { name: 'local time sent as UTC (+2 h)', occurredAt: '2026-11-30T14:00:00Z', accepted: false, status: 'future' },
    { name: 'one year ahead', occurredAt: '2027-11-30T12:00:00Z', accepted: false, status: 'future' },
    { name: 'the end of time', occurredAt: '9999-12-31T23:59:59Z', accepted: false, status: 'future' },
    { name: 'a week and a day old', occurredAt: '2026-11-22T12:00:00Z', accepted: true, status: 'late' },
    { name: 'years old', occurredAt: '2010-12-01T08:26:00Z', accepted: true, status: 'late' },
  ];

  it.each(cases)('$name: the gateway and the collector agree', ({ occurredAt, accepted, status }) => {
    const ms = Date.parse(occurredAt);
    expect(eventTimeStatus(ms, NOW)).toBe(status);

    const viaGateway = parseGatewayEvent(gatewayJson(occurredAt), { receivedAt: NOW });
    const viaCollector = eventFromProto(protoOf(ms), { receivedAt: NOW });
    expect(viaGateway.ok).toBe(accepted);
    expect(viaCollector.ok).toBe(accepted);
    if (viaGateway.ok && viaCollector.ok) {
      expect(viaCollector.event).toEqual(viaGateway.event);
      expect(viaGateway.event.occurredAt).toBe(ms);
    }
    if (!viaGateway.ok) {
      expect(viaGateway).toMatchObject({
        code: 'INVALID_EVENT',
        problems: [
          {
            field: 'occurredAt',
            problem: expect.stringMatching(/s ahead of the receiving clock .*; send UTC .*or fix the source's clock/),
          },
        ],
      });
    }
    if (!viaCollector.ok) expect(viaCollector.reason).toMatch(/^occurredAt is \d+ s ahead of the receiving clock .*fix the source's clock/);
  });

  it('says how far ahead the event is', () => {
    const result = parseGatewayEvent(gatewayJson('2026-11-30T13:00:00Z'), { receivedAt: NOW });
    expect(result).toMatchObject({ ok: false, problems: [{ field: 'occurredAt', problem: expect.stringContaining('is 3600 s ahead') }] });
    expect(eventFromProto(protoOf(NOW + 3600_000), { now: NOW })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('occurredAt is 3600 s ahead'),
    });
  });

  it('keeps `now` as the default time only: a reader of old files passing now = 0 still reads them', () => {
    expect(parseGatewayEvent(gatewayJson('2010-12-01T08:26:00Z'), { now: 0 })).toMatchObject({
      ok: true,
      event: { occurredAt: Date.parse('2010-12-01T08:26:00Z') },
    });
    expect(parseGatewayEvent({ type: 'view', sessionId: 's', productId: 'p' }, { now: 1_000, receivedAt: NOW })).toMatchObject({
      ok: true,
      event: { occurredAt: 1_000 },
    });
  });

  it('uses the wall clock when no receiving time is given, and the skew can be set', () => {
    const yearAhead = Date.now() + 365 * 86_400_000;
    expect(parseGatewayEvent(gatewayJson(new Date(yearAhead).toISOString()))).toMatchObject({
      ok: false,
      problems: [{ field: 'occurredAt' }],
    });
    expect(eventFromProto(protoOf(yearAhead))).toMatchObject({ ok: false });
    expect(parseGatewayEvent(gatewayJson('2026-11-30T12:00:30Z'), { receivedAt: NOW, maxFutureSkewMs: 10 * SECOND })).toMatchObject({
      ok: false,
    });
    expect(eventFromProto(protoOf(NOW + 30 * SECOND), { now: NOW, maxFutureSkewMs: 10 * SECOND })).toMatchObject({ ok: false });
    expect(parseGatewayEvent(gatewayJson('9999-12-31T23:59:59Z'), { receivedAt: NOW, maxFutureSkewMs: Infinity })).toMatchObject({
      ok: true,
    });
    expect(eventFromProto(protoOf(Date.parse('9999-12-31T23:59:59Z')), { now: NOW, maxFutureSkewMs: Infinity })).toMatchObject({
      ok: true,
    });
  });
});
