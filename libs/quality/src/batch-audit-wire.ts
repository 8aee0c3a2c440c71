import type { AuditBatchRequest } from '@shelflife/contracts';
import type { BatchAuditRequest } from './batch-audit';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Reads shelflife.sentinel.v1.AuditBatchRequest into the audit's own shape. The price summary travels
 * as JSON: either {productId: medianPrice} or {"overall": {...}, "byDate": {date: {productId: price}},
 * "window": {"from": day, "to": day}}. The window rides in this JSON because the message has no field
 * for it yet; a flat price map never has object values, which is how the two forms are told apart.
 */
export function batchAuditRequestFromWire(request: AuditBatchRequest): BatchAuditRequest {
  const summary = JSON.parse(request.priceSummaryJson || '{}') as Record<string, unknown>;
  const structured = ['overall', 'byDate', 'window'].some((key) => typeof summary[key] === 'object' && summary[key] !== null);
  const byDate = structured ? (summary.byDate as Record<string, Record<string, number>> | undefined) : undefined;
  const overall = structured ? ((summary.overall as Record<string, number> | undefined) ?? {}) : (summary as Record<string, number>);
  const result: BatchAuditRequest = {
    version: request.version,
    kind: request.kind,
    rowCount: Number(request.rowCount),
    revenue: request.revenue.map((row) => ({
      date: row.date,
      currency: row.currencyCode,
      revenue: row.revenue,
      units: Number(row.units),
      orders: Number(row.orders),
    })),
    productMedianPrices: overall,
    backfill: Boolean(request.backfill),
  };
  if (byDate) result.productMedianPricesByDate = byDate;
  const window = structured ? windowOf(summary.window) : undefined;
  if (window) result.window = window;
  return result;
}

/** A window the audit can rely on, or undefined (a malformed one is ignored: the row-count check then uses its all-days rule). */
function windowOf(value: unknown): { from: string; to: string } | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { from, to } = value as Record<string, unknown>;
  return typeof from === 'string' && typeof to === 'string' && DAY.test(from) && DAY.test(to) && from <= to ? { from, to } : undefined;
}
