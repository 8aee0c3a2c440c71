import type { Store } from '@shelflife/store';
import { BATCH_RUNS } from '../collections';
import type { BatchRun } from './batch-run';

/**
 * Held batch runs still waiting for a person: held, and no run published since covers their window
 * (a rerun that published the same days settles them). What the "a batch is held" alert counts,
 * read from the store, so runs made by the CronJob or the CLI count as well as the Deployment's own.
 */
export async function openHeldRuns(store: Store): Promise<BatchRun[]> {
  const runs = store.collection<BatchRun>(BATCH_RUNS);
  const held = await runs.find({ state: 'held' }, { sort: { updatedAt: 1 } });
  if (held.length === 0) return [];
  const published = await runs.find({ state: 'published' }, { projection: { window: 1, updatedAt: 1 } });
  return held.filter(
    (run) =>
      !published.some(
        (later) => later.updatedAt > run.updatedAt && later.window.from <= run.window.from && later.window.to >= run.window.to,
      ),
  );
}
