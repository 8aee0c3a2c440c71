/**
 * The scorer on the in-process bus: events of a fault that reached the model before the sentinel's verdict
 * stop influencing recommendations once the verdict arrives; a repeated verdict takes nothing more back,
 * and covered events after it are held (not learned).
 */
import pino from 'pino';
import {
  CONTROL_SCHEMA_VERSION_HEADER,
  MODEL_ANNOUNCEMENT_SCHEMA,
  SCHEMA_VERSION,
  encodeControlMessage,
  moneyFromDecimal,
  type ShopEvent,
} from '@shelflife/contracts';
import { InProcessBus, encodeEnvelope, routingKeys } from '@shelflife/bus';
import type { QuarantineVerdict } from '@shelflife/quality';
import { encodeVerdictBroadcast } from '@shelflife/quality-gates';
import { openStore, type Store } from '@shelflife/store';
import { metrics } from '@shelflife/telemetry';
import { start, type ScorerHandle } from './app';
import { loadScorerConfig } from './config';

const T0 = Date.parse('2026-11-20T10:00:00Z');
let nextId = 0;

function event(productId: string, sessionId: string, offsetMs: number, source: string, currency: string): ShopEvent {
  nextId += 1;
  return {
    eventId: `00000000-0000-4000-8000-${String(nextId).padStart(12, '0')}`,
    type: 'view',
    userId: '',
    sessionId,
    productId,
    price: moneyFromDecimal(19.99, currency),
    quantity: 1,
    occurredAt: T0 + offsetMs,
    source,
  };
}

let bus: InProcessBus;
let store: Store;
let scorer: ScorerHandle;

beforeEach(async () => {
  bus = new InProcessBus({ logger: pino({ level: 'silent' }) });
  store = await openStore({ storeDir: ':memory:' });
  scorer = await start(
    loadScorerConfig({ LOG_LEVEL: 'silent', STORE_DIR: ':memory:', SHELFLIFE_GRPC_PORT: '0', SHELFLIFE_SNAPSHOT_INTERVAL_MS: '0' }),
    { bus, store, withAdmin: false },
  );
});

afterEach(async () => {
  await scorer.stop();
  await bus.close();
  await store.close();
});

async function publishEvents(events: ShopEvent[]): Promise<void> {
  for (const e of events)
    await bus.publish(
      encodeEnvelope(bus.topology.exchanges.events, {
        schemaVersion: SCHEMA_VERSION,
        eventId: e.eventId,
        ingestedAt: Date.now(),
        event: e,
      }),
    );
}

async function publishVerdicts(verdicts: QuarantineVerdict[]): Promise<void> {
  await bus.publish({ exchange: bus.topology.exchanges.control, routingKey: routingKeys.quarantine, ...encodeVerdictBroadcast(verdicts) });
}

async function until(what: string, condition: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function retractedCount(): Promise<number> {
  const metric = (await metrics().registry.getMetricsAsJSON()).find((m) => m.name === 'shelflife_scorer_events_retracted_total');
  return (metric?.values ?? []).reduce((sum, v) => sum + v.value, 0);
}

const related = (productId: string) =>
  scorer.model.recommend({ productId, limit: 10, fillWithPopular: false }).items.map((item) => item.productId);

it('takes back what a fault taught the model before the verdict arrived, once per verdict', async () => {
  // Clean traffic: phones go with cases. Then a partner's EUR feed (the fault) pairs phones with chargers.
  const clean = [0, 1, 2].flatMap((i) => [
    event('phone', `web-${i}`, i * 1000, 'web', 'GBP'),
    event('case', `web-${i}`, i * 1000 + 100, 'web', 'GBP'),
  ]);
  const faulty = [0, 1, 2, 3].flatMap((i) => [
    event('phone', `partner-${i}`, 5000 + i * 1000, 'partner', 'EUR'),
    event('charger', `partner-${i}`, 5000 + i * 1000 + 100, 'partner', 'EUR'),
  ]);
  await publishEvents([...clean, ...faulty]);
  await until('every event applied', () => scorer.model.stats().eventsApplied === clean.length + faulty.length);
  expect(related('phone')).toEqual(['charger', 'case']); // the fault outweighs the clean evidence
  const before = await retractedCount();

  const verdict: QuarantineVerdict = {
    alertId: 'alert-eur-1',
    kind: 'price_unit_shift',
    source: 'partner',
    eventType: '*',
    currency: 'EUR',
    field: 'price',
    sinceEventIndex: 6,
    sinceEventId: faulty[0]!.eventId,
    since: T0 + 9000,
    reason: 'prices x0.92: likely USD->EUR',
  };
  await publishVerdicts([verdict]);
  await until('the retraction', () => scorer.model.stats().eventsRetracted > 0);
  expect(scorer.model.stats().eventsRetracted).toBe(faulty.length);
  expect(related('phone')).toEqual(['case']);
  expect(scorer.model.recommend({ productId: 'charger', limit: 10 }).source).toBe('fallback'); // nothing related any more
  expect(await retractedCount()).toBe(before + faulty.length);

  // The sentinel repeats the verdict every 10 s: nothing more to take back. Covered events are held.
  await publishVerdicts([verdict]);
  await publishEvents([event('phone', 'partner-9', 20_000, 'partner', 'EUR'), event('charger', 'partner-9', 20_100, 'partner', 'EUR')]);
  await publishEvents([event('phone', 'web-9', 21_000, 'web', 'GBP'), event('case', 'web-9', 21_100, 'web', 'GBP')]);
  await until('the clean events after the verdict', () => scorer.model.stats().eventsApplied === clean.length + 2);
  expect(related('phone')).toEqual(['case']);
  expect(await retractedCount()).toBe(before + faulty.length);
  expect(scorer.model.stats().eventsRetracted).toBe(faulty.length);
});

async function rejectedControlMessages(): Promise<number> {
  const metric = (await metrics().registry.getMetricsAsJSON()).find((m) => m.name === 'shelflife_control_messages_rejected_total');
  return (metric?.values ?? []).filter((v) => v.labels.consumer === 'scorer').reduce((sum, v) => sum + v.value, 0);
}

it('refuses control messages it cannot read, keeps its verdicts and model, and reads the next good one', async () => {
  const verdict: QuarantineVerdict = {
    alertId: 'alert-null-1',
    kind: 'null_burst',
    source: 'partner',
    eventType: '*',
    currency: '*',
    field: 'price.amount',
    sinceEventIndex: 0,
    sinceEventId: '',
    since: T0,
    reason: 'price.amount empty',
  };
  await publishVerdicts([verdict]);
  const rejectedBefore = await rejectedControlMessages();
  const control = (routingKey: string, body: string, headers: Record<string, number> = {}) =>
    bus.publish({ exchange: bus.topology.exchanges.control, routingKey, body: Buffer.from(body), headers });
  // Not JSON; a verdict without its fields; a newer version; a kind this release does not know; a model announcement without a version.
  await control(routingKeys.quarantine, '{"verdicts": [');
  await control(routingKeys.quarantine, JSON.stringify({ verdicts: [{ alertId: 'x' }], at: 1 }));
  await control(routingKeys.quarantine, JSON.stringify({ verdicts: [], at: 1 }), { [CONTROL_SCHEMA_VERSION_HEADER]: 2 });
  await control(routingKeys.quarantine, JSON.stringify({ verdicts: [{ ...verdict, alertId: 'new-kind', kind: 'mood_swing' }], at: 1 }));
  await control(routingKeys.modelPublished, JSON.stringify({ model: { relations: {}, popular: [] } }));
  await until('five refusals', async () => (await rejectedControlMessages()) === rejectedBefore + 5);

  // The scorer still holds the verdict it had (none of the bad broadcasts lifted it) and still learns the rest.
  await publishEvents([event('phone', 'partner-1', 1000, 'partner', 'EUR'), event('charger', 'partner-1', 1100, 'partner', 'EUR')]);
  await publishEvents([event('phone', 'web-1', 2000, 'web', 'GBP'), event('case', 'web-1', 2100, 'web', 'GBP')]);
  await until('the clean events', () => scorer.model.stats().eventsApplied === 2);
  expect(related('phone')).toEqual(['case']);

  // A good model announcement after the bad ones is blended.
  const model = { version: 'v-good', relations: { phone: [{ productId: 'charger', score: 5 }] }, popular: [] };
  await bus.publish({
    exchange: bus.topology.exchanges.control,
    routingKey: routingKeys.modelPublished,
    ...encodeControlMessage(MODEL_ANNOUNCEMENT_SCHEMA, { version: 'v-good', model }),
  });
  await until('the batch model', () => scorer.model.stats().batchVersion === 'v-good');
});
