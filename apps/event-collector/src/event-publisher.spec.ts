import pino from 'pino';
import { EventTypeMessage, Outcome, eventToProto, type ShopEvent } from '@shelflife/contracts';
import { BusUnavailableError, InProcessBus, headers as H } from '@shelflife/bus';
import { EventPublisher } from './event-publisher';

const event: ShopEvent = {
  eventId: '00000000-0000-4000-8000-000000000001',
  type: 'view',
  userId: '',
  sessionId: 's',
  productId: 'p',
  quantity: 1,
  occurredAt: 1_700_000_000_000,
  source: 'web',
};
const wire = eventToProto;

describe('EventPublisher', () => {
  let bus: InProcessBus;
  let publisher: EventPublisher;

  beforeEach(() => {
    bus = new InProcessBus({ logger: pino({ level: 'silent' }) });
    publisher = new EventPublisher(bus, bus.topology, 100);
  });

  it('publishes a valid event to every consumer with the envelope in headers', async () => {
    const [result] = await publisher.publishAll([wire(event)]);
    expect(result).toMatchObject({ outcome: Outcome.OUTCOME_ACCEPTED, eventId: '00000000-0000-4000-8000-000000000001' });
    for (const queue of [bus.topology.streams.scorerEvents, bus.topology.queues.archiveEvents, bus.topology.queues.sentinelEvents]) {
      const [message] = bus.peek(queue);
      expect(message!.routingKey).toBe('event.view');
      expect(message!.messageId).toBe('00000000-0000-4000-8000-000000000001');
      expect(message!.headers[H.schemaVersion]).toBe(1);
      expect(typeof message!.headers[H.ingestedAt]).toBe('number');
      expect(message!.headers[H.eventCount]).toBe(1);
      expect(JSON.parse(message!.body.toString())).toMatchObject([
        { ingestedAt: expect.any(Number), event: { eventId: '00000000-0000-4000-8000-000000000001', productId: 'p' } },
      ]);
    }
  });

  it("publishes a call's events as one message in their order, answering each in order", async () => {
    const events = [
      event,
      {
        ...event,
        eventId: '00000000-0000-4000-8000-000000000002',
        type: 'purchase' as const,
        price: { currency: 'USD', units: 19, nanos: 990_000_000 },
      },
      { ...event, eventId: '00000000-0000-4000-8000-000000000003' },
    ];
    const results = await publisher.publishAll(events.map(wire));
    expect(results.map((r) => [r.eventId, r.outcome])).toEqual([
      ['00000000-0000-4000-8000-000000000001', Outcome.OUTCOME_ACCEPTED],
      ['00000000-0000-4000-8000-000000000002', Outcome.OUTCOME_ACCEPTED],
      ['00000000-0000-4000-8000-000000000003', Outcome.OUTCOME_ACCEPTED],
    ]);
    const messages = bus.peek(bus.topology.streams.scorerEvents);
    expect(messages.map((m) => [m.routingKey, m.headers[H.eventCount]])).toEqual([['event.mixed', 3]]);
    expect((JSON.parse(messages[0]!.body.toString()) as { event: { eventId: string } }[]).map((i) => i.event.eventId)).toEqual([
      '00000000-0000-4000-8000-000000000001',
      '00000000-0000-4000-8000-000000000002',
      '00000000-0000-4000-8000-000000000003',
    ]);
  });

  it('counts an id repeated within one call once: the repeats are duplicates that only the sentinel sees', async () => {
    const results = await publisher.publishAll([wire(event), wire(event), wire(event)]);
    expect(results.map((r) => r.outcome)).toEqual([Outcome.OUTCOME_ACCEPTED, Outcome.OUTCOME_DUPLICATE, Outcome.OUTCOME_DUPLICATE]);
    const toScorer = bus.peek(bus.topology.streams.scorerEvents);
    expect(toScorer.map((m) => m.headers[H.eventCount])).toEqual([1]);
    expect(bus.peek(bus.topology.queues.sentinelEvents).map((m) => [m.routingKey, m.headers[H.eventCount]])).toEqual([
      ['event.view', 1],
      ['duplicate.view', 2],
    ]);
  });

  it('answers a repeat as a duplicate that only the sentinel sees', async () => {
    await publisher.publishAll([wire(event)]);
    const [again] = await publisher.publishAll([wire(event)]);
    expect(again!.outcome).toBe(Outcome.OUTCOME_DUPLICATE);
    expect(bus.peek(bus.topology.streams.scorerEvents)).toHaveLength(1);
    expect(bus.peek(bus.topology.queues.sentinelEvents).map((m) => m.routingKey)).toEqual(['event.view', 'duplicate.view']);
  });

  it('dead-letters a contract violation with the reason, and the sentinel sees it', async () => {
    const [result] = await publisher.publishAll([{ ...wire(event), type: EventTypeMessage.EVENT_TYPE_UNSPECIFIED }]);
    expect(result).toMatchObject({ outcome: Outcome.OUTCOME_REJECTED, reason: expect.stringMatching(/^type is required/) });
    const [dead] = bus.peek(bus.topology.queues.dead);
    expect(dead!.routingKey).toBe('rejected.collector');
    expect(dead!.headers[H.reason]).toMatch(/^type is required/);
    // The evidence keeps the wire event's JSON shape: enum names, int64 as strings, absent messages as null.
    expect(JSON.parse(dead!.body.toString())).toEqual({
      eventId: event.eventId,
      type: 'EVENT_TYPE_UNSPECIFIED',
      userId: '',
      sessionId: 's',
      productId: 'p',
      price: null,
      quantity: 1,
      occurredAt: { seconds: '1700000000', nanos: 0 },
      source: 'web',
      unknownFields: [],
    });
    expect(bus.peek(bus.topology.streams.scorerEvents)).toHaveLength(0);
    expect(bus.peek(bus.topology.queues.sentinelEvents).map((m) => m.routingKey)).toEqual(['rejected.collector']);
  });

  it('fails the call when the broker cannot confirm, so the gateway answers 503', async () => {
    await bus.close();
    await expect(publisher.publishAll([wire(event)])).rejects.toBeInstanceOf(BusUnavailableError);
  });

  it('does not remember an id whose publish failed, so the retry is published', async () => {
    await bus.close();
    await expect(publisher.publishAll([wire(event)])).rejects.toThrow();
    await bus.start();
    const [retry] = await publisher.publishAll([wire(event)]);
    expect(retry!.outcome).toBe(Outcome.OUTCOME_ACCEPTED);
  });
});
