/**
 * Issue 12: the gateway spreads its calls over every collector and scorer replica it is given
 * (round_robin over `ipv4:a,b`), and when one of each goes away the others answer: no POST gets
 * anything but 202 or 503 and the fallback share stays under 1 %.
 *
 * Each replica runs on a bus of its own here, so where a call landed can be read: a collector's events
 * sit in its own bus, and each scorer learned a different companion for the same phone.
 */
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { SCHEMA_VERSION, type ShopEvent } from '@shelflife/contracts';
import { InProcessBus, decodeEnvelopes, encodeEnvelope } from '@shelflife/bus';
import { start as startCollector, type CollectorHandle, loadCollectorConfig } from '@shelflife/event-collector';
import { start as startScorer, type ScorerHandle, loadScorerConfig } from '@shelflife/stream-scorer';
import { start, type GatewayHandle } from './app';
import { loadGatewayConfig } from './config';

const quiet = { LOG_LEVEL: 'silent', STORE_DIR: ':memory:', SHELFLIFE_GRPC_PORT: '0' };

interface Replica<H> {
  bus: InProcessBus;
  handle: H;
  stopped: boolean;
}

let collectors: Replica<CollectorHandle>[];
let scorers: Replica<ScorerHandle>[];
let gateway: GatewayHandle;
let url: string;

async function until(what: string, condition: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A session that puts the phone beside `companion`: what this scorer replica alone will recommend. */
function sessionWith(companion: string): ShopEvent[] {
  const sessionId = randomUUID();
  return ['phone', companion].map((productId, i) => ({
    eventId: randomUUID(),
    type: 'add_to_cart',
    userId: '',
    sessionId,
    productId,
    quantity: 1,
    occurredAt: Date.now() - 1_000 + i,
    source: 'web',
  }));
}

beforeAll(async () => {
  collectors = [];
  for (let i = 0; i < 2; i += 1) {
    const bus = new InProcessBus({ logger: pino({ level: 'silent' }) });
    collectors.push({ bus, handle: await startCollector(loadCollectorConfig(quiet), { bus, withAdmin: false }), stopped: false });
  }
  scorers = [];
  for (const companion of ['case-a', 'case-b']) {
    const bus = new InProcessBus({ logger: pino({ level: 'silent' }) });
    const handle = await startScorer(loadScorerConfig({ ...quiet, SHELFLIFE_SNAPSHOT_INTERVAL_MS: '0' }), { bus, withAdmin: false });
    for (let n = 0; n < 3; n += 1) {
      for (const event of sessionWith(companion))
        await bus.publish(
          encodeEnvelope(bus.topology.exchanges.events, {
            schemaVersion: SCHEMA_VERSION,
            eventId: event.eventId,
            ingestedAt: Date.now(),
            event,
          }),
        );
    }
    scorers.push({ bus, handle, stopped: false });
  }
  await until('both scorers to learn their companion', () => scorers.every((s) => s.handle.model.stats().eventsApplied >= 6));
  const list = (handles: { grpcPort: number }[]) => `ipv4:${handles.map((h) => `127.0.0.1:${h.grpcPort}`).join(',')}`;
  gateway = await start(
    loadGatewayConfig({
      ...quiet,
      SHELFLIFE_HTTP_PORT: '0',
      SHELFLIFE_BATCH_LINGER_MS: '1',
      SHELFLIFE_SCORER_STREAM_REBALANCE_MS: '100',
      SHELFLIFE_COLLECTOR_ADDR: list(collectors.map((c) => c.handle)),
      SHELFLIFE_SCORER_ADDR: list(scorers.map((s) => s.handle)),
    }),
    { withAdmin: false },
  );
  url = `http://127.0.0.1:${gateway.httpPort}`;
  await until('the gateway to reach a collector', async () => (await fetch(`${url}/readyz`)).status === 200);
  // Streams opened before both scorers were ready are replaced within size × rebalance (4 × 100 ms).
  await new Promise((resolve) => setTimeout(resolve, 600));
}, 30_000);

afterAll(async () => {
  await gateway?.stop();
  for (const replica of [...collectors, ...scorers]) {
    if (!replica.stopped) await replica.handle.stop();
    await replica.bus.close();
  }
});

const post = async () => {
  const event = {
    eventId: randomUUID(),
    type: 'view',
    sessionId: randomUUID(),
    productId: 'p-1',
    occurredAt: new Date().toISOString(),
    source: 'web',
  };
  const response = await fetch(`${url}/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ events: [event] }),
  });
  return { status: response.status, eventId: event.eventId };
};
const ask = async () =>
  (await (await fetch(`${url}/v1/recommendations?productId=phone&limit=1`)).json()) as { items: { productId: string }[]; source: string };
const eventIdsIn = (bus: InProcessBus) =>
  bus.peek(bus.topology.queues.archiveEvents).flatMap((m) => {
    const decoded = decodeEnvelopes({ ...m, attempt: 1 });
    return decoded.ok ? decoded.envelopes.map((e) => e.eventId) : [];
  });

it('spreads events over both collectors and questions over both scorers', async () => {
  const statuses: number[] = [];
  for (let i = 0; i < 40; i += 1) statuses.push((await post()).status);
  expect(statuses.every((s) => s === 202)).toBe(true);
  const perCollector = collectors.map((c) => eventIdsIn(c.bus).length);
  expect(perCollector.every((n) => n > 0)).toBe(true);
  expect(perCollector[0]! + perCollector[1]!).toBe(40);

  const answeredBy = new Set<string>();
  for (let i = 0; i < 40; i += 1) {
    const answer = await ask();
    expect(answer.source).toBe('realtime');
    answeredBy.add(answer.items[0]!.productId);
  }
  expect([...answeredBy].sort()).toEqual(['case-a', 'case-b']);
});

it('keeps answering when one collector and one scorer go away: 202 or 503 only, fallback under 1 %', async () => {
  const statuses = new Map<number, number>();
  let answers = 0;
  let fallbacks = 0;
  const answeredBy = new Set<string>();
  const acknowledged: string[] = [];
  let stopping: Promise<void> | undefined;
  for (let i = 0; i < 300; i += 1) {
    if (i === 60) {
      // Stopped while the traffic runs, not between requests.
      collectors[1]!.stopped = scorers[1]!.stopped = true;
      stopping = Promise.all([collectors[1]!.handle.stop(), scorers[1]!.handle.stop()]).then(() => undefined);
    }
    const [posted, answer] = await Promise.all([post(), ask()]);
    statuses.set(posted.status, (statuses.get(posted.status) ?? 0) + 1);
    if (posted.status === 202) acknowledged.push(posted.eventId);
    answers += 1;
    if (answer.source === 'fallback') fallbacks += 1;
    else if (i >= 200) answeredBy.add(answer.items[0]!.productId);
  }
  await stopping;
  expect([...statuses.keys()].filter((status) => status !== 202 && status !== 503)).toEqual([]);
  expect(statuses.get(202) ?? 0).toBeGreaterThan(250);
  expect(fallbacks / answers).toBeLessThan(0.01);
  // Once the stopped scorer's streams reopened, only the replica left answers.
  expect([...answeredBy]).toEqual(['case-a']);
  // Every 202 was published by one of the collectors.
  const published = new Set([...eventIdsIn(collectors[0]!.bus), ...eventIdsIn(collectors[1]!.bus)]);
  expect(acknowledged.filter((id) => !published.has(id))).toEqual([]);
}, 60_000);
