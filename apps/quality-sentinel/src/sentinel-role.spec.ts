/**
 * Active and standby replicas over one store, without a broker: who may tick and save, the takeover
 * (reload unless the store still holds this replica's own state), and fencing of a replaced replica.
 */
import pino from 'pino';
import { InProcessBus, encodeEnvelopes, type IncomingMessage } from '@shelflife/bus';
import { SCHEMA_VERSION, moneyFromDecimal, type ShopEvent } from '@shelflife/contracts';
import { openStore, type Store } from '@shelflife/store';
import { BatchAuditor } from '@shelflife/quality-gates';
import { SentinelCore } from './sentinel-core';
import { SentinelRole } from './sentinel-role';
import { MonitorState } from './sentinel-state';

const logger = pino({ level: 'silent' });

interface Replica {
  core: SentinelCore;
  role: SentinelRole;
  state: MonitorState;
  connection: { connected: boolean };
  /** Hands events to the replica as the broker would: through the role's guard. */
  deliver(events: ShopEvent[]): Promise<void>;
}

let next = 0;
function events(count: number): ShopEvent[] {
  return Array.from({ length: count }, () => {
    const i = next++;
    return {
      eventId: `e-${i}`,
      type: 'view',
      userId: '',
      sessionId: `s-${i}`,
      productId: `p-${i % 40}`,
      price: moneyFromDecimal(10 + (i % 40), 'USD'),
      quantity: 1,
      occurredAt: Date.now() - 100,
      source: 'web',
    };
  });
}

describe('SentinelRole', () => {
  let store: Store;
  let bus: InProcessBus;
  const replicas: Replica[] = [];

  async function replica(activeAtStart = false): Promise<Replica> {
    const state = new MonitorState(store);
    const { monitor, version } = await state.load();
    const core = new SentinelCore(monitor, { bus, names: bus.topology, store, logger, auditor: new BatchAuditor(store) });
    const connection = { connected: true };
    const role = new SentinelRole({
      core,
      state,
      logger,
      basis: version,
      activeAtStart,
      saveIntervalMs: 60_000,
      tickMs: 20,
      bus: { isConnected: () => connection.connected },
    });
    role.start();
    const handler = role.guard(core.handler(bus.topology.queues.sentinelEvents));
    const deliver = async (batch: ShopEvent[]) => {
      const messages = encodeEnvelopes(
        bus.topology.exchanges.events,
        batch.map((event) => ({ schemaVersion: SCHEMA_VERSION, eventId: event.eventId, ingestedAt: event.occurredAt + 50, event })),
      );
      for (const m of messages)
        await handler({
          exchange: m.exchange,
          routingKey: m.routingKey,
          body: m.body,
          headers: m.headers ?? {},
          messageId: m.messageId,
          attempt: 1,
        } satisfies IncomingMessage);
    };
    const made = { core, role, state, connection, deliver };
    replicas.push(made);
    return made;
  }

  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  beforeEach(async () => {
    store = await openStore({ storeDir: ':memory:' });
    bus = new InProcessBus({ logger });
  });

  afterEach(async () => {
    for (const r of replicas.splice(0)) await r.role.stop();
    await bus.close();
    await store.close();
  });

  it('is active from the start on the in-process bus (the only consumer there can be), standby otherwise', async () => {
    expect((await replica(true)).role.role).toBe('active');
    expect((await replica(false)).role.role).toBe('standby');
  });

  it('a standby never ticks, never saves, and writes nothing when it stops', async () => {
    const active = await replica();
    const standby = await replica();
    await active.deliver(events(500));
    await active.role.stop();
    const saved = await active.state.version();
    await pause(100);
    expect(standby.role.stats).toMatchObject({ ticks: 0, saves: 0, takeovers: 0 });
    await standby.role.stop();
    expect(await standby.state.version()).toEqual(saved);
    expect((await standby.state.load()).monitor.eventsObserved).toBe(500);
  });

  it('takes over with what the previous active replica saved, not what it loaded at its start', async () => {
    const first = await replica();
    const second = await replica();
    second.role.pause(); // no refresh while standby: the takeover itself must load
    await first.deliver(events(300));
    await first.role.stop();
    await second.deliver(events(1));
    expect(second.role.isActive).toBe(true);
    expect(second.role.stats.reloads).toBe(1);
    expect(second.core.quality.eventsObserved).toBe(301);
  });

  it('keeps its own state when nobody wrote since (a lone replica that lost and got back its connection)', async () => {
    const only = await replica();
    await only.deliver(events(200));
    only.connection.connected = false;
    await pause(200);
    expect(only.role.role).toBe('standby');
    only.connection.connected = true;
    await only.deliver(events(1));
    expect(only.role.isActive).toBe(true);
    expect(only.role.stats).toMatchObject({ takeovers: 2, reloads: 0 });
    expect(only.core.quality.eventsObserved).toBe(201);
  });

  it('a replaced active replica steps down at its next tick and can no longer save over its successor', async () => {
    const old = await replica();
    const successor = await replica();
    await old.deliver(events(400));
    // The broker handed the queue over without the old replica noticing (no connection loss seen).
    await successor.deliver(events(10));
    expect(successor.role.isActive).toBe(true);
    const claimed = await successor.state.version();
    expect(claimed?.savedBy).toBe(successor.role.replicaId);
    await pause(100);
    expect(old.role.role).toBe('standby');
    const ticks = old.role.stats.ticks;
    await old.role.stop();
    await pause(60);
    expect(old.role.stats.ticks).toBe(ticks);
    expect(await old.state.version()).toEqual(claimed);
  });
});
