import { type AuditBatchRequest } from '@shelflife/contracts';
import type { DailyRevenueRow } from '../revenue/daily-revenue';
import type { AuditVerdict } from './batch-run';

export interface AuditInputs {
  version: string;
  backfill: boolean;
  revenueTotals: DailyRevenueRow[];
  priceSummary: Record<string, number>;
  relationCount: number;
  /** The days the batch covers: the audit needs them to date an empty day (no revenue rows) and judge it by its weekday. */
  window: { from: string; to: string };
}

/** The two questions put to the sentinel: is the revenue plausible, is the model plausible. */
export function auditRequests(inputs: AuditInputs): AuditBatchRequest[] {
  // The window travels in price_summary_json (the message has no field for it yet) in the structured
  // form {"overall", "window"}, which sentinels that predate the window read as plain prices.
  const window = { from: inputs.window.from, to: inputs.window.to };
  return [
    {
      version: inputs.version,
      kind: 'revenue',
      // uint64 on the wire: decimal strings (libs/contracts generates int64 as strings).
      rowCount: String(inputs.revenueTotals.length),
      revenue: inputs.revenueTotals.map((row) => ({
        date: row.date,
        currencyCode: row.currency,
        revenue: Number(row.revenueDecimal),
        units: String(row.units),
        orders: String(row.orders),
      })),
      priceSummaryJson: JSON.stringify({ overall: inputs.priceSummary, window }),
      backfill: inputs.backfill,
    },
    {
      version: inputs.version,
      kind: 'model',
      rowCount: String(inputs.relationCount),
      revenue: [],
      priceSummaryJson: JSON.stringify({ overall: {}, window }),
      backfill: inputs.backfill,
    },
  ];
}

/** Approved only when every answer approves; the reasons and findings of all answers are kept. */
export function combineVerdicts(kinds: string[], verdicts: AuditVerdict[]): AuditVerdict {
  const approved = verdicts.every((verdict) => verdict.approved);
  const failing = verdicts.map((verdict, i) => ({ verdict, kind: kinds[i] })).filter(({ verdict }) => !verdict.approved);
  const reason = approved
    ? verdicts.map((verdict, i) => `${kinds[i]}: ${verdict.reason || 'approved'}`).join('; ')
    : failing.map(({ verdict, kind }) => `${kind}: ${verdict.reason || 'held without a reason'}`).join('; ');
  const findings = verdicts.flatMap((verdict, i) => (verdict.findings ?? []).map((finding) => `${kinds[i]}: ${finding}`));
  return { approved, reason, findings };
}
