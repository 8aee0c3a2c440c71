import { auditBatch, recordApprovedBatch, type BatchAuditHistory, type BatchAuditRequest } from './batch-audit';

const PRODUCTS = Array.from({ length: 40 }, (_, i) => `p${i}`);

function day(offset: number): string {
  return new Date(Date.UTC(2026, 0, 1 + offset)).toISOString().slice(0, 10);
}

function batch(firstDay: number, days: number, priceFactor: (date: string) => number = () => 1, backfill = false): BatchAuditRequest {
  const dates = Array.from({ length: days }, (_, i) => day(firstDay + i));
  const byDate: Record<string, Record<string, number>> = {};
  for (const date of dates) byDate[date] = Object.fromEntries(PRODUCTS.map((p, i) => [p, Math.round((2 + i * 0.5) * priceFactor(date) * 100) / 100]));
  const overall = Object.fromEntries(PRODUCTS.map((p) => [p, byDate[dates[dates.length - 1]][p]]));
  return {
    version: `v${firstDay}`,
    kind: 'revenue',
    rowCount: days * 2,
    revenue: dates.flatMap((date) => [
      { date, currency: 'GBP', revenue: 10_000 * priceFactor(date), units: 900, orders: 120 },
      { date, currency: 'EUR', revenue: 2_000 * priceFactor(date), units: 200, orders: 30 },
    ]),
    productMedianPrices: overall,
    productMedianPricesByDate: byDate,
    backfill,
  };
}

function history(runs: number): BatchAuditHistory {
  let h: BatchAuditHistory = { approved: [] };
  for (let i = 0; i < runs; i++) h = recordApprovedBatch(h, batch(i * 7, 7));
  return h;
}

describe('batch audit (write-audit-publish gate)', () => {
  it('approves the first run as the baseline and a consistent later run', () => {
    expect(auditBatch(batch(0, 7), { approved: [] })).toMatchObject({ approved: true, findings: [] });
    const result = auditBatch(batch(28, 7), history(4));
    expect(result.approved).toBe(true);
    expect(result.reason).toContain('4 approved');
  });

  it('holds prices x0.92 from some day on with the currency unchanged, naming the day and the cause', () => {
    const shiftFrom = day(31);
    const result = auditBatch(batch(28, 7, (date) => (date >= shiftFrom ? 0.92 : 1)), history(4));
    expect(result.approved).toBe(false);
    expect(result.findings.join('\n')).toContain(`from ${shiftFrom} on`);
    expect(result.findings.join('\n')).toContain('USD→EUR');
  });

  it('judges a backfill as a backfill: old dates pass with the flag, are held without it', () => {
    const h = history(4);
    expect(auditBatch(batch(0, 7, () => 1, true), h).approved).toBe(true);
    const notFlagged = auditBatch(batch(0, 7), h);
    expect(notFlagged.approved).toBe(false);
    expect(notFlagged.findings[0]).toContain('mark the batch as a backfill');
  });

  it('holds a collapsed row count, an unknown currency and a broken revenue figure', () => {
    const h = history(4);
    const fewRows = { ...batch(28, 7), rowCount: 1 };
    expect(auditBatch(fewRows, h).findings.join('\n')).toContain('row count 1');
    const relabelled = batch(28, 7);
    relabelled.revenue = relabelled.revenue.map((row) => (row.currency === 'EUR' ? { ...row, currency: 'USD' } : row));
    expect(auditBatch(relabelled, h).findings.join('\n')).toContain('currency USD');
    const broken = batch(28, 7);
    broken.revenue[0] = { ...broken.revenue[0], revenue: Number.NaN };
    expect(auditBatch(broken, h).findings.join('\n')).toContain('not a non-negative number');
  });

  it('keeps a bounded history', () => {
    let h: BatchAuditHistory = { approved: [] };
    for (let i = 0; i < 5; i++) h = recordApprovedBatch(h, batch(i, 1), 3);
    expect(h.approved.map((run) => run.version)).toEqual(['v2', 'v3', 'v4']);
  });
});
