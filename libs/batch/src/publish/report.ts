import type { DailyRevenueRow } from '../revenue/daily-revenue';
import type { BatchOutcome } from './run-batch';

/** One line of `npm run batch -- --report`: the revenue as a JSON number, exact to the decimal text it came from. */
export interface RevenueReportLine {
  date: string;
  currency: string;
  revenue: number;
  units: number;
  orders: number;
}

export interface VerdictReportLine {
  published: boolean;
  version: string;
  reason: string;
}

export function revenueReportLines(rows: DailyRevenueRow[]): RevenueReportLine[] {
  return rows.map((row) => ({
    date: row.date,
    currency: row.currency,
    revenue: Number(row.revenueDecimal),
    units: row.units,
    orders: row.orders,
  }));
}

export function verdictReportLine(outcome: BatchOutcome): VerdictReportLine {
  return { published: outcome.published, version: outcome.version, reason: outcome.reason };
}
