import { EmbeddedStore, IN_MEMORY } from '@shelflife/store';
import { BATCH_RUNS } from '../collections';
import type { BatchRun, BatchRunState } from './batch-run';
import { openHeldRuns } from './held-runs';

const run = (id: string, state: BatchRunState, from: string, to: string, updatedAt: number): BatchRun => ({
  _id: id,
  window: { from, to },
  backfill: false,
  state,
  attempts: 1,
  startedAt: updatedAt,
  updatedAt,
  input: { events: 1, maxIngestedAt: null },
});

it('counts a held run until a later published run covers its window', async () => {
  const store = await EmbeddedStore.open(IN_MEMORY);
  try {
    await store
      .collection<BatchRun>(BATCH_RUNS)
      .insertMany([
        run('held-settled', 'held', '2026-11-01', '2026-11-01', 10),
        run('rerun-published', 'published', '2026-11-01', '2026-11-02', 20),
        run('published-before', 'published', '2026-11-03', '2026-11-03', 5),
        run('held-open', 'held', '2026-11-03', '2026-11-03', 30),
        run('computing', 'computing', '2026-11-04', '2026-11-04', 40),
      ]);
    expect((await openHeldRuns(store)).map((r) => r._id)).toEqual(['held-open']);
    await store.collection<BatchRun>(BATCH_RUNS).updateOne({ _id: 'held-open' }, { $set: { state: 'published', updatedAt: 50 } });
    expect(await openHeldRuns(store)).toEqual([]);
  } finally {
    await store.close();
  }
});
