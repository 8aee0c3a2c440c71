/**
 * Integration: needs the real RabbitMQ (AMQP_URL, default amqp://guest:guest@127.0.0.1:5672).
 * It fails, with a message saying so, when the broker is not reachable: .ci/run starts one.
 */
import { execFileSync } from 'node:child_process';
import * as amqp from 'amqplib';
import pino from 'pino';
import { AmqpBus } from './amqp-bus';
import { busContractSuite } from './bus-contract.suite';
import { topology } from './topology';
import { queueLimitPolicy, setPolicyArgs } from './queue-limits';
import { deleteTopology, requireBroker } from './amqp-admin';
import type { EventBus } from './event-bus';

const AMQP_URL = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const logger = pino({ level: 'silent' });
const created: { bus: AmqpBus; prefix: string }[] = [];

beforeAll(() => requireBroker(AMQP_URL));

afterAll(async () => {
  for (const { bus } of created) await bus.close();
  // Remove what the tests declared so the shared broker stays clean.
  for (const { prefix } of created) await deleteTopology(AMQP_URL, prefix);
});

/** Closes the broker's connections with this client-given name; returns how many. */
function closeConnectionsNamed(name: string, reason: string): number {
  // The tab-separated listing: its pids are the form close_connection takes (the JSON one's are not).
  const listing = execFileSync('rabbitmqctl', ['list_connections', '--quiet', 'pid', 'client_properties']).toString();
  const ours = listing
    .split('\n')
    .filter((line) => line.includes(`{"connection_name","${name}"}`))
    .map((line) => line.split('\t')[0]!);
  for (const pid of ours) execFileSync('rabbitmqctl', ['close_connection', pid, reason], { stdio: 'ignore' });
  return ours.length;
}

async function makeBus(prefix: string): Promise<EventBus> {
  const bus = new AmqpBus({ url: AMQP_URL, prefix, logger });
  created.push({ bus, prefix });
  await bus.start();
  return bus;
}

busContractSuite('AmqpBus on RabbitMQ', makeBus);

describe('AmqpBus on RabbitMQ, broker trouble', () => {
  it('declares durable quorum work queues', async () => {
    const prefix = `test-q-${Date.now()}`;
    await makeBus(prefix);
    const listing = execFileSync('rabbitmqctl', ['list_queues', '--quiet', '--formatter', 'json', 'name', 'type', 'durable']).toString();
    const queues = (JSON.parse(listing) as { name: string; type: string; durable: boolean }[]).filter((q) => q.name.startsWith(prefix));
    const names = topology(prefix).queues;
    for (const queue of Object.values(names)) {
      expect(queues.find((q) => q.name === queue)).toMatchObject({ type: 'quorum', durable: true });
    }
    expect(queues.find((q) => q.name === topology(prefix).streams.scorerEvents)).toMatchObject({ type: 'stream', durable: true });
  });

  it('retires the queues of an earlier version: an empty one is deleted, one with messages unbound and kept', async () => {
    const prefix = `test-retire-${Date.now()}`;
    const names = topology(prefix);
    const [scorerQueue, sentinelQueue] = names.retiredQueues as [string, string];
    const connection = await amqp.connect(AMQP_URL);
    const channel = await connection.createChannel();
    await channel.assertExchange(names.exchanges.events, 'topic', { durable: true });
    for (const queue of [scorerQueue, sentinelQueue]) {
      await channel.assertQueue(queue, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
      await channel.bindQueue(queue, names.exchanges.events, 'event.#');
    }
    channel.sendToQueue(sentinelQueue, Buffer.from('left over'), { persistent: true });
    await new Promise((r) => setTimeout(r, 200));
    const bus = (await makeBus(prefix)) as AmqpBus;
    const exists = async (queue: string) => {
      const probe = await connection.createChannel();
      probe.on('error', () => undefined);
      try {
        return (await probe.checkQueue(queue)).messageCount;
      } catch {
        return undefined;
      } finally {
        await probe.close().catch(() => undefined);
      }
    };
    expect(await exists(scorerQueue)).toBeUndefined();
    // Kept with its message, but no longer fed: a publish no longer reaches it.
    await bus.publish({ exchange: names.exchanges.events, routingKey: 'event.view', body: Buffer.from('{}') });
    await new Promise((r) => setTimeout(r, 200));
    expect(await exists(sentinelQueue)).toBe(1);
    await channel.deleteQueue(sentinelQueue).catch(() => undefined);
    await connection.close();
  });

  it('resumes a stream after the last settled message when the broker drops the connection', async () => {
    const prefix = `test-sr-${Date.now()}`;
    const bus = (await makeBus(prefix)) as AmqpBus;
    const names = topology(prefix);
    const seen: string[] = [];
    const offsets: number[] = [];
    await bus.readStream(
      names.streams.scorerEvents,
      'first',
      async (m) => {
        seen.push(m.body.toString());
        offsets.push(m.offset!);
        return { action: 'ack' };
      },
      { prefetch: 4 },
    );
    for (let i = 0; i < 50; i += 1)
      await bus.publish({ exchange: names.exchanges.events, routingKey: 'event.view', body: Buffer.from(`a${i}`) });
    const until = Date.now() + 30_000;
    while (seen.length < 50 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    expect(closeConnectionsNamed(bus.connectionName, 'test: simulated broker failure')).toBeGreaterThan(0);
    for (let i = 0; i < 50; i += 1) {
      for (;;) {
        try {
          await bus.publish({ exchange: names.exchanges.events, routingKey: 'event.view', body: Buffer.from(`b${i}`) });
          break;
        } catch (error) {
          if (Date.now() > until) throw error;
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    }
    while (seen.length < 100 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 300));
    expect(seen).toEqual([...Array.from({ length: 50 }, (_, i) => `a${i}`), ...Array.from({ length: 50 }, (_, i) => `b${i}`)]);
    expect(new Set(offsets).size).toBe(100);
  });

  it('takes a list of URLs and connects to the first node that answers', async () => {
    const prefix = `test-urls-${Date.now()}`;
    const bus = new AmqpBus({ url: `amqp://guest:guest@127.0.0.1:1,${AMQP_URL}`, prefix, logger });
    created.push({ bus, prefix });
    await bus.start();
    expect(bus.isConnected()).toBe(true);
  });

  it('acks every handled message, even when handlers finish out of order (nothing comes back)', async () => {
    const prefix = `test-a-${Date.now()}`;
    const bus = (await makeBus(prefix)) as AmqpBus;
    const names = topology(prefix);
    const total = 300;
    const seen = new Set<string>();
    let redelivered = 0;
    const handler = async (m: { body: Buffer }) => {
      const id = m.body.toString();
      if (seen.has(id)) redelivered += 1;
      seen.add(id);
      // Random completion order: acks must still cover exactly the settled messages.
      await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 8)));
      return { action: 'ack' as const };
    };
    const consumer = await bus.consume(names.queues.archiveEvents, handler, { prefetch: 32 });
    await Promise.all(
      Array.from({ length: total }, (_, i) =>
        bus.publish({ exchange: names.exchanges.events, routingKey: 'event.view', body: Buffer.from(String(i)) }),
      ),
    );
    const deadline = Date.now() + 20_000;
    while (seen.size < total && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(seen.size).toBe(total);
    await consumer.cancel();
    // A new consumer gets nothing: every message was acked before the first one let go of its channel.
    await bus.consume(names.queues.archiveEvents, handler);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(redelivered).toBe(0);
    expect(await bus.queueDepth(names.queues.archiveEvents)).toBe(0);
  });

  it('reconnects after the broker drops every connection, and keeps consuming', async () => {
    const prefix = `test-r-${Date.now()}`;
    const bus = (await makeBus(prefix)) as AmqpBus;
    const names = topology(prefix);
    const received: string[] = [];
    await bus.consume(names.queues.archiveEvents, async (m) => {
      received.push(m.body.toString());
      return { action: 'ack' };
    });
    await bus.publish({ exchange: names.exchanges.events, routingKey: 'event.view', body: Buffer.from('before') });
    // Only this bus's connections: closing every connection would break other tests sharing the broker.
    const closed = closeConnectionsNamed(bus.connectionName, 'test: simulated broker failure');
    expect(closed).toBeGreaterThan(0);
    // Publishing fails fast while disconnected, then works again once reconnected.
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        await bus.publish({ exchange: names.exchanges.events, routingKey: 'event.view', body: Buffer.from('after') });
        break;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    while (!received.includes('after') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(received).toContain('before');
    expect(received).toContain('after');
    await bus.close();
  });
});

/** Publishes one at a time until the broker refuses; how many it confirmed before, and why it refused. */
async function publishUntilRefused(publish: () => Promise<void>, atMost: number): Promise<{ confirmed: number; error?: string }> {
  for (let confirmed = 0; confirmed < atMost; confirmed += 1) {
    try {
      await publish();
    } catch (error) {
      return { confirmed, error: (error as Error).message };
    }
  }
  return { confirmed: atMost };
}

describe('AmqpBus on RabbitMQ, queue length limits', () => {
  // rabbitmqctl lists a queue's arguments as [name, type, value] triples.
  const listQueueArguments = (prefix: string) =>
    (
      JSON.parse(
        execFileSync('rabbitmqctl', ['list_queues', '--quiet', '--formatter', 'json', 'name', 'arguments', 'policy']).toString(),
      ) as { name: string; arguments: [string, string, unknown][]; policy: string }[]
    )
      .filter((q) => q.name.startsWith(prefix))
      .map((q) => ({
        ...q,
        arguments: Object.fromEntries(q.arguments.map(([name, , value]) => [name, value])) as Record<string, unknown>,
      }));

  it('declares new work queues with the limits and reject-publish; a full queue nacks the publish', async () => {
    const prefix = `test-l-${Date.now()}`;
    const bus = new AmqpBus({ url: AMQP_URL, prefix, logger, queueLimits: { maxLength: 5, maxLengthBytes: 1024 * 1024 } });
    created.push({ bus, prefix });
    await bus.start();
    const names = topology(prefix);
    const archive = listQueueArguments(prefix).find((q) => q.name === names.queues.archiveEvents)!;
    expect(archive.arguments).toMatchObject({ 'x-max-length': 5, 'x-overflow': 'reject-publish', 'x-queue-type': 'quorum' });
    const sentinel = listQueueArguments(prefix).find((q) => q.name === names.queues.sentinelEvents)!;
    expect(sentinel.arguments).toMatchObject({ 'x-max-length': 5, 'x-single-active-consumer': true });
    // The stream has a retention and never refuses a publish.
    const stream = listQueueArguments(prefix).find((q) => q.name === names.streams.scorerEvents)!;
    expect(stream.arguments).toMatchObject({ 'x-queue-type': 'stream', 'x-max-age': '1D' });
    expect(stream.arguments['x-overflow']).toBeUndefined();
    const dead = listQueueArguments(prefix).find((q) => q.name === names.queues.dead)!;
    expect(dead.arguments['x-max-length']).toBeUndefined();
    const publish = () => bus.publish({ exchange: names.exchanges.events, routingKey: 'event.view', body: Buffer.from('{}') });
    const refusal = await publishUntilRefused(publish, 20);
    expect(refusal.error).toMatch(/did not confirm the message .*queue is full/);
    expect(refusal.confirmed).toBeGreaterThanOrEqual(5);
    expect(refusal.confirmed).toBeLessThanOrEqual(5 + 2);
  });

  it('upgrades a deployment whose queues predate the limits without deleting them: the bus starts, a policy limits them', async () => {
    const prefix = `test-u-${Date.now()}`;
    const names = topology(prefix);
    // The queues as the first release declared them: no length arguments, and a message in one.
    const connection = await amqp.connect(AMQP_URL);
    const channel = await connection.createChannel();
    for (const queue of [names.queues.archiveEvents, names.queues.sentinelEvents]) {
      await channel.assertQueue(queue, {
        durable: true,
        arguments: {
          'x-queue-type': 'quorum',
          'x-dead-letter-exchange': names.exchanges.deadLetter,
          'x-dead-letter-routing-key': `failed.${queue}`,
          'x-delivery-limit': 20,
        },
      });
    }
    channel.sendToQueue(names.queues.archiveEvents, Buffer.from('kept'), { persistent: true });
    await channel.close();
    await connection.close();

    const bus = new AmqpBus({ url: AMQP_URL, prefix, logger, queueLimits: { maxLength: 3, maxLengthBytes: 1024 * 1024 } });
    created.push({ bus, prefix });
    await bus.start(); // a redeclaration with the new arguments would fail here with PRECONDITION_FAILED
    expect(await bus.queueDepth(names.queues.archiveEvents)).toBe(1);
    const policy = queueLimitPolicy(names, { maxLength: 3, maxLengthBytes: 1024 * 1024 });
    execFileSync('rabbitmqctl', setPolicyArgs(policy), { stdio: 'ignore' });
    try {
      const until = Date.now() + 10_000;
      while (Date.now() < until && listQueueArguments(prefix).find((q) => q.name === names.queues.archiveEvents)?.policy !== policy.name)
        await new Promise((r) => setTimeout(r, 100));
      expect(listQueueArguments(prefix).find((q) => q.name === names.queues.archiveEvents)?.policy).toBe(policy.name);
      const publish = () => bus.publish({ exchange: names.exchanges.events, routingKey: 'event.view', body: Buffer.from('{}') });
      const refusal = await publishUntilRefused(publish, 10);
      expect(refusal.error).toMatch(/queue is full/);
      // The message that was there before the upgrade is still there; the limit (give or take the
      // publishes a quorum queue had in flight when it reached it) holds the rest.
      expect(refusal.confirmed).toBeGreaterThanOrEqual(2);
      expect(await bus.queueDepth(names.queues.archiveEvents)).toBeLessThanOrEqual(3 + 2);
    } finally {
      execFileSync('rabbitmqctl', ['clear_policy', policy.name], { stdio: 'ignore' });
    }
  });
});
