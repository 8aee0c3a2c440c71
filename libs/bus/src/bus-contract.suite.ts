import { randomUUID } from 'node:crypto';
import type { EventBus, IncomingMessage, StreamStart } from './event-bus';
import { headers as H, topology } from './topology';

/** One behaviour suite for every transport: the in-process bus must honour what RabbitMQ does. */
export function busContractSuite(name: string, makeBus: (prefix: string) => Promise<EventBus>): void {
  describe(`${name} honours the bus contract`, () => {
    let bus: EventBus;
    let names: ReturnType<typeof topology>;

    beforeEach(async () => {
      const prefix = `test-${randomUUID().slice(0, 8)}`;
      names = topology(prefix);
      bus = await makeBus(prefix);
    });

    afterEach(async () => {
      await bus.close();
    });

    async function waitUntil(condition: () => boolean, timeoutMs = 15_000): Promise<void> {
      const until = Date.now() + timeoutMs;
      while (!condition()) {
        if (Date.now() > until) throw new Error('timed out waiting for the stream reader');
        await new Promise((r) => setTimeout(r, 20));
      }
    }

    function readAll(stream: string, start: StreamStart, verdict: (m: IncomingMessage) => 'ack' | 'retry' = () => 'ack') {
      const seen: IncomingMessage[] = [];
      const consumer = bus.readStream(
        stream,
        start,
        async (message) => {
          seen.push(message);
          const action = verdict(message);
          return action === 'ack' ? { action } : { action, reason: `test says ${action}` };
        },
        { retryDelayMs: () => 20, maxAttempts: 3, prefetch: 8 },
      );
      return { seen, cancel: async () => (await consumer).cancel() };
    }

    function collect(queue: string, count: number, verdict: (m: IncomingMessage) => 'ack' | 'retry' | 'dead-letter' = () => 'ack') {
      const seen: IncomingMessage[] = [];
      const done = new Promise<IncomingMessage[]>((resolve) => {
        void bus.consume(
          queue,
          async (message) => {
            seen.push(message);
            if (seen.length >= count) resolve(seen);
            const action = verdict(message);
            return action === 'ack' ? { action } : { action, reason: `test says ${action}` };
          },
          { retryDelayMs: () => 50, maxAttempts: 3 },
        );
      });
      return done;
    }

    it('routes a confirmed event to every bound work queue by type', async () => {
      const scorer = collect(names.queues.sentinelEvents, 1);
      const archive = collect(names.queues.archiveEvents, 1);
      await bus.publish({
        exchange: names.exchanges.events,
        routingKey: 'event.purchase',
        body: Buffer.from('{"a":1}'),
        messageId: 'm1',
        headers: { [H.eventId]: 'm1' },
      });
      const [[toScorer], [toArchive]] = await Promise.all([scorer, archive]);
      expect(toScorer!.body.toString()).toBe('{"a":1}');
      expect(toScorer!.routingKey).toBe('event.purchase');
      expect(toScorer!.messageId).toBe('m1');
      expect(toArchive!.headers[H.eventId]).toBe('m1');
    });

    it('sends duplicates only to the sentinel', async () => {
      const sentinel = collect(names.queues.sentinelEvents, 1);
      const stream = readAll(names.streams.scorerEvents, 'first');
      await bus.publish({ exchange: names.exchanges.events, routingKey: 'duplicate.view', body: Buffer.from('{}') });
      await bus.publish({ exchange: names.exchanges.events, routingKey: 'event.view', body: Buffer.from('after') });
      const [message] = await sentinel;
      expect(message!.routingKey).toBe('duplicate.view');
      expect(await bus.queueDepth(names.queues.archiveEvents)).toBeLessThanOrEqual(1);
      // The stream got the event and not the duplicate.
      await waitUntil(() => stream.seen.length >= 1);
      expect(stream.seen.map((m) => m.body.toString())).toEqual(['after']);
      await stream.cancel();
    });

    it('gives every stream reader every message, in order, each with its offset', async () => {
      const first = readAll(names.streams.scorerEvents, 'first');
      for (let i = 0; i < 30; i += 1)
        await bus.publish({
          exchange: names.exchanges.events,
          routingKey: i % 2 ? 'event.view' : 'event.mixed',
          body: Buffer.from(String(i)),
        });
      const late = readAll(names.streams.scorerEvents, 'first');
      await waitUntil(() => first.seen.length >= 30 && late.seen.length >= 30);
      const expected = Array.from({ length: 30 }, (_, i) => String(i));
      expect(first.seen.map((m) => m.body.toString())).toEqual(expected);
      expect(late.seen.map((m) => m.body.toString())).toEqual(expected);
      const offsets = first.seen.map((m) => m.offset!);
      expect(offsets.every((offset, i) => i === 0 || offset === offsets[i - 1]! + 1)).toBe(true);
      expect(late.seen.map((m) => m.offset)).toEqual(offsets);
      // Resuming at a given offset gives exactly what follows it: nothing skipped, nothing twice.
      const resumed = readAll(names.streams.scorerEvents, { offset: offsets[17]! + 1 });
      await waitUntil(() => resumed.seen.length >= 12);
      await new Promise((r) => setTimeout(r, 200));
      expect(resumed.seen.map((m) => m.body.toString())).toEqual(expected.slice(18));
      // 'next' sees only what is published after it attached.
      const next = readAll(names.streams.scorerEvents, 'next');
      await new Promise((r) => setTimeout(r, 300));
      await bus.publish({ exchange: names.exchanges.events, routingKey: 'event.view', body: Buffer.from('new') });
      await waitUntil(() => next.seen.length >= 1 && first.seen.length >= 31);
      expect(next.seen.map((m) => m.body.toString())).toEqual(['new']);
      for (const reader of [first, late, resumed, next]) await reader.cancel();
    });

    it('retries a stream message in place, keeping the order, then dead-letters it and reads on', async () => {
      const dead = collect(names.queues.dead, 1);
      const stream = readAll(names.streams.scorerEvents, 'first', (m) => (m.body.toString() === 'poison' ? 'retry' : 'ack'));
      for (const body of ['a', 'poison', 'b'])
        await bus.publish({ exchange: names.exchanges.events, routingKey: 'event.view', body: Buffer.from(body) });
      await waitUntil(() => stream.seen.filter((m) => m.body.toString() === 'b').length === 1);
      expect(stream.seen.map((m) => `${m.body.toString()}#${m.attempt}`)).toEqual(['a#1', 'poison#1', 'poison#2', 'poison#3', 'b#1']);
      const [deadMessage] = await dead;
      expect(deadMessage!.body.toString()).toBe('poison');
      expect(String(deadMessage!.headers[H.reason])).toMatch(/gave up after 3 attempts/);
      expect(deadMessage!.headers[H.originalQueue]).toBe(names.streams.scorerEvents);
      await stream.cancel();
    });

    it('retries with growing attempts, then dead-letters with the reason', async () => {
      const attempts = collect(names.queues.archiveEvents, 3, () => 'retry');
      const dead = collect(names.queues.dead, 1);
      await bus.publish({
        exchange: names.exchanges.events,
        routingKey: 'event.view',
        body: Buffer.from('{"poison":true}'),
        messageId: 'p1',
      });
      const seen = await attempts;
      expect(seen.map((m) => m.attempt)).toEqual([1, 2, 3]);
      const [deadMessage] = await dead;
      expect(deadMessage!.body.toString()).toBe('{"poison":true}');
      expect(String(deadMessage!.headers[H.reason])).toMatch(/gave up after 3 attempts: test says retry/);
      expect(deadMessage!.headers[H.originalQueue]).toBe(names.queues.archiveEvents);
    });

    it('dead-letters at once when the handler says so', async () => {
      void collect(names.queues.archiveEvents, 1, () => 'dead-letter');
      const dead = collect(names.queues.dead, 1);
      await bus.publish({ exchange: names.exchanges.events, routingKey: 'event.view', body: Buffer.from('x') });
      const [deadMessage] = await dead;
      expect(deadMessage!.headers[H.reason]).toBe('test says dead-letter');
    });

    it('dead-letters the named parts of an acknowledged message alone, each with its reason', async () => {
      void bus.consume(names.queues.archiveEvents, async () => ({
        action: 'ack',
        deadLetterParts: [{ body: Buffer.from('{"eventId":"bad"}'), messageId: 'bad', reason: 'field price is not a number' }],
      }));
      const dead = collect(names.queues.dead, 1);
      await bus.publish({
        exchange: names.exchanges.events,
        routingKey: 'event.view',
        body: Buffer.from('[{},{}]'),
        messageId: 'bundle+1',
        headers: { [H.eventId]: 'first', [H.eventCount]: 2 },
      });
      const [part] = await dead;
      expect(part!.body.toString()).toBe('{"eventId":"bad"}');
      expect(part!.messageId).toBe('bad');
      expect(part!.headers[H.reason]).toBe('field price is not a number');
      expect(part!.headers[H.eventId]).toBe('bad');
      expect(part!.headers[H.eventCount]).toBe(1);
      expect(part!.headers[H.originalQueue]).toBe(names.queues.archiveEvents);
      expect(part!.headers[H.originalRoutingKey]).toBe('event.view');
      await new Promise((r) => setTimeout(r, 100));
      expect(await bus.queueDepth(names.queues.archiveEvents)).toBe(0);
    });

    it('delivers to every subscriber of a broadcast', async () => {
      const got: string[] = [];
      const both = new Promise<void>((resolve) => {
        const handler = (tag: string) => async (m: IncomingMessage) => {
          got.push(`${tag}:${m.body.toString()}`);
          if (got.length === 2) resolve();
          return { action: 'ack' as const };
        };
        void Promise.all([
          bus.subscribe(names.exchanges.control, ['model.published'], handler('a')),
          bus.subscribe(names.exchanges.control, ['model.published'], handler('b')),
        ]).then(() => bus.publish({ exchange: names.exchanges.control, routingKey: 'model.published', body: Buffer.from('v1') }));
      });
      await both;
      expect(got.sort()).toEqual(['a:v1', 'b:v1']);
    });

    it('keeps at most `prefetch` messages in flight per consumer', async () => {
      let inFlight = 0;
      let peak = 0;
      let handled = 0;
      const done = new Promise<void>((resolve) => {
        void bus.consume(
          names.queues.archiveEvents,
          async () => {
            inFlight += 1;
            peak = Math.max(peak, inFlight);
            await new Promise((r) => setTimeout(r, 5));
            inFlight -= 1;
            handled += 1;
            if (handled === 20) resolve();
            return { action: 'ack' };
          },
          { prefetch: 4 },
        );
      });
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          bus.publish({ exchange: names.exchanges.events, routingKey: 'event.view', body: Buffer.from(String(i)) }),
        ),
      );
      await done;
      expect(peak).toBeLessThanOrEqual(4);
      expect(peak).toBeGreaterThan(1);
    });
  });
}
