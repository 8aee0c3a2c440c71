/**
 * The forwarder under a spike: a collector that stops answering must give 503s, never a throw, a
 * hang or unbounded memory, and the forwarder must recover when the collector answers again.
 */
import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { Outcome, type CollectorServiceClient, type CollectResponse, type ShopEvent } from '@shelflife/contracts';
import { CollectorForwarder, GatewayOverloadedError } from './collector-forwarder';

interface HeldCall {
  size: number;
  answer: (error: grpc.ServiceError | null) => void;
}

/** A collector whose answers the test gives by hand (stalled until it does). */
function stalledCollector() {
  const held: HeldCall[] = [];
  const client = {
    collectBatch(
      request: { events: { eventId: string }[] },
      _metadata: grpc.Metadata,
      _options: grpc.CallOptions,
      callback: (error: grpc.ServiceError | null, response?: { results: CollectResponse[] }) => void,
    ) {
      held.push({
        size: request.events.length,
        answer: (error) =>
          setImmediate(() =>
            error
              ? callback(error)
              : callback(null, {
                  results: request.events.map((e) => ({
                    outcome: Outcome.OUTCOME_ACCEPTED,
                    eventId: e.eventId,
                    reason: '',
                    code: '',
                    problems: [],
                  })),
                }),
          ),
      });
      return {} as grpc.ClientUnaryCall;
    },
  };
  return { client: client as unknown as CollectorServiceClient, held };
}

const shopEvent = (): ShopEvent => ({
  eventId: randomUUID(),
  type: 'view',
  userId: '',
  sessionId: 's-1',
  productId: 'p-1',
  price: { currency: 'USD', units: 1, nanos: 0 },
  quantity: 1,
  occurredAt: Date.now(),
  source: 'web',
});
const events = (n: number) => Array.from({ length: n }, shopEvent);

describe('CollectorForwarder', () => {
  const options = {
    batchMaxEvents: 10,
    batchLingerMs: 1,
    maxCallsInFlight: 2,
    maxEventsInFlight: 10_000,
    maxBufferedEvents: 200,
    maxQueueDelayMs: 60_000,
  };

  it('with every call in flight and ten batches waiting: no throw, bounded buffer, 503 once full, recovery after', async () => {
    const { client, held } = stalledCollector();
    const forwarder = new CollectorForwarder(client, options);
    const deadline = Date.now() + 60_000;
    // Two calls in flight (20 events), then ten full batches queued behind them: 120 events in all.
    const accepted: Promise<CollectResponse[]>[] = [];
    for (let i = 0; i < 12; i += 1) accepted.push(forwarder.submit(events(10), deadline));
    await new Promise((r) => setTimeout(r, 20));
    expect(held).toHaveLength(2);
    expect(forwarder.load()).toEqual({ buffered: 120, queued: 100, callsInFlight: 2, eventsInFlight: 20 });

    // Many more single-event requests than the bound: the excess is refused at once, nothing grows past it.
    const refusals: unknown[] = [];
    for (let i = 0; i < 5_000; i += 1) {
      accepted.push(
        forwarder.submit(events(1), deadline).catch((error: unknown) => {
          refusals.push(error);
          return [];
        }),
      );
    }
    await new Promise((r) => setTimeout(r, 20));
    expect(forwarder.load().buffered).toBe(200);
    expect(refusals).toHaveLength(5_000 - 80);
    expect(refusals.every((e) => e instanceof GatewayOverloadedError)).toBe(true);
    await expect(forwarder.submit(events(1), deadline)).rejects.toThrow(/already holds 200 events/);

    // The collector answers again: every held event is sent and answered, batch by batch.
    while (held.length > 0) {
      held.shift()!.answer(null);
      await new Promise((r) => setTimeout(r, 5));
    }
    const outcomes = (await Promise.all(accepted)).flat();
    expect(outcomes).toHaveLength(200);
    expect(outcomes.every((o) => o.outcome === Outcome.OUTCOME_ACCEPTED)).toBe(true);
    expect(forwarder.load()).toEqual({ buffered: 0, queued: 0, callsInFlight: 0, eventsInFlight: 0 });
    // And it takes new work again.
    const again = forwarder.submit(events(3), Date.now() + 60_000);
    await new Promise((r) => setTimeout(r, 20));
    held.shift()!.answer(null);
    expect(await again).toHaveLength(3);
  });

  it('answers queued events whose deadline passed while every call was busy as overload, without sending them', async () => {
    const { client, held } = stalledCollector();
    const forwarder = new CollectorForwarder(client, { ...options, maxCallsInFlight: 1 });
    const first = forwarder.submit(events(10), Date.now() + 60_000);
    const late = forwarder.submit(events(10), Date.now() + 30);
    await new Promise((r) => setTimeout(r, 60));
    held.shift()!.answer(null);
    await expect(first).resolves.toHaveLength(10);
    await expect(late).rejects.toBeInstanceOf(GatewayOverloadedError);
    await expect(late).rejects.toThrow(/nothing was sent/);
    await new Promise((r) => setTimeout(r, 10));
    expect(held).toHaveLength(0);
    expect(forwarder.load().buffered).toBe(0);
  });

  it('fails a whole call with the collector status named', async () => {
    const { client, held } = stalledCollector();
    const forwarder = new CollectorForwarder(client, options);
    const submitted = forwarder.submit(events(2), Date.now() + 60_000);
    await new Promise((r) => setTimeout(r, 10));
    held.shift()!.answer(
      Object.assign(new Error('broker nacked'), {
        code: grpc.status.UNAVAILABLE,
        details: 'broker nacked',
        metadata: new grpc.Metadata(),
      }),
    );
    await expect(submitted).rejects.toThrow(/UNAVAILABLE: broker nacked/);
  });

  it('queues full batches behind busy calls without recursing (the old flush/schedule pair overflowed the stack)', async () => {
    const { client, held } = stalledCollector();
    const forwarder = new CollectorForwarder(client, {
      batchMaxEvents: 1,
      batchLingerMs: 0,
      maxCallsInFlight: 1,
      maxEventsInFlight: 10_000,
      maxBufferedEvents: 100_000,
      maxQueueDelayMs: 60_000,
    });
    const all: Promise<unknown>[] = [];
    for (let i = 0; i < 5_000; i += 1) all.push(forwarder.submit(events(1), Date.now() + 60_000).catch((error: unknown) => error));
    expect(forwarder.load()).toEqual({ buffered: 5_000, queued: 4_999, callsInFlight: 1, eventsInFlight: 1 });
    // Each answer starts the next call: every event is answered, one call at a time.
    while (held.length > 0) {
      held.shift()!.answer(null);
      await new Promise((r) => setImmediate(r));
      await new Promise((r) => setImmediate(r));
    }
    const settled = await Promise.all(all);
    expect(settled.filter((s) => Array.isArray(s))).toHaveLength(5_000);
  }, 30_000);

  it('refuses new requests once the oldest queued event waited longer than maxQueueDelayMs, before the count bound', async () => {
    const { client, held } = stalledCollector();
    const forwarder = new CollectorForwarder(client, { ...options, maxCallsInFlight: 1, maxQueueDelayMs: 30 });
    const first = forwarder.submit(events(10), Date.now() + 60_000);
    const queued = forwarder.submit(events(5), Date.now() + 60_000);
    expect(forwarder.load().queued).toBe(5);
    await new Promise((r) => setTimeout(r, 50));
    await expect(forwarder.submit(events(1), Date.now() + 60_000)).rejects.toThrow(
      /waited \d+ ms for a call to the collector \(limit 30 ms\)/,
    );
    expect(forwarder.load().buffered).toBe(15);
    held.shift()!.answer(null);
    await expect(first).resolves.toHaveLength(10);
    await new Promise((r) => setTimeout(r, 10));
    held.shift()!.answer(null);
    await expect(queued).resolves.toHaveLength(5);
    // The queue is empty again: requests are taken.
    const later = forwarder.submit(events(1), Date.now() + 60_000);
    await new Promise((r) => setTimeout(r, 10));
    held.shift()!.answer(null);
    await expect(later).resolves.toHaveLength(1);
  });

  it('keeps at most maxEventsInFlight events in calls, and the rest queued in the gateway', async () => {
    const { client, held } = stalledCollector();
    const forwarder = new CollectorForwarder(client, { ...options, maxCallsInFlight: 8, maxEventsInFlight: 25 });
    const all = Array.from({ length: 6 }, () => forwarder.submit(events(10), Date.now() + 60_000));
    await new Promise((r) => setTimeout(r, 20));
    // Two calls of 10 fit; a third would make 30 > 25, so it waits although calls are free.
    expect(forwarder.load()).toMatchObject({ callsInFlight: 2, eventsInFlight: 20, queued: 40 });
    expect(forwarder.overloaded()).toBeUndefined();
    while (held.length > 0) {
      held.shift()!.answer(null);
      await new Promise((r) => setTimeout(r, 5));
      expect(forwarder.load().eventsInFlight).toBeLessThanOrEqual(25);
    }
    expect((await Promise.all(all)).flat()).toHaveLength(60);
  });
});
