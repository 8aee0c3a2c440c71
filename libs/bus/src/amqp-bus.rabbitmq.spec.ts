/**
 * Integration: needs the real RabbitMQ (AMQP_URL, default amqp://guest:guest@127.0.0.1:5672).
 * It fails, with a message saying so, when the broker is not reachable: .ci/run starts one.
 */
import { execFileSync } from 'node:child_process';
import pino from 'pino';
import { AmqpBus } from './amqp-bus';
import { busContractSuite } from './bus-contract.suite';
import { topology } from './topology';
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
  const ours = listing.split('\n').filter((line) => line.includes(`{"connection_name","${name}"}`)).map((line) => line.split('\t')[0]!);
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
    const consumer = await bus.consume(names.queues.scorerEvents, handler, { prefetch: 32 });
    await Promise.all(Array.from({ length: total }, (_, i) => bus.publish({ exchange: names.exchanges.events, routingKey: 'event.view', body: Buffer.from(String(i)) })));
    const deadline = Date.now() + 20_000;
    while (seen.size < total && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(seen.size).toBe(total);
    await consumer.cancel();
    // A new consumer gets nothing: every message was acked before the first one let go of its channel.
    await bus.consume(names.queues.scorerEvents, handler);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(redelivered).toBe(0);
    expect(await bus.queueDepth(names.queues.scorerEvents)).toBe(0);
  });

  it('reconnects after the broker drops every connection, and keeps consuming', async () => {
    const prefix = `test-r-${Date.now()}`;
    const bus = (await makeBus(prefix)) as AmqpBus;
    const names = topology(prefix);
    const received: string[] = [];
    await bus.consume(names.queues.scorerEvents, async (m) => {
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
