import type { AuditBatchRequest } from '@shelflife/contracts';
import type { BatchAuditRequest } from './batch-audit';

/**
 * Reads shelflife.sentinel.v1.AuditBatchRequest into the audit's own shape. The price summary travels
 * as JSON: either {productId: medianPrice} or {"byDate": {date: {productId: price}}, "overall": {...}}.
 */
export function batchAuditRequestFromWire(request: AuditBatchRequest): BatchAuditRequest {
  const summary = JSON.parse(request.priceSummaryJson || '{}') as Record<string, unknown>;
  const byDate = summary.byDate as Record<string, Record<string, number>> | undefined;
  const overall = (summary.overall as Record<string, number> | undefined) ?? (byDate ? {} : (summary as Record<string, number>));
  const result: BatchAuditRequest = {
    version: request.version ?? '',
    kind: request.kind ?? 'revenue',
    rowCount: Number(request.rowCount ?? 0),
    revenue: (request.revenue ?? []).map((row) => ({
      date: row.date ?? '', currency: row.currencyCode ?? '', revenue: Number(row.revenue ?? 0), units: Number(row.units ?? 0), orders: Number(row.orders ?? 0),
    })),
    productMedianPrices: overall,
    backfill: Boolean(request.backfill),
  };
  if (byDate) result.productMedianPricesByDate = byDate;
  return result;
}
