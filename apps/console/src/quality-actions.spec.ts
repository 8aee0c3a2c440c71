/**
 * The console without a shared store (each service its own embedded store, as `npm run demo` on
 * RabbitMQ runs them): the quality page still replays, discards and approves, because the console asks
 * the services that own the data, over their gRPC APIs, and they act on their own stores and bus.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import pino from 'pino';
import { moneyFromDecimal, type ShopEvent } from '@shelflife/contracts';
import { InProcessBus } from '@shelflife/bus';
import { BATCH_RUNS, EVENTS, stagingCollections, type BatchRun } from '@shelflife/batch';
import { QUARANTINED_EVENTS, type QuarantinedEvent } from '@shelflife/quality-gates';
import { openStore, type Store } from '@shelflife/store';
import { start as startSentinel, type SentinelHandle, loadSentinelConfig } from '@shelflife/quality-sentinel';
import { start as startAggregator, type AggregatorHandle, loadAggregatorConfig } from '@shelflife/batch-aggregator';
import { start as startConsole, type ConsoleHandle } from './app';
import { loadConsoleConfig } from './config';
import type { ActionOutcome, ApprovalOutcome, ConsoleStatus, QualityView } from './shared/api';

const NOW = Date.now();
const HELD = 'v-2026-11-02-held';

function held(n: number, alertId: string): QuarantinedEvent {
  const id = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  const event: ShopEvent = {
    eventId: id,
    type: 'view',
    userId: '',
    sessionId: 's-1',
    productId: `p-${n}`,
    price: moneyFromDecimal('9.2', 'USD'),
    quantity: 1,
    occurredAt: NOW - 10_000 + n,
    source: 'web',
  };
  return { _id: id, event, ingestedAt: NOW - 9_000 + n, alertIds: [alertId], keptAt: NOW - 9_000 + n };
}

describe('the console acting through the services (no shared store)', () => {
  const silent = { LOG_LEVEL: 'silent', SHELFLIFE_GRPC_PORT: '0', STORE_DIR: ':memory:' };
  let bus: InProcessBus;
  let sentinelStore: Store;
  let aggregatorStore: Store;
  let sentinel: SentinelHandle;
  let aggregator: AggregatorHandle;
  let consoleHandle: ConsoleHandle;
  let copyDir: string;

  beforeAll(async () => {
    bus = new InProcessBus({ logger: pino({ level: 'silent' }) });
    // Two stores, as two processes with their own embedded store folders have.
    sentinelStore = await openStore({ storeDir: ':memory:' });
    aggregatorStore = await openStore({ storeDir: ':memory:' });
    await sentinelStore
      .collection<QuarantinedEvent>(QUARANTINED_EVENTS)
      .insertMany([held(1, 'price-alert'), held(2, 'price-alert'), held(3, 'null-alert')]);
    await aggregatorStore.collection<BatchRun>(BATCH_RUNS).insertMany([
      {
        _id: HELD,
        window: { from: '2026-11-02', to: '2026-11-03' },
        backfill: false,
        state: 'held',
        attempts: 1,
        startedAt: 1,
        updatedAt: 2,
        input: { events: 3, maxIngestedAt: 1 },
        audit: { approved: false, reason: 'held: revenue ×0.92 of its baseline', findings: ['USD revenue ×0.92'] },
      },
    ]);
    await aggregatorStore.collection(stagingCollections(HELD).lists).insertMany([{ _id: 'popular', items: [] }]);
    sentinel = await startSentinel(loadSentinelConfig(silent), { bus, store: sentinelStore, withAdmin: false });
    aggregator = await startAggregator(loadAggregatorConfig(silent), { bus, store: aggregatorStore, withAdmin: false });
    copyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'console-copy-'));
    consoleHandle = await startConsole(
      loadConsoleConfig({
        LOG_LEVEL: 'silent',
        SHELFLIFE_CONSOLE_PORT: '0',
        SHELFLIFE_CONSOLE_HOST: '127.0.0.1',
        SHELFLIFE_CONSOLE_STORE_ACCESS: 'read-only-copy',
        SHELFLIFE_CONSOLE_AGGREGATOR_STORE_DIR: copyDir,
        SHELFLIFE_CONSOLE_APPROVER: 'ops on call',
        SHELFLIFE_CONSOLE_METRICS_TARGETS: 'none=http://127.0.0.1:9',
        SHELFLIFE_SENTINEL_ADDR: `127.0.0.1:${sentinel.grpcPort}`,
        SHELFLIFE_AGGREGATOR_ADDR: `127.0.0.1:${aggregator.grpcPort}`,
      }),
    );
  });

  afterAll(async () => {
    await consoleHandle.stop();
    await aggregator.stop();
    await sentinel.stop();
    await bus.close();
    await sentinelStore.close();
    await aggregatorStore.close();
    fs.rmSync(copyDir, { recursive: true, force: true });
  });

  async function api<T>(method: 'GET' | 'POST', route: string, body?: unknown): Promise<{ status: number; body: T }> {
    const response = await fetch(`${consoleHandle.url}/api${route}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as T };
  }

  it('reads the quarantine and the batch runs from the services while its store is a read-only copy', async () => {
    expect((await api<ConsoleStatus>('GET', '/status')).body.store.kind).toBe('read-only-copy');
    const { body: view } = await api<QualityView>('GET', '/quality');
    expect(view.quarantine.map((g) => [g.alertId, g.events, g.samples.map((s) => `${s.type} ${s.productId} ${s.price}`)])).toEqual([
      ['null-alert', 1, ['view p-3 9.2 USD']],
      ['price-alert', 2, ['view p-1 9.2 USD', 'view p-2 9.2 USD']],
    ]);
    expect(view.batchRuns).toEqual([
      expect.objectContaining({ version: HELD, state: 'held', findings: ['USD revenue ×0.92'], approvedByHand: null }),
    ]);
    expect(view.actsThrough).toContain(`sentinel (127.0.0.1:${sentinel.grpcPort})`);
  });

  it('replays and discards through the sentinel, which publishes on its bus (the aggregator archives them) and empties its own quarantine', async () => {
    const replay = await api<ActionOutcome>('POST', '/quality/quarantine/price-alert/replay');
    expect(replay).toEqual({
      status: 200,
      body: { action: 'replay', alertId: 'price-alert', events: 2, removedFromQuarantine: 2, refused: 0, refusedExamples: [] },
    });
    // The replayed events travel the bus like any other: the aggregator archives them.
    const archive = aggregatorStore.collection<{ productId: string }>(EVENTS);
    const until = Date.now() + 10_000;
    while ((await archive.countDocuments({})) < 2 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    expect((await archive.find({}, { sort: { productId: 1 } })).map((e) => e.productId)).toEqual(['p-1', 'p-2']);
    expect(await api<ActionOutcome>('POST', '/quality/quarantine/null-alert/discard')).toEqual({
      status: 200,
      body: { action: 'discard', alertId: 'null-alert', events: 1, removedFromQuarantine: 1 },
    });
    expect(await sentinelStore.collection(QUARANTINED_EVENTS).countDocuments({})).toBe(0);
    expect((await api<QualityView>('GET', '/quality')).body.quarantine).toEqual([]);
  });

  it('approves a held batch through the aggregator, and answers a second approval with 409 and why', async () => {
    const approved = await api<ApprovalOutcome>('POST', `/quality/batches/${HELD}/approve`, { note: 'a real promotion' });
    expect(approved).toEqual({
      status: 200,
      body: {
        version: HELD,
        window: { from: '2026-11-02', to: '2026-11-03' },
        modelPromoted: true,
        findings: ['USD revenue ×0.92'],
        announced: true,
      },
    });
    expect(await aggregatorStore.collection<BatchRun>(BATCH_RUNS).findOne({ _id: HELD })).toMatchObject({
      state: 'published',
      approvedByHand: { by: 'ops on call', note: 'a real promotion' },
    });
    expect((await api<QualityView>('GET', '/quality')).body.batchRuns[0]).toMatchObject({
      state: 'published',
      approvedByHand: { by: 'ops on call' },
    });
    expect(await api('POST', `/quality/batches/${HELD}/approve`, {})).toEqual({
      status: 409,
      body: { error: 'Conflict', message: `batch run ${HELD} is published, not held: only a held run can be approved by hand` },
    });
    expect((await api<{ message: string }>('POST', '/quality/batches/v-nope/approve', {})).status).toBe(404);
  });
});

describe('the console when a service does not answer', () => {
  it('says which service, at which address, and which setting names it', async () => {
    const consoleHandle = await startConsole(
      loadConsoleConfig({
        LOG_LEVEL: 'silent',
        SHELFLIFE_CONSOLE_PORT: '0',
        SHELFLIFE_CONSOLE_HOST: '127.0.0.1',
        SHELFLIFE_CONSOLE_STORE_ACCESS: 'none',
        SHELFLIFE_CONSOLE_METRICS_TARGETS: 'none=http://127.0.0.1:9',
        SHELFLIFE_SENTINEL_ADDR: '127.0.0.1:9',
        SHELFLIFE_AGGREGATOR_ADDR: '127.0.0.1:9',
      }),
    );
    try {
      const view = (await (await fetch(`${consoleHandle.url}/api/quality`)).json()) as QualityView;
      expect(view.quarantineError).toMatch(/^the sentinel at 127\.0\.0\.1:9 did not answer ListQuarantine .*SHELFLIFE_SENTINEL_ADDR/);
      expect(view.batchRunsError).toMatch(/^the aggregator at 127\.0\.0\.1:9 did not answer ListRuns .*SHELFLIFE_AGGREGATOR_ADDR/);
      const approve = await fetch(`${consoleHandle.url}/api/quality/batches/v-1/approve`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      expect(approve.status).toBe(502);
    } finally {
      await consoleHandle.stop();
    }
  });
});
