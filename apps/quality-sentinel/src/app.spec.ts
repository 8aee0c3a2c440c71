/**
 * The sentinel service on the in-process bus: it observes the stream, raises an alert when prices
 * silently change unit, publishes the alert and a quarantine verdict, keeps the quarantined events,
 * serves alerts and the audit over gRPC, and keeps its baselines across a restart.
 */
import * as grpc from '@grpc/grpc-js';
import pino from 'pino';
import {
  ALERT_CHANGE_SCHEMA,
  QUARANTINE_VERDICTS_SCHEMA,
  SCHEMA_VERSION,
  SentinelServiceClient,
  decodeControlMessage,
  moneyFromDecimal,
  type ControlSchema,
  type ShopEvent,
} from '@shelflife/contracts';
import { InProcessBus, encodeEnvelope, type IncomingMessage } from '@shelflife/bus';
import { openStore, type Store } from '@shelflife/store';
import { callUnary } from '@shelflife/service-kit';
import { ActiveVerdicts } from '@shelflife/quality-gates';
import { start, type SentinelHandle } from './app';
import { loadSentinelConfig } from './config';
import { QUARANTINED_EVENTS } from './sentinel-state';

const config = loadSentinelConfig({ LOG_LEVEL: 'silent', SHELFLIFE_GRPC_PORT: '0', STORE_DIR: ':memory:' });

function makeEvents(count: number, from: number, factor: number, startAt: number): ShopEvent[] {
  const events: ShopEvent[] = [];
  for (let i = from; i < from + count; i += 1) {
    const product = i % 40;
    const base = 10 + product * 3.5;
    events.push({
      eventId: `e-${i}`,
      type: i % 5 === 0 ? 'purchase' : 'view',
      userId: '',
      sessionId: `s-${Math.floor(i / 6)}`,
      productId: `p-${product}`,
      price: moneyFromDecimal(Math.round(base * factor * 100) / 100, 'USD'),
      quantity: 1,
      occurredAt: startAt + i * 10,
      source: 'web',
    });
  }
  return events;
}

/** Per test: thousands of events through the real monitor take seconds on a loaded CI core (jest's 5 s default failed once). */
const TEST_TIMEOUT_MS = 60_000;

describe('quality-sentinel', () => {
  let bus: InProcessBus;
  let store: Store;
  let sentinel: SentinelHandle;
  let client: SentinelServiceClient;
  const alerts: IncomingMessage[] = [];
  const control: IncomingMessage[] = [];
  const t0 = Date.now() - 130_000;

  beforeAll(async () => {
    bus = new InProcessBus({ logger: pino({ level: 'silent' }) });
    store = await openStore({ storeDir: ':memory:' });
    await bus.subscribe(bus.topology.exchanges.alerts, ['#'], async (m) => {
      alerts.push(m);
      return { action: 'ack' };
    });
    await bus.subscribe(bus.topology.exchanges.control, ['quarantine.verdict'], async (m) => {
      control.push(m);
      return { action: 'ack' };
    });
    sentinel = await start(config, { bus, store, withAdmin: false });
    client = new SentinelServiceClient(`127.0.0.1:${sentinel.grpcPort}`, grpc.credentials.createInsecure());
  });

  afterAll(async () => {
    client.close();
    await sentinel.stop();
    await bus.close();
    await store.close();
  });

  async function send(events: ShopEvent[]): Promise<void> {
    for (const event of events) {
      await bus.publish(
        encodeEnvelope(bus.topology.exchanges.events, {
          schemaVersion: SCHEMA_VERSION,
          eventId: event.eventId,
          ingestedAt: event.occurredAt + 50,
          event,
        }),
      );
    }
    const until = Date.now() + 10_000;
    while ((await bus.queueDepth(bus.topology.queues.sentinelEvents)) > 0 && Date.now() < until)
      await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 50));
  }

  it(
    'counts events by type and contract version',
    async () => {
      await send(makeEvents(12_000, 0, 1, t0));
      const stats = await callUnary(client.getStreamStats.bind(client), {}, 2_000);
      expect(Number(stats.total)).toBe(12_000);
      expect(stats.counts).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ type: 'view', schemaVersion: 1, count: '9600' }),
          expect.objectContaining({ type: 'purchase', count: '2400' }),
        ]),
      );
      expect(alerts).toHaveLength(0);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'raises a price unit alert, publishes it, quarantines, and keeps the affected events',
    async () => {
      await send(makeEvents(300, 12_000, 0.92, t0));
      const raised = alerts.map((m) => decoded(ALERT_CHANGE_SCHEMA, m)).filter((a) => a.change === 'raised');
      expect(raised.map((a) => a.alert.kind)).toContain('price_unit_shift');
      expect(raised.find((a) => a.alert.kind === 'price_unit_shift')!.alert.cause).toMatch(/EUR|0\.92/);
      const listed = await callUnary(client.listAlerts.bind(client), { includeCleared: false }, 2_000);
      expect(listed.alerts.some((a) => a.kind === 'price_unit_shift' && a.active)).toBe(true);
      // Every alert names the event type it is about ("*" = all): a per-type volume drop depends on it.
      expect(listed.alerts.every((a) => a.eventType !== '')).toBe(true);
      const lastVerdicts = decoded(QUARANTINE_VERDICTS_SCHEMA, control[control.length - 1]!);
      expect(lastVerdicts.verdicts.some((v) => v.source === 'web' || v.source === '*')).toBe(true);
      // Every affected event is kept, from the first one on: also those seen before the alert was raised,
      // which the scorer learned and takes back (a person may replay them after a false alarm).
      const verdict = lastVerdicts.verdicts.find((v) => v.sinceEventId)!;
      const first = Number(verdict.sinceEventId!.slice(2));
      expect(first).toBeGreaterThanOrEqual(12_000);
      const kept = await store.collection<{ _id: string }>(QUARANTINED_EVENTS).find({});
      const keptIds = new Set(kept.map((k) => k._id));
      const affected = Array.from({ length: 12_300 - first }, (_, i) => `e-${first + i}`);
      expect(affected.filter((id) => !keptIds.has(id))).toEqual([]);
      expect(keptIds.has(`e-${first - 1}`)).toBe(false);
      // The active verdicts are also in the store, for a scorer that restarts before the next broadcast.
      expect((await new ActiveVerdicts(store).load()).map((v) => v.alertId)).toContain(verdict.alertId);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'audits a batch over gRPC and remembers approved ones',
    async () => {
      const request = {
        version: 'v1',
        kind: 'revenue',
        rowCount: '10',
        revenue: [{ date: '2026-11-01', currencyCode: 'USD', revenue: 1000, units: '50', orders: '20' }],
        priceSummaryJson: '{"p-1": 13.5}',
        backfill: false,
      };
      const verdict = await callUnary(client.auditBatch.bind(client), request, 5_000);
      expect(verdict.approved).toBe(true);
      const bad = await callUnary(client.auditBatch.bind(client), { ...request, priceSummaryJson: 'not json' }, 5_000).catch(
        (e: grpc.ServiceError) => e,
      );
      expect((bad as grpc.ServiceError).code).toBe(grpc.status.INVALID_ARGUMENT);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'keeps its learned baselines across a restart',
    async () => {
      await sentinel.stop();
      sentinel = await start(config, { bus, store, withAdmin: false });
      expect(sentinel.core.quality.eventsObserved).toBe(12_300);
    },
    TEST_TIMEOUT_MS,
  );
});

/** A control message read with its contract: what the publisher sent must be what every reader accepts. */
function decoded<T>(schema: ControlSchema<T>, message: { body: Buffer; headers: Record<string, unknown> }): T {
  const read = decodeControlMessage(schema, message);
  if (!read.ok) throw new Error(read.reason);
  return read.value;
}
