import { auditBatch, recordApprovedBatch, type BatchAuditHistory, type BatchAuditRequest } from './batch-audit';

const PRODUCTS = Array.from({ length: 40 }, (_, i) => `p${i}`);

function day(offset: number): string {
  return new Date(Date.UTC(2026, 0, 1 + offset)).toISOString().slice(0, 10);
}

function batch(firstDay: number, days: number, priceFactor: (date: string) => number = () => 1, backfill = false): BatchAuditRequest {
  const dates = Array.from({ length: days }, (_, i) => day(firstDay + i));
  const byDate: Record<string, Record<string, number>> = {};
  for (const date of dates)
    byDate[date] = Object.fromEntries(PRODUCTS.map((p, i) => [p, Math.round((2 + i * 0.5) * priceFactor(date) * 100) / 100]));
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
    const result = auditBatch(
      batch(28, 7, (date) => (date >= shiftFrom ? 0.92 : 1)),
      history(4),
    );
    expect(result.approved).toBe(false);
    expect(result.findings.join('\n')).toContain(`from ${shiftFrom} on`);
    expect(result.findings.join('\n')).toContain('USD→EUR');
  });

  it('judges a backfill as a backfill: old dates pass with the flag, are held without it', () => {
    const h = history(4);
    expect(
      auditBatch(
        batch(0, 7, () => 1, true),
        h,
      ).approved,
    ).toBe(true);
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

describe('batch audit: the week', () => {
  // 2026-01-05 is a Monday; the shop below never trades on Saturdays.
  const MONDAY = Date.UTC(2026, 0, 5);
  const date = (offset: number): string => new Date(MONDAY + offset * 24 * 3600 * 1000).toISOString().slice(0, 10);
  const isSaturday = (d: string): boolean => new Date(`${d}T00:00:00Z`).getUTCDay() === 6;

  /** The nightly revenue batch of one day: two currencies on a trading day, nothing on a closed one. */
  function nightly(d: string, trading = true, weekendRows = 2): BatchAuditRequest {
    const rows = !trading
      ? []
      : [
          { date: d, currency: 'GBP', revenue: 10_000, units: 900, orders: 120 },
          { date: d, currency: 'EUR', revenue: 2_000, units: 200, orders: 30 },
          ...Array.from({ length: Math.max(0, weekendRows - 2) }, (_, i) => ({
            date: d,
            currency: `X${i}`,
            revenue: 1_000,
            units: 10,
            orders: 1,
          })),
        ];
    return {
      version: `v${d}`,
      kind: 'revenue',
      rowCount: rows.length,
      revenue: rows,
      productMedianPrices: {},
      backfill: false,
      window: { from: d, to: d },
    };
  }

  /** `weeks` weeks of approved nightly batches; `saturdays` says whether the empty Saturdays were approved (recorded) or held (absent). */
  function weeksOf(weeks: number, saturdays: 'approved-empty' | 'held'): BatchAuditHistory {
    let h: BatchAuditHistory = { approved: [] };
    for (let offset = 0; offset < weeks * 7; offset += 1) {
      const d = date(offset);
      if (!isSaturday(d)) h = recordApprovedBatch(h, nightly(d));
      else if (saturdays === 'approved-empty') h = recordApprovedBatch(h, nightly(d, false));
    }
    return h;
  }

  const nextSaturday = (weeks: number): string => date(weeks * 7 + 5);
  const nextTuesday = (weeks: number): string => date(weeks * 7 + 1);

  it('passes an empty Saturday when the approved Saturdays were always empty', () => {
    const history = weeksOf(4, 'approved-empty');
    const result = auditBatch(nightly(nextSaturday(4), false), history);
    expect(result).toMatchObject({ approved: true, findings: [] });
    expect(result.reason).toContain('4 approved Saturdays (median 0)');
    // Without the weekday profile (history saved before it existed) the same day is the old false alarm.
    expect(auditBatch(nightly(nextSaturday(4), false), { approved: history.approved }).findings.join('\n')).toContain('row count 0');
  });

  it('holds an empty Tuesday: a normally busy weekday that is empty is still missing data', () => {
    const result = auditBatch(nightly(nextTuesday(4), false), weeksOf(4, 'approved-empty'));
    expect(result.approved).toBe(false);
    expect(result.findings.join('\n')).toMatch(
      /row count 0 on Tuesday \d{4}-\d{2}-\d{2} is x0\.00 the median of 4 approved Tuesdays \(2\)/,
    );
  });

  it('learns a closed weekday from daily runs whose empty Saturdays were held, once three Saturdays are spanned', () => {
    // Two weeks: too little history of Saturdays, so the all-days rule holds the empty day.
    const early = auditBatch(nightly(nextSaturday(2), false), weeksOf(2, 'held'));
    expect(early.approved).toBe(false);
    expect(early.findings.join('\n')).toContain('row count 0 is x0.00 the approved median');
    // Three weeks of approved days, none on a Saturday: Saturday is a day the shop does not trade.
    const history = weeksOf(3, 'held');
    const saturday = nightly(nextSaturday(3), false);
    const result = auditBatch(saturday, history);
    expect(result.approved).toBe(true);
    expect(result.reason).toContain('no approved Saturday had any row over 3 Saturdays');
    expect(recordApprovedBatch(history, saturday).days?.at(-1)).toEqual({ kind: 'revenue', date: saturday.window!.from, rowCount: 0 });
    // The same history still holds an empty Tuesday.
    expect(auditBatch(nightly(nextTuesday(3), false), history).approved).toBe(false);
  });

  it('judges a busy weekend day against its own weekday, not against quiet weekdays', () => {
    let h: BatchAuditHistory = { approved: [] };
    // Sundays carry eight rows, other days two: x4 the all-days median, but normal for a Sunday.
    const isSunday = (d: string): boolean => new Date(`${d}T00:00:00Z`).getUTCDay() === 0;
    for (let offset = 0; offset < 28; offset += 1) h = recordApprovedBatch(h, nightly(date(offset), true, isSunday(date(offset)) ? 8 : 2));
    const sunday = nightly(date(34), true, 8);
    expect(auditBatch(sunday, h)).toMatchObject({ approved: true, findings: [] });
    expect(auditBatch(sunday, { approved: h.approved }).findings.join('\n')).toContain('row count 8');
  });

  it('keeps a bounded weekday profile per kind, a rerun of a day replacing its figure', () => {
    let h: BatchAuditHistory = { approved: [] };
    for (let offset = 0; offset < 5; offset += 1) {
      h = recordApprovedBatch(h, nightly(date(offset)), 30, 3);
      h = recordApprovedBatch(h, { ...nightly(date(offset)), kind: 'model', rowCount: 100 }, 30, 3);
    }
    h = recordApprovedBatch(h, { ...nightly(date(4)), rowCount: 1 }, 30, 3);
    expect(h.days?.filter((d) => d.kind === 'revenue').map((d) => [d.date, d.rowCount])).toEqual([
      [date(2), 2],
      [date(3), 2],
      [date(4), 1],
    ]);
    expect(h.days?.filter((d) => d.kind === 'model')).toHaveLength(3);
  });
});
