import { checkRowCountByWeekday, median, recordApprovedDay, singleDayOf, type ApprovedDay } from './batch-audit-weekday';
import { matchKnownFactor } from './known-factors';

export { type ApprovedDay, WEEKDAY_NAMES, weekdayOf } from './batch-audit-weekday';

/** One day of revenue in one currency (shelflife.sentinel.v1.DailyRevenueRow). */
export interface DailyRevenueRow {
  /** YYYY-MM-DD. */
  date: string;
  currency: string;
  revenue: number;
  units: number;
  orders: number;
}

/** A batch result the aggregator wants to publish (shelflife.sentinel.v1.AuditBatchRequest). */
export interface BatchAuditRequest {
  version: string;
  /** "model" or "revenue". */
  kind: string;
  rowCount: number;
  revenue: DailyRevenueRow[];
  /** Median unit price per product over the batch (price_summary_json). */
  productMedianPrices: Record<string, number>;
  /**
   * Optional finer summary: median unit price per product per day, {date: {productId: price}}; with it
   * the audit names the day a price shift started. Carried in price_summary_json as {"byDate": ...}.
   */
  productMedianPricesByDate?: Record<string, Record<string, number>>;
  /** A backfill of old dates: their age is not a fault. */
  backfill: boolean;
  /**
   * The days the batch covers, days without rows included: an empty day has no revenue rows to date
   * it, and the row-count check needs its weekday. Optional for senders that predate it.
   */
  window?: { from: string; to: string };
}

/** What the audit keeps of an approved batch: small, JSON, persisted by the service. */
export interface ApprovedBatch {
  version: string;
  kind: string;
  rowCount: number;
  dates: string[];
  /** Daily revenue figures per currency. */
  dailyRevenue: Record<string, number[]>;
  productMedianPrices: Record<string, number>;
}

/** Past approved runs, newest last. */
export interface BatchAuditHistory {
  approved: ApprovedBatch[];
  /** Approved one-day batches (any kind), newest last: the weekday profile of the row count. Absent in history saved before it existed. */
  days?: ApprovedDay[];
}

export interface BatchAuditResult {
  approved: boolean;
  reason: string;
  findings: string[];
}

export interface BatchAuditOptions {
  /** Row count (per covered day) may move within [1/x, x] of the past median. */
  rowCountFactor: number;
  /** Daily revenue per currency may move within [1/x, x] of the past median. */
  revenueFactor: number;
  /** A common price move larger than this (log) across most products is a finding. */
  priceShiftTolerance: number;
  /** Share of compared products that must share the move for it to count as one shift. */
  priceShiftBreadth: number;
  /** Fewer common products than this say nothing about a common shift. */
  minComparedProducts: number;
  /** Approved runs kept by recordApprovedBatch. */
  historyKept: number;
  /** Same-weekday approved one-day batches needed before a day is judged against its weekday alone. */
  minSameWeekdayRuns: number;
  /** Approved one-day batches kept per kind for the weekday profile (84 = twelve weeks). */
  weekdayDaysKept: number;
}

export const DEFAULT_BATCH_AUDIT_OPTIONS: Readonly<BatchAuditOptions> = Object.freeze({
  rowCountFactor: 3,
  revenueFactor: 5,
  priceShiftTolerance: 0.03,
  priceShiftBreadth: 0.5,
  minComparedProducts: 10,
  historyKept: 30,
  minSameWeekdayRuns: 3,
  weekdayDaysKept: 84,
});

const PRICE_MATCH = 0.02;

/** The write-audit-publish gate: judge a batch against past approved runs of the same kind. */
export function auditBatch(
  request: BatchAuditRequest,
  history: BatchAuditHistory,
  options: Partial<BatchAuditOptions> = {},
): BatchAuditResult {
  const settings = { ...DEFAULT_BATCH_AUDIT_OPTIONS, ...options };
  const findings = checkShape(request);
  const past = history.approved.filter((run) => run.kind === request.kind);
  let rowCountBasis: string | undefined;
  if (findings.length === 0 && past.length > 0) {
    const byWeekday = checkRowCountByWeekday(request, history.days ?? [], settings);
    rowCountBasis = byWeekday?.basis;
    const rowCount = byWeekday ? byWeekday.findings : checkRowCount(request, past, settings);
    findings.push(
      ...checkDates(request, past),
      ...rowCount,
      ...checkRevenue(request, past, settings),
      ...checkPrices(request, past, settings),
    );
  }
  if (findings.length > 0)
    return { approved: false, reason: `held: ${findings.length} finding(s); fix the batch or approve it by hand`, findings };
  const reason =
    past.length === 0
      ? `approved: no approved ${request.kind} run to compare with yet, so this run becomes the baseline`
      : `approved: consistent with ${past.length} approved ${request.kind} run(s)${rowCountBasis ? `; ${rowCountBasis}` : ''}`;
  return { approved: true, reason, findings };
}

/** The history after approving `request`: the service persists this. */
export function recordApprovedBatch(
  history: BatchAuditHistory,
  request: BatchAuditRequest,
  historyKept = DEFAULT_BATCH_AUDIT_OPTIONS.historyKept,
  weekdayDaysKept = DEFAULT_BATCH_AUDIT_OPTIONS.weekdayDaysKept,
): BatchAuditHistory {
  const dailyRevenue: Record<string, number[]> = {};
  for (const row of request.revenue) (dailyRevenue[row.currency] ??= []).push(row.revenue);
  const run: ApprovedBatch = {
    version: request.version,
    kind: request.kind,
    rowCount: request.rowCount,
    dates: [...new Set(request.revenue.map((row) => row.date))].sort(),
    dailyRevenue,
    productMedianPrices: { ...request.productMedianPrices },
  };
  const day = singleDayOf(request);
  const days =
    day === undefined
      ? (history.days ?? [])
      : recordApprovedDay(history.days ?? [], { kind: request.kind, date: day, rowCount: request.rowCount }, weekdayDaysKept);
  return { approved: [...history.approved, run].slice(-historyKept), days };
}

function checkShape(request: BatchAuditRequest): string[] {
  const findings: string[] = [];
  if (!Number.isInteger(request.rowCount) || request.rowCount < 0)
    findings.push(`rowCount ${request.rowCount} is not a non-negative integer`);
  for (const row of request.revenue) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(row.date)) findings.push(`revenue row date "${row.date}" is not YYYY-MM-DD`);
    if (!Number.isFinite(row.revenue) || row.revenue < 0)
      findings.push(`revenue ${row.revenue} on ${row.date} (${row.currency}) is not a non-negative number`);
  }
  for (const [product, price] of Object.entries(request.productMedianPrices)) {
    if (!Number.isFinite(price) || price <= 0) findings.push(`median price ${price} of product ${product} is not a positive number`);
  }
  return findings;
}

function checkDates(request: BatchAuditRequest, past: ApprovedBatch[]): string[] {
  if (request.backfill) return [];
  const latest = past
    .flatMap((run) => run.dates)
    .sort()
    .at(-1);
  const old = request.revenue.map((row) => row.date).filter((date) => latest !== undefined && date < latest);
  return old.length > 0
    ? [
        `dates from ${[...old].sort()[0]} are older than the last approved run (${latest}); mark the batch as a backfill if that is intended`,
      ]
    : [];
}

/** The all-days rule, for multi-day batches and weekdays without enough history (see batch-audit-weekday.ts). */
function checkRowCount(request: BatchAuditRequest, past: ApprovedBatch[], settings: BatchAuditOptions): string[] {
  // Per covered day when the batch has dates, so that a backfill of several days compares fairly.
  const perDay = (rows: number, dates: number): number => rows / Math.max(1, dates);
  const expected = median(past.map((run) => perDay(run.rowCount, run.dates.length)));
  const actual = perDay(request.rowCount, new Set(request.revenue.map((row) => row.date)).size);
  if (expected === 0) return [];
  const ratio = actual / expected;
  return ratio > settings.rowCountFactor || ratio < 1 / settings.rowCountFactor
    ? [
        `row count ${request.rowCount} is x${ratio.toFixed(2)} the approved median (${expected.toFixed(0)} per run day); check the input window and joins`,
      ]
    : [];
}

function checkRevenue(request: BatchAuditRequest, past: ApprovedBatch[], settings: BatchAuditOptions): string[] {
  const findings: string[] = [];
  const known = new Map<string, number[]>();
  for (const run of past)
    for (const [currency, values] of Object.entries(run.dailyRevenue)) known.set(currency, [...(known.get(currency) ?? []), ...values]);
  if (known.size === 0) return findings;
  for (const row of request.revenue) {
    const values = known.get(row.currency);
    if (!values) {
      findings.push(`currency ${row.currency} on ${row.date} never appeared in approved runs: a relabelled or new currency`);
      continue;
    }
    const expected = median(values);
    if (expected <= 0) continue;
    const ratio = row.revenue / expected;
    if (ratio > settings.revenueFactor || ratio < 1 / settings.revenueFactor) {
      findings.push(
        `revenue ${row.revenue.toFixed(2)} ${row.currency} on ${row.date} is x${ratio.toFixed(2)} the approved daily median ${expected.toFixed(2)}`,
      );
    }
  }
  return findings;
}

function checkPrices(request: BatchAuditRequest, past: ApprovedBatch[], settings: BatchAuditOptions): string[] {
  const reference = new Map<string, number>();
  for (const run of past) for (const [product, price] of Object.entries(run.productMedianPrices)) reference.set(product, price);
  const byDate = request.productMedianPricesByDate;
  if (byDate) {
    const shifted = Object.keys(byDate)
      .sort()
      .map((date) => [date, commonShift(byDate[date], reference, settings)] as const)
      .filter(([, shift]) => shift !== undefined);
    if (shifted.length > 0) {
      const [firstDate, shift] = shifted[0];
      return [describeShift(shift!, `from ${firstDate} on (${shifted.length} day(s) affected)`)];
    }
  }
  const shift = commonShift(request.productMedianPrices, reference, settings);
  return shift ? [describeShift(shift, 'over the batch')] : [];
}

interface CommonShift {
  factor: number;
  products: number;
  compared: number;
}

/** The factor most compared products moved by together, when it is not ~1. */
function commonShift(prices: Record<string, number>, reference: Map<string, number>, settings: BatchAuditOptions): CommonShift | undefined {
  const ratios: number[] = [];
  for (const [product, price] of Object.entries(prices)) {
    const before = reference.get(product);
    if (before && before > 0 && price > 0) ratios.push(Math.log(price / before));
  }
  if (ratios.length < settings.minComparedProducts) return undefined;
  const center = median(ratios);
  if (Math.abs(center) <= settings.priceShiftTolerance) return undefined;
  const together = ratios.filter((ratio) => Math.abs(ratio - center) <= PRICE_MATCH).length;
  if (together < settings.priceShiftBreadth * ratios.length) return undefined;
  return { factor: Math.exp(center), products: together, compared: ratios.length };
}

function describeShift(shift: CommonShift, when: string): string {
  const known = matchKnownFactor(shift.factor);
  const cause = known ? `: likely ${known.cause}` : '';
  return `median prices of ${shift.products} of ${shift.compared} products moved by x${shift.factor.toFixed(3)} ${when} with the currency label unchanged${cause}`;
}
