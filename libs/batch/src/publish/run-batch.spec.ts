import type { AuditBatchRequest, ShopEvent } from '@shelflife/contracts';
import { EmbeddedStore, IN_MEMORY, type Store } from '@shelflife/store';
import { archiveEvents } from '../archive/archive-events';
import { BATCH_RUNS, PUBLICATIONS, stagingCollections } from '../collections';
import { runBackfill } from './backfill';
import type { AuditVerdict, BatchRun } from './batch-run';
import { loadModelVersion, loadPublishedModel, readPublishedRevenue } from './publications';
import { runBatch, type BatchDeps } from './run-batch';

const NOW = Date.parse('2026-03-04T02:00:00Z'); // the nightly run for 2026-03-03

let sequence = 0;
function shopping(day: string, sessionId: string, products: string[], priceUnits = 10): ShopEvent[] {
  return products.flatMap((productId, i) => {
    const at = Date.parse(`${day}T10:00:00Z`) + i * 60_000;
    const base = { userId: '', sessionId, productId, quantity: 1, source: 'test' };
    return [
      { ...base, eventId: `e${++sequence}`, type: 'view' as const, occurredAt: at },
      {
        ...base,
        eventId: `e${++sequence}`,
        type: 'purchase' as const,
        occurredAt: at + 1,
        price: { currency: 'EUR', units: priceUnits, nanos: 500_000_000 },
      },
    ];
  });
}

const BASE_EVENTS = [
  ...shopping('2026-03-01', 's1', ['A', 'B', 'C']),
  ...shopping('2026-03-02', 's2', ['A', 'B']),
  ...shopping('2026-03-03', 's3', ['B', 'C', 'D']),
  ...shopping('2026-03-03', 's4', ['A', 'B']),
];

class FakeSentinel {
  requests: AuditBatchRequest[] = [];
  announced: string[] = [];
  verdict: (request: AuditBatchRequest) => AuditVerdict = () => ({ approved: true, reason: 'looks fine', findings: [] });

  deps(extra: Partial<BatchDeps> = {}): BatchDeps {
    return {
      audit: async (request) => {
        this.requests.push(request);
        return this.verdict(request);
      },
      announce: async (version) => {
        this.announced.push(version);
      },
      now: () => NOW,
      ...extra,
    };
  }
}

describe('runBatch: write, audit, publish', () => {
  let store: Store;
  let sentinel: FakeSentinel;
  const window = { from: '2026-03-03', to: '2026-03-03' };

  beforeEach(async () => {
    store = await EmbeddedStore.open(IN_MEMORY);
    sentinel = new FakeSentinel();
    await archiveEvents(store, BASE_EVENTS, NOW - 1000);
  });
  afterEach(() => store.close());

  it('publishes an approved version: pointers switched, model readable, announced once', async () => {
    const outcome = await runBatch(store, window, sentinel.deps());
    expect(outcome).toMatchObject({ published: true, modelPromoted: true, reused: false, backfill: false, attempts: 1 });
    expect(outcome.revenue.map((row) => [row.date, row.currency, row.revenueDecimal, row.units, row.orders])).toEqual([
      ['2026-03-03', 'EUR', '52.5', 5, 2],
    ]);
    expect(sentinel.requests.map((request) => [request.kind, request.backfill, request.version])).toEqual([
      ['revenue', false, outcome.version],
      ['model', false, outcome.version],
    ]);
    expect(sentinel.announced).toEqual([outcome.version]);
    // The window travels with both questions: an empty day has no revenue row to date it, and the audit judges it by its weekday.
    expect(sentinel.requests.map((request) => JSON.parse(request.priceSummaryJson ?? '{}').window)).toEqual([window, window]);

    const model = await loadPublishedModel(store);
    expect(model?.version).toBe(outcome.version);
    expect(model?.relations.B.map((item) => item.productId).sort()).toEqual(['A', 'C', 'D']);
    expect(model?.popular[0].productId).toBe('B');
    expect(await readPublishedRevenue(store, window)).toEqual(outcome.revenue);
  });

  it('is idempotent: rerunning the same window on the same data recomputes and announces nothing', async () => {
    const first = await runBatch(store, window, sentinel.deps());
    const second = await runBatch(store, window, sentinel.deps());
    expect(second).toEqual({ ...first, reused: true });
    expect(sentinel.requests).toHaveLength(2);
    expect(sentinel.announced).toHaveLength(1);
    expect(await store.collection(BATCH_RUNS).countDocuments()).toBe(1);
  });

  it('makes a new version when late events arrive for the window', async () => {
    const first = await runBatch(store, window, sentinel.deps());
    await archiveEvents(store, shopping('2026-03-03', 's5', ['D', 'E']), NOW);
    const second = await runBatch(store, window, sentinel.deps());
    expect(second.version).not.toBe(first.version);
    expect(second.revenue[0].orders).toBe(3);
    expect((await loadPublishedModel(store))?.version).toBe(second.version);
  });

  it('holds a version the audit rejects: not published, pointer untouched, kept inspectable with the reason', async () => {
    const approved = await runBatch(store, { from: '2026-03-02', to: '2026-03-02', backfill: false }, sentinel.deps());
    sentinel.verdict = (request) =>
      request.kind === 'revenue'
        ? { approved: false, reason: 'held: 1 finding(s)', findings: ['prices moved x0.92 together'] }
        : { approved: true, reason: 'ok', findings: [] };
    const held = await runBatch(store, window, sentinel.deps());
    expect(held).toMatchObject({
      published: false,
      modelPromoted: false,
      reason: 'revenue: held: 1 finding(s)',
      findings: ['revenue: prices moved x0.92 together'],
    });
    expect(sentinel.announced).toEqual([approved.version]);
    expect((await store.collection(PUBLICATIONS).findOne({ _id: 'model' }))?.version).toBe(approved.version);
    expect(await readPublishedRevenue(store, window)).toEqual([]);

    const run = await store.collection<BatchRun>(BATCH_RUNS).findOne({ _id: held.version });
    expect(run?.state).toBe('held');
    expect(run?.audit?.reason).toBe('revenue: held: 1 finding(s)');
    expect(await store.collection(stagingCollections(held.version).revenue).countDocuments()).toBeGreaterThan(0);
    expect((await loadModelVersion(store, held.version)).relations.B.length).toBe(3);

    const again = await runBatch(store, window, sentinel.deps());
    expect(again).toEqual({ ...held, reused: true });
  });

  it('restarts a run cut short before its verdict cleanly, and publishes it once', async () => {
    const failing = sentinel.deps({ audit: async () => Promise.reject(new Error('sentinel unreachable')) });
    await expect(runBatch(store, window, failing)).rejects.toThrow('sentinel unreachable');
    const cut = await store.collection<BatchRun>(BATCH_RUNS).findOne({});
    expect(cut?.state).toBe('computing');
    expect(await store.collection(PUBLICATIONS).countDocuments()).toBe(0);
    // As if the process had died halfway through writing staging: a partial leftover must not survive.
    await store.collection(stagingCollections(cut?._id as string).relations).insertMany([{ _id: 'leftover-from-attempt-1' }]);

    const outcome = await runBatch(store, window, sentinel.deps());
    expect(outcome).toMatchObject({ published: true, attempts: 2, version: cut?._id });
    // The restarted run left exactly what an uninterrupted run leaves: nothing doubled from the first attempt.
    const clean = await EmbeddedStore.open(IN_MEMORY);
    await archiveEvents(clean, BASE_EVENTS, NOW - 1000);
    const uninterrupted = await runBatch(clean, window, new FakeSentinel().deps());
    expect(uninterrupted.version).toBe(outcome.version);
    for (const name of Object.values(stagingCollections(outcome.version))) {
      expect(await store.collection(name).countDocuments()).toBe(await clean.collection(name).countDocuments());
    }
    expect(sentinel.announced).toEqual([outcome.version]);
    await clean.close();
  });

  it('retries the announcement on rerun when it failed after the pointer switch', async () => {
    const failing = sentinel.deps({ announce: async () => Promise.reject(new Error('broker down')) });
    await expect(runBatch(store, window, failing)).rejects.toThrow('broker down');
    expect((await store.collection<BatchRun>(BATCH_RUNS).findOne({}))?.state).toBe('published');

    const outcome = await runBatch(store, window, sentinel.deps());
    expect(outcome).toMatchObject({ published: true, reused: true });
    expect(sentinel.announced).toEqual([outcome.version]);
    expect(sentinel.requests).toHaveLength(2);
  });

  it('backfills day by day as a backfill, publishing revenue without rolling the live model back', async () => {
    const live = await runBatch(store, window, sentinel.deps());
    const outcomes = await runBackfill(store, { from: '2026-03-01', to: '2026-03-02' }, sentinel.deps());
    expect(outcomes.map((outcome) => [outcome.window.from, outcome.published, outcome.modelPromoted, outcome.backfill])).toEqual([
      ['2026-03-01', true, false, true],
      ['2026-03-02', true, false, true],
    ]);
    expect(outcomes[0].reason).toMatch(/model not promoted: a model of later history is live/);
    expect(sentinel.requests.slice(2).every((request) => request.backfill)).toBe(true);
    expect((await loadPublishedModel(store))?.version).toBe(live.version);
    expect(sentinel.announced).toEqual([live.version]);
    const revenue = await readPublishedRevenue(store, { from: '2026-03-01', to: '2026-03-03' });
    expect(revenue.map((row) => [row.date, row.revenueDecimal])).toEqual([
      ['2026-03-01', '31.5'],
      ['2026-03-02', '21'],
      ['2026-03-03', '52.5'],
    ]);
  });

  it('reports the divergence from the live model when one is given', async () => {
    const outcome = await runBatch(store, window, sentinel.deps({ liveModel: async () => ({ B: [{ productId: 'Z', score: 1 }] }) }));
    expect(outcome.divergence).toMatchObject({ divergence: 1, productsCompared: 1, onlyInLive: 0 });
  });
});
