import type { Store } from '@shelflife/store';
import { BATCH_RUNS } from '../collections';
import type { BatchRun } from './batch-run';
import { promoteModel, publishRevenueDays } from './publications';

export interface HandApproval {
  /** Who approved (a name or an account, as the caller knows it). */
  by: string;
  /** Why the findings are acceptable (e.g. "the ×0.92 was a real promotion"). */
  note: string;
}

export interface HandApprovalOutcome {
  version: string;
  window: { from: string; to: string };
  /** The model pointer moved to this version (false when a model of later history is live). */
  modelPromoted: boolean;
  /** The audit's findings the person accepted. */
  findings: string[];
}

/** Why an approval by hand was refused before anything changed: callers map it to their answer (a gRPC status, an HTTP code). */
export class HandApprovalRefused extends Error {
  constructor(
    readonly reason: 'no-approver' | 'no-such-run' | 'not-held' | 'input-held',
    message: string,
  ) {
    super(message);
    this.name = 'HandApprovalRefused';
  }
}

/**
 * Publishes a held batch version because a person looked at its findings and accepted them: the same
 * pointer switches as an approved run (revenue days, then the model pointer unless a later model is
 * live), with the approval recorded on the run. The caller announces `model.published` when the model
 * moved. Refuses anything but a held run that has staged results.
 */
export async function approveHeldBatch(
  store: Store,
  version: string,
  approval: HandApproval,
  now: number = Date.now(),
): Promise<HandApprovalOutcome> {
  if (!approval.by.trim()) throw new HandApprovalRefused('no-approver', 'an approval by hand needs the name of who approves');
  const runs = store.collection<BatchRun>(BATCH_RUNS);
  const run = await runs.findOne({ _id: version });
  if (!run) throw new HandApprovalRefused('no-such-run', `no batch run ${version} in ${BATCH_RUNS}; list the runs and pick a held one`);
  if (run.state !== 'held')
    throw new HandApprovalRefused('not-held', `batch run ${version} is ${run.state}, not held: only a held run can be approved by hand`);
  if (run.inputCheck)
    throw new HandApprovalRefused(
      'input-held',
      `batch run ${version} was held for its input file (nothing was computed); fix the file and rerun the batch`,
    );
  const findings = run.audit?.findings ?? [];
  const audit = {
    approved: true,
    reason: `approved by hand by ${approval.by}${approval.note ? ` (${approval.note})` : ''}; the audit had held it: ${run.audit?.reason ?? 'no reason recorded'}`,
    findings,
  };
  // The same order as an approved run: the state says "promoting" first, so an interrupted approval is finished by the next batch run of the window.
  await runs.updateOne(
    { _id: version, state: 'held' },
    { $set: { state: 'promoting', audit, approvedByHand: { ...approval, at: now }, updatedAt: now } },
  );
  await publishRevenueDays(store, version, run.window, now);
  const modelPromoted = await promoteModel(store, version, run.window.to, now);
  await runs.updateOne({ _id: version }, { $set: { state: 'published', modelPromoted, announced: false, updatedAt: now } });
  return { version, window: run.window, modelPromoted, findings };
}
