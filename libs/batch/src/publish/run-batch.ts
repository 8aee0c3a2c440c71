import type { AuditBatchRequest } from '@shelflife/contracts';
import type { ScoredItem } from '@shelflife/recs';
import type { Store } from '@shelflife/store';
import { BATCH_RUNS } from '../collections';
import { modelDivergence, type ModelDivergence } from '../model/model-divergence';
import { DEFAULT_BATCH_MODEL_OPTIONS, type BatchModelOptions } from '../model/relation-scoring';
import type { DailyRevenueRow } from '../revenue/daily-revenue';
import { checkWindow, isBackfill, type BatchWindow } from '../window';
import { auditRequests, combineVerdicts } from './audit-requests';
import type { AuditVerdict, BatchRun } from './batch-run';
import { promoteModel, publishRevenueDays } from './publications';
import { stageVersion } from './stage-version';
import { describeInput, versionOf } from './version';

export interface BatchDeps {
  /** The sentinel's AuditBatch (over gRPC, or the same detectors in-process). Never skipped. */
  audit(request: AuditBatchRequest): Promise<AuditVerdict>;
  /** Announces `model.published` for a version whose model pointer moved. */
  announce(version: string): Promise<void>;
  now?: () => number;
  /** The scorer's live relations of these products, for the divergence figure; without it divergence is null. */
  liveModel?: (productIds: string[]) => Promise<Record<string, ScoredItem[]>>;
  modelOptions?: Partial<BatchModelOptions>;
}

export interface BatchOutcome {
  version: string;
  window: { from: string; to: string };
  backfill: boolean;
  /** Approved by the audit and its revenue days published. */
  published: boolean;
  /** The model pointer moved to this version (false when held, or when a later model is live). */
  modelPromoted: boolean;
  reason: string;
  findings: string[];
  /** Daily totals per currency. */
  revenue: DailyRevenueRow[];
  divergence: ModelDivergence | null;
  /** True when an earlier run of the same window over the same data answered (nothing recomputed). */
  reused: boolean;
  attempts: number;
}

/**
 * Write-audit-publish for one window: computes into versioned staging collections, asks the audit,
 * and promotes only an approved version by switching pointers. Idempotent for a window whose data
 * has not changed; a run cut short (crash, audit unreachable) is restarted cleanly by the next call.
 */
export async function runBatch(store: Store, window: BatchWindow, deps: BatchDeps): Promise<BatchOutcome> {
  checkWindow(window);
  const now = deps.now ?? Date.now;
  const options: BatchModelOptions = { ...DEFAULT_BATCH_MODEL_OPTIONS, ...deps.modelOptions };
  const backfill = isBackfill(window, now());
  const input = await describeInput(store, window);
  const version = versionOf(window, input, options);
  const runs = store.collection<BatchRun>(BATCH_RUNS);

  let run = await runs.findOne({ _id: version });
  const reused = run?.state === 'held' || run?.state === 'published';
  if (!run || run.state === 'computing') {
    run = await computeAndAudit(store, version, { from: window.from, to: window.to }, backfill, input, options, deps, now);
    if (run.state === 'held') return outcomeOf(run, false);
  }
  if (run.state === 'promoting') run = await promote(store, run, now);
  if (run.modelPromoted && !run.announced) {
    // After the pointer switch: a failed announcement leaves the version published and is retried on rerun.
    await deps.announce(version);
    await runs.updateOne({ _id: version }, { $set: { announced: true, updatedAt: now() } });
    run = { ...run, announced: true };
  }
  return outcomeOf(run, reused);
}

async function computeAndAudit(
  store: Store,
  version: string,
  window: { from: string; to: string },
  backfill: boolean,
  input: BatchRun['input'],
  options: BatchModelOptions,
  deps: BatchDeps,
  now: () => number,
): Promise<BatchRun> {
  const runs = store.collection<BatchRun>(BATCH_RUNS);
  const startedAt = now();
  await runs.updateOne(
    { _id: version },
    { $set: { window, backfill, state: 'computing', startedAt, updatedAt: startedAt, input }, $inc: { attempts: 1 } },
    { upsert: true },
  );
  const staged = await stageVersion(store, version, window, options);
  // The live model is asked about the batch's products only: divergence is over what both could know.
  const divergence = deps.liveModel
    ? modelDivergence(staged.model.relations, await deps.liveModel(Object.keys(staged.model.relations)))
    : null;
  const requests = auditRequests({
    version,
    backfill,
    revenueTotals: staged.revenue.totals,
    priceSummary: staged.priceSummary,
    relationCount: staged.model.relationCount,
    window,
  });
  const verdicts = await Promise.all(requests.map((request) => deps.audit(request)));
  const audit = combineVerdicts(
    requests.map((request) => request.kind as string),
    verdicts,
  );
  const rowCounts = {
    revenueRows: staged.revenue.totals.length + staged.revenue.perProduct.length,
    relations: staged.model.relationCount,
    products: Object.keys(staged.model.relations).length,
  };
  await runs.updateOne(
    { _id: version },
    {
      $set: {
        state: audit.approved ? 'promoting' : 'held',
        audit,
        rowCounts,
        revenue: staged.revenue.totals,
        divergence,
        updatedAt: now(),
      },
    },
  );
  return (await runs.findOne({ _id: version })) as BatchRun;
}

async function promote(store: Store, run: BatchRun, now: () => number): Promise<BatchRun> {
  const publishedAt = now();
  await publishRevenueDays(store, run._id, run.window, publishedAt);
  const modelPromoted = await promoteModel(store, run._id, run.window.to, publishedAt);
  const runs = store.collection<BatchRun>(BATCH_RUNS);
  await runs.updateOne({ _id: run._id }, { $set: { state: 'published', modelPromoted, announced: false, updatedAt: publishedAt } });
  return { ...run, state: 'published', modelPromoted, announced: false };
}

function outcomeOf(run: BatchRun, reused: boolean): BatchOutcome {
  const audit = run.audit ?? { approved: false, reason: 'not audited', findings: [] };
  return {
    version: run._id,
    window: run.window,
    backfill: run.backfill,
    published: run.state === 'published',
    modelPromoted: run.modelPromoted === true,
    reason:
      run.state === 'published' && run.modelPromoted === false
        ? `${audit.reason}; model not promoted: a model of later history is live`
        : audit.reason,
    findings: audit.findings,
    revenue: run.revenue ?? [],
    divergence: run.divergence ?? null,
    reused,
    attempts: run.attempts,
  };
}
