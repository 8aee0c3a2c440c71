import { SCHEMA_VERSION, parseGatewayEvent, type EventEnvelope } from '@shelflife/contracts';
import type { AlertChange } from './alert';
import { QualityMonitor } from './quality-monitor';
import { CleanStream } from './testing/clean-stream';
import { viewOfEnvelope } from './view-of-envelope';
import { viewOfGatewayJson } from './view-of-gateway-json';

/**
 * The sentinel reads bus envelopes, the replay tool gateway JSON: the two views of one event must be
 * the same observation, so that what the benchmark and the replay files show is what the service does.
 */

const AT = Date.UTC(2026, 0, 5, 12);

const purchase = {
  eventId: '0f8fad5b-d9cb-469f-a165-70867728950e',
  type: 'purchase',
  userId: 'u1',
  sessionId: 's1',
  productId: 'p1',
  price: { amount: 19.99, currency: 'USD' },
  quantity: 2,
  occurredAt: '2026-01-05T11:59:59.750Z',
  source: 'web',
};

/** What the collector publishes for a gateway event it accepted, as the bus carries it (JSON). */
function envelopeOf(json: Record<string, unknown>, ingestedAt: number): EventEnvelope {
  const parsed = parseGatewayEvent(json, { now: ingestedAt, receivedAt: ingestedAt });
  if (!parsed.ok) throw new Error(`the gateway refuses the test event: ${JSON.stringify(parsed.problems)}`);
  return JSON.parse(JSON.stringify({ schemaVersion: SCHEMA_VERSION, eventId: parsed.event.eventId, ingestedAt, event: parsed.event }));
}

describe('one event, two views', () => {
  const cases: Record<string, Record<string, unknown>> = {
    'a purchase': purchase,
    'an anonymous view without a price': { ...purchase, type: 'view', userId: undefined, price: undefined },
    'an event with an unknown field': { ...purchase, campaign: 'spring' },
    'a view whose price was renamed (price missing, unitPrice unknown)': {
      ...purchase,
      type: 'view',
      price: undefined,
      unitPrice: { amount: 19.99, currency: 'USD' },
    },
    'a zero amount (a renamed amount turned into its protobuf default)': { ...purchase, price: { amount: 0, currency: 'USD' } },
    'an event with no source, no quantity and no occurredAt (the door fills them in)': {
      ...purchase,
      source: undefined,
      quantity: undefined,
      occurredAt: undefined,
    },
  };

  it.each(Object.entries(cases))('%s: the envelope gives the gateway JSON view', (_, sent) => {
    const json = JSON.parse(JSON.stringify(sent)) as Record<string, unknown>;
    const fromJson = viewOfGatewayJson(json, AT);
    const fromEnvelope = viewOfEnvelope(envelopeOf(json, AT));
    // A quantity or a time the door filled in is on the envelope like a sent one (as when the sentinel
    // re-serialised envelopes to gateway JSON): the one difference between the two views.
    const filledIn = { quantity: 'sent', occurredAt: 'sent' };
    expect(fromEnvelope).toEqual({ ...fromJson, shape: { ...fromJson.shape, ...filledIn } });
    if (json.quantity === undefined) expect([fromJson.shape.quantity, fromJson.shape.occurredAt]).toEqual(['missing', 'missing']);
  });

  it('names unknown fields and a missing price in the envelope view', () => {
    const view = viewOfEnvelope(envelopeOf({ ...purchase, type: 'view', price: undefined, unitPrice: 19.99, campaign: 'x' }, AT));
    expect(view.shape.unknownFields).toEqual(['unitPrice', 'campaign']);
    expect(view.shape.price).toBe('missing');
    expect(view.shape.priceShape).toBeUndefined();
    expect(view.event?.unknownFields).toEqual(['unitPrice', 'campaign']);
  });

  it('keeps the values of an event whose id is not a UUID (re-published events may carry any id)', () => {
    const envelope = envelopeOf(purchase, AT);
    envelope.event.eventId = envelope.eventId = 'e-12000';
    const view = viewOfEnvelope(envelope);
    expect(view.eventId).toBe('e-12000');
    expect(view.event?.price).toEqual({ currency: 'USD', units: 19, nanos: 990_000_000 });
    expect(viewOfGatewayJson({ ...purchase, eventId: 'e-12000' }, AT)).toEqual(view);
  });

  it('checks what the bus carried against the contract: an event that breaks it is a shape, not an event', () => {
    const envelope = envelopeOf(purchase, AT);
    envelope.event.quantity = 0;
    const view = viewOfEnvelope(envelope);
    expect(view.event).toBeUndefined();
    expect(view.shape.quantity).toBe('empty');
    expect([view.source, view.eventType, view.eventId]).toEqual(['web', 'purchase', purchase.eventId]);
  });

  it('still rejects a gateway event with a real problem, but keeps its source and type for the schema streams', () => {
    const view = viewOfGatewayJson({ ...purchase, eventId: 'e-1', price: { amount: '19.99', currency: 'USD' } }, 0);
    expect(view.event).toBeUndefined();
    expect(view.shape.priceShape?.amount).toBe('wrong_type');
    expect([view.source, view.eventType, view.eventId]).toEqual(['web', 'purchase', 'e-1']);
  });

  it('describes an input that is not an object as such', () => {
    const view = viewOfGatewayJson('not an event', AT);
    expect(view.shape.isObject).toBe(false);
    expect([view.source, view.eventType, view.event]).toEqual(['unknown', '?', undefined]);
  });
});

describe('the same stream through envelopes and through gateway JSON', () => {
  /** Every alert change of a monitor, with the index of the event that made it. */
  function run(feed: (monitor: QualityMonitor, observe: (json: Record<string, unknown>, at: number) => AlertChange[]) => void) {
    const throughJson = new QualityMonitor();
    const throughEnvelopes = new QualityMonitor();
    const json: [number, AlertChange][] = [];
    const envelopes: [number, AlertChange][] = [];
    feed(throughJson, (event, at) => {
      // Only what the gateway accepts reaches the bus: both monitors see the same events.
      if (!parseGatewayEvent(event, { now: at, receivedAt: at }).ok) return [];
      const index = throughJson.eventsObserved;
      const changes = throughJson.observe(viewOfGatewayJson(event, at));
      for (const change of changes) json.push([index, change]);
      for (const change of throughEnvelopes.observe(viewOfEnvelope(envelopeOf(event, at)))) envelopes.push([index, change]);
      return changes;
    });
    return { json, envelopes, throughJson, throughEnvelopes };
  }

  it('raises and clears the same alerts, with the same causes, for renamed and unknown fields', () => {
    const stream = new CleanStream({ seed: 7 });
    const { json, envelopes, throughJson, throughEnvelopes } = run((_, observe) => {
      const step = (count: number, alter?: (raw: Record<string, unknown>) => void): void => {
        for (let i = 0; i < count; i++) {
          const event = stream.next();
          alter?.(event.raw);
          observe(event.raw, event.ingestedAt);
        }
      };
      step(12_000);
      // web renames price to unitPrice: views lose their price (purchases and carts are refused at the door).
      step(400, (raw) => {
        if (raw.source !== 'web') return;
        raw.unitPrice = raw.price;
        delete raw.price;
      });
      step(3_000);
      // app sends a field the contract does not know.
      step(400, (raw) => {
        if (raw.source === 'app') raw.campaign = 'spring';
      });
      // Everyone sends zero amounts for a while (a renamed amount arriving as its protobuf default).
      step(200, (raw) => {
        raw.price = { amount: 0, currency: 'USD' };
      });
      step(3_000);
    });
    const kinds = new Set(json.map(([, change]) => `${change.change} ${change.alert.kind} ${change.alert.field}`));
    expect([...kinds]).toEqual(
      expect.arrayContaining([
        'raised schema_change unitPrice',
        'raised null_burst price',
        'raised schema_change campaign',
        'raised null_burst price.amount',
      ]),
    );
    expect(json.some(([, change]) => change.alert.cause.includes('renamed'))).toBe(true);
    expect(envelopes).toEqual(json);
    expect(throughEnvelopes.countsByType()).toEqual(throughJson.countsByType());
    expect(throughEnvelopes.quarantineVerdicts()).toEqual(throughJson.quarantineVerdicts());
  }, 120_000);
});
