/**
 * Issue 12 item 4, "The sentinel has a standby", on the real RabbitMQ (AMQP_URL, default
 * amqp://guest:guest@127.0.0.1:5672; rabbitmqctl on this machine). Two sentinel replicas, each with its
 * own AMQP connection, share one store; the sentinel queue has a single active consumer. The active one
 * learns and raises; the standby does nothing but keep its read view fresh. When the active one crashes
 * (its broker connection cut, its store gone: nothing saved at the end) or stops cleanly, the other takes
 * over within seconds with the state from the store and keeps raising and clearing alerts.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import pino from 'pino';
import {
  ALERT_CHANGE_SCHEMA,
  decodeControlMessage,
  moneyFromDecimal,
  SCHEMA_VERSION,
  SentinelServiceClient,
  type AlertChangeMessage,
  type ShopEvent,
} from '@shelflife/contracts';
import { AmqpBus, deleteTopology, encodeEnvelopes, requireBroker, topology } from '@shelflife/bus';
import { openStore, type Collection, type Store } from '@shelflife/store';
import { callUnary } from '@shelflife/service-kit';
import { start, type SentinelHandle } from './app';
import { loadSentinelConfig } from './config';

const AMQP_URL = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const prefix = `sentinel-standby-${randomUUID().slice(0, 8)}`;
const names = topology(prefix);
const storeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sentinel-standby-'));
// A long interval: what the successor finds after a crash was saved because alerts changed, not by the timer.
const config = loadSentinelConfig({
  LOG_LEVEL: 'silent',
  AMQP_URL,
  SHELFLIFE_BUS_PREFIX: prefix,
  SHELFLIFE_GRPC_PORT: '0',
  STORE_DIR: storeDir,
  SHELFLIFE_SENTINEL_SAVE_INTERVAL_MS: '600000',
});

type AlertNews = AlertChangeMessage;

/** The shared store as one replica sees it; `crash()` makes every call fail, as for a process that died. */
function crashableStore(store: Store): Store & { crash(): void; recover(): void } {
  let crashed = false;
  const check = () => {
    if (crashed) throw new Error('crashed');
  };
  const wrap = <T extends Record<string, unknown>>(collection: Collection<T>): Collection<T> =>
    new Proxy(collection, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver) as unknown;
        if (typeof value !== 'function') return value;
        return async (...args: unknown[]) => {
          check();
          return (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        };
      },
    });
  return {
    kind: store.kind,
    collection: <T extends Record<string, unknown>>(name: string) => wrap(store.collection<T>(name)),
    listCollections: async () => (check(), store.listCollections()),
    ping: async () => (check(), store.ping()),
    close: async () => undefined,
    crash: () => (crashed = true),
    recover: () => (crashed = false),
  };
}

/** Closes, at the broker, the connection of the sentinel queue's single active consumer. */
function closeActiveConsumerConnection(): void {
  const rows = (args: string[]) =>
    execFileSync('rabbitmqctl', args)
      .toString()
      .split('\n')
      .filter((line) => line.startsWith('<') || line.includes('\t<'))
      .map((line) => line.split('\t'));
  const active = rows(['list_consumers', '--quiet', 'queue_name', 'channel_pid', 'activity_status']).filter(
    ([queue, , status]) => queue === names.queues.sentinelEvents && status === 'single_active',
  );
  expect(active).toHaveLength(1);
  const channel = rows(['list_channels', '--quiet', 'pid', 'connection']).find(([pid]) => pid === active[0]![1]);
  expect(channel).toBeDefined();
  execFileSync('rabbitmqctl', ['close_connection', channel![1]!, 'test: the active sentinel crashes'], { stdio: 'ignore' });
}

/** Consumers of the sentinel queue at the broker, by activity status. */
function consumerStatuses(): string[] {
  const listing = execFileSync('rabbitmqctl', ['list_consumers', '--quiet', 'queue_name', 'activity_status']).toString();
  return listing
    .split('\n')
    .map((line) => line.split('\t'))
    .filter(([queue]) => queue === names.queues.sentinelEvents)
    .map(([, status]) => status!)
    .sort();
}

async function until(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<number> {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return Date.now() - started;
}

const basePrice = (product: number) => 10 + product * 3.5;
let nextEvent = 0;

/**
 * Events like the collector's, 40 products at fixed prices; `factor` scales every price. They are dated
 * now, as the collector would: the volume rules compare the ingest clock with the wall clock, and a whole
 * run of this spec stays within their warm-up (no volume alert can come up by itself).
 */
function makeEvents(count: number, factor = 1): ShopEvent[] {
  const events: ShopEvent[] = [];
  const now = Date.now();
  for (let n = 0; n < count; n += 1, nextEvent += 1) {
    const i = nextEvent;
    const product = i % 40;
    events.push({
      eventId: `e-${i}`,
      type: i % 5 === 0 ? 'purchase' : 'view',
      userId: '',
      sessionId: `s-${Math.floor(i / 6)}`,
      productId: `p-${product}`,
      price: moneyFromDecimal(Math.round(basePrice(product) * factor * 100) / 100, 'USD'),
      quantity: 1,
      occurredAt: now - 100 + Math.floor(n / 100),
      source: 'web',
    });
  }
  return events;
}

describe('quality-sentinel with a standby on RabbitMQ', () => {
  const logger = pino({ level: 'silent' });
  let store: Store;
  let storeOfA: ReturnType<typeof crashableStore>;
  let publisher: AmqpBus;
  let a: SentinelHandle | undefined;
  let b: SentinelHandle | undefined;
  let clientOfB: SentinelServiceClient;
  const news: AlertNews[] = [];
  let sent = 0;
  /** Events handled by replicas already stopped. */
  let handledByStopped = 0;

  beforeAll(async () => {
    await requireBroker(AMQP_URL);
    store = await openStore({ storeDir });
    storeOfA = crashableStore(store);
    publisher = new AmqpBus({ url: AMQP_URL, prefix, logger });
    await publisher.start();
    await publisher.subscribe(names.exchanges.alerts, ['#'], async (message) => {
      const read = decodeControlMessage(ALERT_CHANGE_SCHEMA, message);
      if (!read.ok) throw new Error(`the sentinel published an alert change its readers refuse: ${read.reason}`);
      news.push(read.value);
      return { action: 'ack' };
    });
    // A first: its consumer is the one the broker makes active.
    a = await start(config, { store: storeOfA, withAdmin: false });
    b = await start(config, { store, withAdmin: false });
    clientOfB = new SentinelServiceClient(`127.0.0.1:${b.grpcPort}`, grpc.credentials.createInsecure());
  }, 60_000);

  afterAll(async () => {
    clientOfB?.close();
    await a?.stop();
    await b?.stop();
    await publisher?.close();
    await deleteTopology(AMQP_URL, prefix);
    await store?.close();
    fs.rmSync(storeDir, { recursive: true, force: true });
  }, 60_000);

  /** Publishes bundles to the events exchange, as the collector does, and waits until a replica handled them all. */
  async function send(events: ShopEvent[]): Promise<void> {
    const envelopes = events.map((event) => ({
      schemaVersion: SCHEMA_VERSION,
      eventId: event.eventId,
      ingestedAt: event.occurredAt + 50,
      event,
    }));
    for (const message of encodeEnvelopes(names.exchanges.events, envelopes)) await publisher.publish(message);
    sent += events.length;
    await until(
      `the sentinels handled ${sent} events`,
      async () =>
        handledByStopped + (a?.core.streamStats().total ?? 0) + (b?.core.streamStats().total ?? 0) >= sent &&
        (await publisher.queueDepth(names.queues.sentinelEvents)) === 0,
      60_000,
    );
    // Let the alert news of the last events arrive.
    await new Promise((resolve) => setTimeout(resolve, 300));
  }

  async function alertsOnB(): Promise<{ id: string; kind: string; active: boolean }[]> {
    const listed = await callUnary(clientOfB.listAlerts.bind(clientOfB), { includeCleared: true }, 5_000);
    return listed.alerts;
  }

  it('one replica is active and learns; the standby counts nothing, ticks nothing, saves nothing', async () => {
    expect(consumerStatuses()).toEqual(['single_active', 'waiting']);
    await send(makeEvents(12_000));
    expect(a!.role.isActive).toBe(true);
    expect(a!.core.streamStats().total).toBe(12_000);
    expect(a!.core.quality.eventsObserved).toBe(12_000);
    await until('the active replica ran its time-driven rules', () => a!.role.stats.ticks > 0);
    expect(b!.role.role).toBe('standby');
    expect(b!.core.streamStats().total).toBe(0);
    expect(b!.role.stats).toMatchObject({ takeovers: 0, ticks: 0, saves: 0 });
    expect(news).toEqual([]);
  });

  it('the active replica raises an alert; the standby answers reads with it from the store, and still does nothing', async () => {
    await send(makeEvents(300, 0.92));
    const raised = news.filter((n) => n.change === 'raised');
    expect(raised.map((n) => n.alert.kind)).toEqual(['price_unit_shift']);
    expect(a!.core.quality.activeAlerts().map((alert) => alert.id)).toEqual([raised[0]!.alert.id]);
    // Saved at once because an alert changed; the standby refreshes its copy from the store.
    await until(
      'ListAlerts on the standby shows the alert',
      async () => (await alertsOnB()).some((alert) => alert.id === raised[0]!.alert.id && alert.active),
      10_000,
    );
    expect(b!.role.role).toBe('standby');
    expect(b!.core.streamStats().total).toBe(0);
    expect(b!.role.stats).toMatchObject({ takeovers: 0, ticks: 0, saves: 0 });
    expect(b!.role.stats.refreshes).toBeGreaterThan(0);
  });

  it('when the active replica crashes, the standby takes over within seconds with the saved state and clears the alert', async () => {
    const alertId = news.find((n) => n.change === 'raised')!.alert.id;
    // A crash: its store is gone (nothing more is saved) and the broker loses its connection.
    storeOfA.crash();
    const crashedAt = Date.now();
    closeActiveConsumerConnection();
    await until('the crashed replica knows it is no longer active', () => !a!.role.isActive, 5_000);
    const ticksOfA = a!.role.stats.ticks;
    // Healthy prices again: the broker now delivers them to B.
    const healthy = send(makeEvents(500));
    const tookOverIn = await until('the standby becomes active', () => b!.role.isActive, 10_000);
    await healthy;
    expect(Date.now() - crashedAt).toBeLessThan(20_000);
    expect(tookOverIn).toBeLessThan(10_000);
    expect(b!.role.stats.takeovers).toBe(1);
    // It continued from A's baselines (it did not start blind), as saved when A raised the alert: loaded
    // while standby (its read view) or at the takeover, whichever saw A's save first.
    expect(b!.role.stats.refreshes + b!.role.stats.reloads).toBeGreaterThanOrEqual(1);
    expect(b!.core.quality.eventsObserved - b!.core.streamStats().total).toBeGreaterThanOrEqual(12_000);
    // The alert came over with the state: B clears it and never raises it again.
    expect(news.filter((n) => n.alert.id === alertId).map((n) => n.change)).toEqual(['raised', 'cleared']);
    expect(b!.core.quality.activeAlerts()).toEqual([]);
    await until('B runs the time-driven rules', () => b!.role.stats.ticks > 0);
    expect(a!.role.stats.ticks).toBe(ticksOfA);
    expect(a!.role.role).toBe('standby');
    // A's bus reconnected: A now waits behind B.
    await until('A is back as the waiting consumer', () => consumerStatuses().join() === ['single_active', 'waiting'].join(), 20_000);
  });

  it('when the active replica stops, the other takes over again, reloads what it saved, raises a new alert and clears it', async () => {
    const loadsOfA = a!.role.stats.refreshes + a!.role.stats.reloads;
    storeOfA.recover();
    const ticksOfA = a!.role.stats.ticks;
    const before = news.length;
    await b!.stop();
    const savedByB = b!.core.quality.eventsObserved;
    handledByStopped += b!.core.streamStats().total;
    b = undefined;
    expect(a!.role.stats.ticks).toBe(ticksOfA);
    // A field turning into zeros: a null burst on price.amount.
    const stoppedAt = Date.now();
    await send(makeEvents(100, 0));
    expect(Date.now() - stoppedAt).toBeLessThan(15_000);
    expect(a!.role.isActive).toBe(true);
    expect(a!.role.stats.takeovers).toBe(2);
    // It loaded what B saved (A's own memory still had the price alert active, and fewer events).
    expect(a!.role.stats.refreshes + a!.role.stats.reloads).toBeGreaterThan(loadsOfA);
    // Exactly B's state plus the new events: nothing of A's stale memory, nothing lost at a clean stop.
    expect(a!.core.quality.eventsObserved).toBe(savedByB + 100);
    const raised = news.slice(before).filter((n) => n.change === 'raised');
    expect(raised.map((n) => n.alert.kind)).toEqual(['null_burst']);
    // Alert ids continue the sequence of the state taken over (#1 was the price alert).
    expect(raised[0]!.alert.id).toMatch(/#2$/);
    expect(a!.core.quality.activeAlerts().map((alert) => alert.kind)).toEqual(['null_burst']);
    await send(makeEvents(500));
    expect(news.slice(before).map((n) => [n.change, n.alert.kind])).toEqual([
      ['raised', 'null_burst'],
      ['cleared', 'null_burst'],
    ]);
    expect(a!.core.quality.activeAlerts()).toEqual([]);
    await until('A runs the time-driven rules again', () => a!.role.stats.ticks > ticksOfA);
  });
});
