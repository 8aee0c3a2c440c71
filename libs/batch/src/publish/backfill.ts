import { checkWindow, daysOf, type BatchWindow } from '../window';
import type { Store } from '@shelflife/store';
import { runBatch, type BatchDeps, type BatchOutcome } from './run-batch';

/**
 * Recomputes a range day by day, oldest first, each day as its own window and marked as a backfill,
 * so each day is audited against the days before it and the model pointer only moves forward.
 * Stops at the first error (rerun to resume: finished days are reused, not recomputed).
 */
export async function runBackfill(store: Store, range: { from: string; to: string }, deps: BatchDeps): Promise<BatchOutcome[]> {
  checkWindow(range);
  const outcomes: BatchOutcome[] = [];
  for (const day of daysOf(range)) {
    const window: BatchWindow = { from: day, to: day, backfill: true };
    outcomes.push(await runBatch(store, window, deps));
  }
  return outcomes;
}
