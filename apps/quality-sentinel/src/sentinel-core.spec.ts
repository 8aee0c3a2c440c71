/**
 * The sentinel observes the envelopes it consumes as they are (no trip through gateway JSON) and must
 * see what a replay of the gateway's JSON shows: the same alerts, with the same causes, for a renamed
 * field and an unknown one.
 */
import pino from 'pino';
import { InProcessBus, encodeEnvelopes, type IncomingMessage } from '@shelflife/bus';
import { SCHEMA_VERSION, parseGatewayEvent, type EventEnvelope } from '@shelflife/contracts';
import { QualityMonitor, seededRandom, viewOfGatewayJson, type AlertChange } from '@shelflife/quality';
import { BatchAuditor } from '@shelflife/quality-gates';
import { openStore, type Store } from '@shelflife/store';
import { SentinelCore } from './sentinel-core';

const logger = pino({ level: 'silent' });
const START = Date.UTC(2026, 0, 5, 9);

/** A seeded shop in gateway JSON: two sources, 200 products at fixed prices, anonymous shoppers, 100 events/s. */
function shop(seed: number): () => { json: Record<string, unknown>; at: number } {
  const random = seededRandom(seed);
  const prices = Array.from({ length: 200 }, () => Math.round((2 + random() * 50) * 100) / 100);
  let clock = START;
  let n = 0;
  return () => {
    clock += -Math.log(1 - random()) * 10;
    n += 1;
    const product = Math.floor(random() ** 2 * prices.length);
    const r = random();
    const json: Record<string, unknown> = {
      eventId: `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`,
      type: r < 0.8 ? 'view' : r < 0.95 ? 'add_to_cart' : 'purchase',
      sessionId: `s${Math.floor(random() * 5000)}`,
      productId: `p${product}`,
      price: { amount: prices[product], currency: 'USD' },
      quantity: 1 + Math.floor(random() * 2),
      occurredAt: new Date(Math.round(clock - 20 - random() * 100)).toISOString(),
      source: random() < 0.6 ? 'web' : 'app',
    };
    if (random() < 0.7) json.userId = `u${Math.floor(random() * 2000)}`;
    return { json, at: Math.round(clock) };
  };
}

describe('SentinelCore observes envelopes', () => {
  let store: Store;
  let bus: InProcessBus;

  beforeEach(async () => {
    store = await openStore({ storeDir: ':memory:' });
    bus = new InProcessBus({ logger });
  });

  afterEach(async () => {
    await bus.close();
    await store.close();
  });

  it('raises what the replay of the same gateway JSON raises: a renamed price, an unknown field', async () => {
    const core = new SentinelCore(new QualityMonitor(), { bus, names: bus.topology, store, logger, auditor: new BatchAuditor(store) });
    const handler = core.handler(bus.topology.queues.sentinelEvents);
    const seen: AlertChange[] = [];
    core.changes.on('change', (change: AlertChange) => seen.push(change));
    const replay = new QualityMonitor();
    const replayed: AlertChange[] = [];
    const next = shop(3);

    const send = async (count: number, alter?: (json: Record<string, unknown>) => void): Promise<void> => {
      const envelopes: EventEnvelope[] = [];
      for (let i = 0; i < count; i++) {
        const { json, at } = next();
        alter?.(json);
        // What the gateway refuses never reaches the bus; the replay file holds what it accepted.
        const parsed = parseGatewayEvent(JSON.parse(JSON.stringify(json)), { now: at, receivedAt: at });
        if (!parsed.ok) continue;
        replayed.push(...replay.observe(viewOfGatewayJson(JSON.parse(JSON.stringify(json)), at)));
        envelopes.push({ schemaVersion: SCHEMA_VERSION, eventId: parsed.event.eventId, ingestedAt: at, event: parsed.event });
      }
      for (const m of encodeEnvelopes(bus.topology.exchanges.events, envelopes)) {
        const message: IncomingMessage = {
          exchange: m.exchange,
          routingKey: m.routingKey,
          body: m.body,
          headers: m.headers ?? {},
          messageId: m.messageId,
          attempt: 1,
        };
        expect(await handler(message)).toEqual({ action: 'ack' });
      }
    };

    await send(12_000);
    expect(seen).toEqual([]);
    // web renames price to unitPrice: its views arrive without a price and with a field the contract does not know.
    await send(600, (json) => {
      if (json.source !== 'web') return;
      json.unitPrice = json.price;
      delete json.price;
    });
    // app starts sending a field the contract does not know.
    await send(600, (json) => {
      if (json.source === 'app') json.campaign = 'spring';
    });

    const said = (changes: AlertChange[]) =>
      changes.map(({ change, alert }) => [
        change,
        alert.id,
        alert.kind,
        alert.source,
        alert.field,
        alert.cause,
        alert.firstAffectedEventIndex,
      ]);
    expect(said(seen)).toEqual(said(replayed));
    const raised = seen.filter((c) => c.change === 'raised').map((c) => `${c.alert.kind} ${c.alert.source} ${c.alert.field}`);
    expect(raised).toEqual(expect.arrayContaining(['schema_change web unitPrice', 'null_burst web price', 'schema_change app campaign']));
    expect(seen.some((c) => c.alert.field === 'unitPrice' && c.alert.cause.includes('renamed'))).toBe(true);
    expect(core.quality.eventsObserved).toBe(replay.eventsObserved);
    expect(core.quality.quarantineVerdicts()).toEqual(replay.quarantineVerdicts());
  });
});
