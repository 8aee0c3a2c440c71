/**
 * One set of rules at every door: the same event sent as the storefront's JSON and as the collector's
 * protobuf (encoded and decoded by the real gRPC serializers) gets the same verdict, the same code and
 * problems on the same fields. fast-check draws the events from valid and hostile values of every
 * field that both encodings can express.
 */
import fc from 'fast-check';
import { parseGatewayEvent } from './gateway-event';
import { eventFromProto } from './proto-mapping';
import { hostileEvents, intentAsJson, intentAsProto, type EventIntent } from './testing';
import { CollectRequest } from './generated/shelflife/collector/v1/collector';

const NOW = Date.parse('2026-11-30T12:00:00Z');
const OPTIONS = { now: NOW, receivedAt: NOW, newEventId: () => '00000000-0000-4000-8000-000000000001' };

/** The collector's protobuf, encoded and decoded by the generated codec grpc-js calls (CollectorServiceService.collect). */
const asProto = (intent: EventIntent): CollectRequest =>
  CollectRequest.decode(CollectRequest.encode({ event: intentAsProto(intent) }).finish());

function verdicts(intent: EventIntent) {
  const http = parseGatewayEvent(JSON.parse(JSON.stringify(intentAsJson(intent))), OPTIONS);
  const grpc = eventFromProto(asProto(intent).event!, OPTIONS);
  const summary = (r: typeof http | typeof grpc) =>
    r.ok ? { ok: true, event: r.event } : { ok: false, code: r.code, fields: r.problems.map((p) => p.field).sort() };
  return { http: summary(http), grpc: summary(grpc) };
}

const text = (max: number) =>
  fc.oneof(
    fc.string({ minLength: 1, maxLength: max }),
    fc.constantFrom('x', 'a'.repeat(129), 'b'.repeat(10_000), 'tab\there', 'nul\u0000', 'ünïcödé-✓', ' '),
  );
const intents: fc.Arbitrary<EventIntent> = fc.record({
  eventId: fc.option(fc.oneof(fc.uuid(), text(40)), { nil: undefined }),
  type: fc.option(fc.oneof(fc.constantFrom('view', 'add_to_cart', 'remove_from_cart', 'purchase'), fc.integer({ min: 5, max: 99 })), {
    nil: undefined,
  }),
  userId: fc.option(text(200), { nil: undefined }),
  sessionId: fc.option(text(200), { nil: undefined }),
  productId: fc.option(text(200), { nil: undefined }),
  source: fc.option(text(100), { nil: undefined }),
  price: fc.option(
    fc.record({
      amount: fc.oneof(
        fc
          .tuple(fc.integer({ min: 0, max: 2_000_000_000 }), fc.integer({ min: 0, max: 99 }))
          .map(([u, c]) => `${u}.${String(c).padStart(2, '0')}`),
        fc.constantFrom('0', '-1', '-0.5', '1000000000', '1000000000.01', '19.99'),
      ),
      currency: fc.constantFrom('USD', 'EUR', 'GBP', 'JPY', 'XXZ', 'usd', 'US', 'DOLLARS', ''),
    }),
    { nil: undefined },
  ),
  quantity: fc.oneof(fc.integer({ min: -3, max: 12_000 }), fc.constantFrom(0, 1, 10_000, 10_001, 2_000_000_000)),
  occurredAt: fc.option(
    fc.oneof(
      fc.integer({ min: NOW - 5 * 365 * 86_400_000, max: NOW + 365 * 86_400_000 }),
      fc.constantFrom(0, Date.UTC(1999, 11, 31), NOW + 4 * 60_000, NOW + 6 * 60_000, NOW - 86_400_000),
    ),
    { nil: undefined },
  ),
  unknownFieldCount: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constantFrom(16, 64, 65, 500)),
});

it('gives every drawn event the same verdict over HTTP and over gRPC', () => {
  fc.assert(
    fc.property(intents, (intent) => {
      const { http, grpc } = verdicts(intent);
      expect(grpc).toEqual(http);
    }),
    { numRuns: 2_000 },
  );
});

it('gives every event of the hostile corpus the same verdict over HTTP and over gRPC, and refuses what it must', () => {
  for (const { name, intent, refused } of hostileEvents(NOW)) {
    const { http, grpc } = verdicts(intent);
    expect({ name, verdict: grpc }).toEqual({ name, verdict: http });
    expect({ name, refusedOn: http.ok ? [] : http.fields }).toEqual({ name, refusedOn: refused });
  }
});
