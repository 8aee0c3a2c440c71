/**
 * The aggregator's BatchService: a person's approval of a held run goes to the service that owns
 * batch_runs, which publishes it on its own store and announces the model on its own bus; a run that
 * is not held, or does not exist, is refused with a status and a message that say what to do.
 */
import * as grpc from '@grpc/grpc-js';
import { service as healthService } from 'grpc-health-check';
import pino from 'pino';
import { BatchServiceClient, MODEL_ANNOUNCEMENT_SCHEMA, decodeControlMessage } from '@shelflife/contracts';
import { InProcessBus, routingKeys, type IncomingMessage } from '@shelflife/bus';
import { BATCH_RUNS, PUBLICATIONS, stagingCollections, type BatchRun } from '@shelflife/batch';
import { callUnary } from '@shelflife/service-kit';
import { openStore, type Store } from '@shelflife/store';
import { start, type AggregatorHandle } from './app';
import { loadAggregatorConfig } from './config';

const HELD = 'v-2026-11-02-held';
const PUBLISHED = 'v-2026-11-01-published';

function run(version: string, state: BatchRun['state'], window: { from: string; to: string }): BatchRun {
  return {
    _id: version,
    window,
    backfill: false,
    state,
    attempts: 1,
    startedAt: 1,
    updatedAt: state === 'held' ? 3 : 2,
    input: { events: 10, maxIngestedAt: 1 },
    audit: {
      approved: state !== 'held',
      reason: state === 'held' ? 'held: revenue fell to ×0.92 of its baseline' : 'approved',
      findings: state === 'held' ? ['GBP revenue ×0.92 of the 28-day median'] : [],
    },
  };
}

describe("BatchService (the aggregator's runs over gRPC)", () => {
  let bus: InProcessBus;
  let store: Store;
  let aggregator: AggregatorHandle;
  let client: BatchServiceClient;
  const announcements: IncomingMessage[] = [];

  beforeAll(async () => {
    bus = new InProcessBus({ logger: pino({ level: 'silent' }) });
    store = await openStore({ storeDir: ':memory:' });
    await store
      .collection<BatchRun>(BATCH_RUNS)
      .insertMany([
        run(PUBLISHED, 'published', { from: '2026-11-01', to: '2026-11-02' }),
        run(HELD, 'held', { from: '2026-11-02', to: '2026-11-03' }),
      ]);
    // The held version's staged model: what the announcement carries to the scorers.
    await store.collection(stagingCollections(HELD).lists).insertMany([{ _id: 'popular', items: [{ productId: 'p-1', score: 1 }] }]);
    await store
      .collection(stagingCollections(HELD).relations)
      .insertMany([{ _id: 'p-1', productId: 'p-1', items: [{ productId: 'p-2', score: 0.5 }] }]);
    await bus.subscribe(bus.topology.exchanges.control, [routingKeys.modelPublished], async (message) => {
      announcements.push(message);
      return { action: 'ack' };
    });
    aggregator = await start(loadAggregatorConfig({ LOG_LEVEL: 'silent', STORE_DIR: ':memory:', SHELFLIFE_GRPC_PORT: '0' }), {
      bus,
      store,
      withAdmin: false,
    });
    client = new BatchServiceClient(`127.0.0.1:${aggregator.grpcPort}`, grpc.credentials.createInsecure());
  });

  afterAll(async () => {
    client.close();
    await aggregator.stop();
    await bus.close();
    await store.close();
  });

  it('lists the runs newest first, with their state, window and findings', async () => {
    const { runs } = await callUnary(client.listRuns.bind(client), { limit: 0 }, 2_000);
    expect(runs.map((r) => [r.version, r.state])).toEqual([
      [HELD, 'held'],
      [PUBLISHED, 'published'],
    ]);
    expect(runs[0]).toMatchObject({
      window: { from: '2026-11-02', to: '2026-11-03' },
      findings: ['GBP revenue ×0.92 of the 28-day median'],
      approvedByHand: undefined,
    });
  });

  it('approves a held run by hand: publishes it, records who and why, and announces the model', async () => {
    const answer = await callUnary(
      client.approveHeldRun.bind(client),
      { version: HELD, by: 'ops on call', note: 'a real promotion' },
      5_000,
    );
    expect(answer).toEqual({
      version: HELD,
      window: { from: '2026-11-02', to: '2026-11-03' },
      modelPromoted: true,
      findings: ['GBP revenue ×0.92 of the 28-day median'],
      announced: true,
    });
    const stored = await store.collection<BatchRun>(BATCH_RUNS).findOne({ _id: HELD });
    expect(stored).toMatchObject({ state: 'published', announced: true, approvedByHand: { by: 'ops on call', note: 'a real promotion' } });
    expect(await store.collection(PUBLICATIONS).findOne({ _id: 'model' })).toMatchObject({ version: HELD });
    expect(announcements.map((m) => decodeControlMessage(MODEL_ANNOUNCEMENT_SCHEMA, m))).toEqual([
      { ok: true, version: 1, value: { version: HELD, model: expect.objectContaining({ popular: [{ productId: 'p-1', score: 1 }] }) } },
    ]);
    const { runs } = await callUnary(client.listRuns.bind(client), { limit: 1 }, 2_000);
    expect(runs[0]).toMatchObject({ version: HELD, state: 'published', approvedByHand: { by: 'ops on call', note: 'a real promotion' } });
  });

  it('refuses a run that is not held with FAILED_PRECONDITION, an unknown one with NOT_FOUND, and says why', async () => {
    await expect(callUnary(client.approveHeldRun.bind(client), { version: PUBLISHED, by: 'ops', note: '' }, 2_000)).rejects.toMatchObject({
      code: grpc.status.FAILED_PRECONDITION,
      details: `batch run ${PUBLISHED} is published, not held: only a held run can be approved by hand`,
    });
    await expect(callUnary(client.approveHeldRun.bind(client), { version: 'v-nope', by: 'ops', note: '' }, 2_000)).rejects.toMatchObject({
      code: grpc.status.NOT_FOUND,
      details: expect.stringMatching(/no batch run v-nope .*pick a held one/),
    });
    await expect(callUnary(client.approveHeldRun.bind(client), { version: HELD, by: ' ', note: '' }, 2_000)).rejects.toMatchObject({
      code: grpc.status.INVALID_ARGUMENT,
      details: expect.stringMatching(/needs the name of who approves/),
    });
    await expect(callUnary(client.approveHeldRun.bind(client), { version: '', by: 'ops', note: '' }, 2_000)).rejects.toMatchObject({
      code: grpc.status.INVALID_ARGUMENT,
      details: expect.stringMatching(/version is required/),
    });
    expect(announcements).toHaveLength(1);
  });

  it('serves the standard gRPC health protocol for BatchService (what the Kubernetes readiness probe asks)', async () => {
    const health = new grpc.Client(`127.0.0.1:${aggregator.grpcPort}`, grpc.credentials.createInsecure());
    const { path, requestSerialize, responseDeserialize } = healthService.Check!;
    const check = (service: string) =>
      new Promise<string>((resolve, reject) => {
        health.makeUnaryRequest(path, requestSerialize, responseDeserialize, { service }, (error, response?: { status?: unknown }) =>
          error ? reject(error) : resolve(String(response?.status)),
        );
      });
    try {
      expect(await check('')).toBe('SERVING');
      expect(await check('shelflife.batch.v1.BatchService')).toBe('SERVING');
    } finally {
      health.close();
    }
  });
});
