import type { ModelDivergence } from '../model/model-divergence';
import type { DailyRevenueRow } from '../revenue/daily-revenue';

export interface AuditVerdict {
  approved: boolean;
  reason: string;
  findings: string[];
}

/**
 * computing -> (held | promoting -> published). A run found in `computing` was cut short and is
 * restarted from scratch; one found in `promoting` was approved and only its pointer switch is redone.
 */
export type BatchRunState = 'computing' | 'held' | 'promoting' | 'published';

/** One document per version in `batch_runs`: the run's record, kept for held versions too. */
export interface BatchRun extends Record<string, unknown> {
  _id: string;
  window: { from: string; to: string };
  backfill: boolean;
  state: BatchRunState;
  attempts: number;
  startedAt: number;
  updatedAt: number;
  /** What the version was computed from: events up to the window's end and the latest ingestion time. */
  input: { events: number; maxIngestedAt: number | null };
  rowCounts?: { revenueRows: number; relations: number; products: number };
  revenue?: DailyRevenueRow[];
  audit?: AuditVerdict;
  divergence?: ModelDivergence | null;
  /** False when a newer model was already live, so only the revenue days were published. */
  modelPromoted?: boolean;
  announced?: boolean;
  /** Set when a person published the held run anyway (approveHeldBatch). */
  approvedByHand?: { by: string; note: string; at: number };
  /** Set on a run held for its input file (too many rejected lines, or empty): what was read. Such a run has no staging collections. */
  inputCheck?: { file: string; lines: number; events: number; rejected: number };
}
