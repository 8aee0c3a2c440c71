import { createHash } from 'node:crypto';
import type { Store } from '@shelflife/store';
import { BATCH_RUNS } from '../collections';
import type { BatchRun } from '../publish/batch-run';
import type { BatchOutcome } from '../publish/run-batch';
import { checkWindow } from '../window';
import type { InputVerdict } from './input-check';

export interface InputHold {
  /** The input file as named on the command line. */
  file: string;
  /** Its text: the record is keyed by its digest, so rerunning the same bad file updates one record. */
  text: string;
  /** The days asked for, else the days of the file's valid lines, else the day of the run. */
  window: { from: string; to: string };
  backfill: boolean;
  verdict: InputVerdict;
  now: number;
}

/**
 * Records a run held for its input in `batch_runs`, beside the runs the audit held: state `held`,
 * the reason and findings under `audit`, and what was read under `inputCheck`. Nothing else is
 * written: no staging collection, no publication, nothing archived, no audit history.
 */
export async function recordInputHold(store: Store, hold: InputHold): Promise<BatchOutcome> {
  checkWindow(hold.window);
  const digest = createHash('sha256').update(hold.text).digest('hex').slice(0, 10);
  const id = `input-${hold.window.from.replace(/-/g, '')}-${hold.window.to.replace(/-/g, '')}-${digest}`;
  const runs = store.collection<BatchRun>(BATCH_RUNS);
  const reused = (await runs.findOne({ _id: id })) !== null;
  const audit = { approved: false, reason: `held: ${hold.verdict.reason}`, findings: hold.verdict.findings };
  await runs.updateOne(
    { _id: id },
    {
      $set: {
        window: hold.window,
        backfill: hold.backfill,
        state: 'held',
        startedAt: hold.now,
        updatedAt: hold.now,
        input: { events: hold.verdict.events, maxIngestedAt: null },
        inputCheck: { file: hold.file, lines: hold.verdict.lines, events: hold.verdict.events, rejected: hold.verdict.rejected },
        audit,
      },
      $inc: { attempts: 1 },
    },
    { upsert: true },
  );
  const run = (await runs.findOne({ _id: id })) as BatchRun;
  return {
    version: id,
    window: hold.window,
    backfill: hold.backfill,
    published: false,
    modelPromoted: false,
    reason: audit.reason,
    findings: audit.findings,
    revenue: [],
    divergence: null,
    reused,
    attempts: run.attempts,
  };
}
