import { addMoney, moneyToDecimalString, type Money } from '@shelflife/contracts';
import type { Store } from '@shelflife/store';
import { EVENTS } from '../collections';
import type { BatchWindow } from '../window';
import { dailyRevenuePipeline, unitPricesPipeline } from './revenue-pipeline';

export interface DailyRevenueRow {
  date: string;
  currency: string;
  /** Absent on the per-currency total rows. */
  productId?: string;
  revenue: Money;
  /** The exact amount as decimal text, e.g. "1234.56". */
  revenueDecimal: string;
  /** Items sold (sum of quantities). */
  units: number;
  /** Distinct orders (sessions / invoices) with a purchase. */
  orders: number;
}

export interface DailyRevenue {
  /** One row per day and currency. */
  totals: DailyRevenueRow[];
  /** One row per day, currency and product. */
  perProduct: DailyRevenueRow[];
}

interface PipelineRow {
  date: string;
  currency: string;
  productId?: string;
  revenueUnits: number;
  revenueNanos: number;
  units: number;
  orders: number;
}

export async function computeDailyRevenue(store: Store, window: BatchWindow): Promise<DailyRevenue> {
  const events = store.collection(EVENTS);
  const [totals, perProduct] = await Promise.all([
    events.aggregate<PipelineRow>(dailyRevenuePipeline(window, false)),
    events.aggregate<PipelineRow>(dailyRevenuePipeline(window, true)),
  ]);
  return { totals: totals.map(toRevenueRow), perProduct: perProduct.map(toRevenueRow) };
}

function toRevenueRow(row: PipelineRow): DailyRevenueRow {
  // Carry the summed nanos into units: exact while the nanos sum stays below 2^53 (9 million lines a group).
  const revenue = addMoney(
    { currency: row.currency, units: Number(row.revenueUnits), nanos: 0 },
    { currency: row.currency, units: 0, nanos: Number(row.revenueNanos) },
  );
  const result: DailyRevenueRow = {
    date: row.date,
    currency: row.currency,
    revenue,
    revenueDecimal: moneyToDecimalString(revenue),
    units: Number(row.units),
    orders: Number(row.orders),
  };
  if (row.productId !== undefined) result.productId = row.productId;
  return result;
}

/** Median paid unit price per product in the window, as the audit's `{productId: price}` summary (statistics, not sums). */
export async function computePriceSummary(store: Store, window: BatchWindow): Promise<Record<string, number>> {
  const rows = await store.collection(EVENTS).aggregate<{ _id: string; prices: number[] }>(unitPricesPipeline(window));
  const summary: Record<string, number> = {};
  for (const row of rows.sort((a, b) => (a._id < b._id ? -1 : 1))) {
    // A zero price is a free item (a gift, a sample), not a price level: it would only blur the median.
    const paid = row.prices.filter((price) => price > 0);
    if (paid.length > 0) summary[row._id] = lowerMedian(paid);
  }
  return summary;
}

/**
 * The lower median: with an even count, the smaller middle value rather than the mean of both. It is
 * always a price someone actually paid; the mean of two quantity-tier prices is a price nobody paid and
 * moves with the day's tier mix (on the real retail data it made day-to-day medians stable for 55% of
 * products instead of 69%, hiding a x0.92 unit change from the audit).
 */
export function lowerMedian(values: number[]): number {
  if (values.length === 0) throw new RangeError('lowerMedian needs at least one value');
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}
