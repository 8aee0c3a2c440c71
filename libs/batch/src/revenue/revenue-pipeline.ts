import type { PipelineStage } from '@shelflife/store';
import type { BatchWindow } from '../window';

const NANOS_PER_UNIT = 1_000_000_000;

/** Purchases with a price in the window's days: the revenue pipelines' input. */
export function windowPurchasesFilter(window: BatchWindow): Record<string, unknown> {
  return { day: { $gte: window.from, $lte: window.to }, type: 'purchase', price: { $ne: null } };
}

/**
 * Daily revenue, units and orders per currency (and per product when `perProduct`), exactly: each line's
 * price × quantity is split into whole units and a nanos remainder below 1e9, and the two are summed
 * separately, so no float ever carries a sum. Currencies are group keys, never added together.
 * Output rows: `{ date, currency, productId?, revenueUnits, revenueNanos, units, orders }` (nanos not yet carried).
 */
export function dailyRevenuePipeline(window: BatchWindow, perProduct: boolean): PipelineStage[] {
  const key: Record<string, string> = { date: '$day', currency: '$price.currency' };
  if (perProduct) key.productId = '$productId';
  // Expressions inside $group, not in $project/$set stages first: no intermediate document per event.
  const lineNanos = { $multiply: ['$price.nanos', '$quantity'] };
  const lineNanosRemainder = { $mod: [lineNanos, NANOS_PER_UNIT] };
  const lineUnits = {
    $add: [{ $multiply: ['$price.units', '$quantity'] }, { $divide: [{ $subtract: [lineNanos, lineNanosRemainder] }, NANOS_PER_UNIT] }],
  };
  return [
    { $match: windowPurchasesFilter(window) },
    {
      $group: {
        _id: key,
        revenueUnits: { $sum: lineUnits },
        revenueNanos: { $sum: lineNanosRemainder },
        units: { $sum: '$quantity' },
        // An order is a session with a purchase (an invoice in the retail data).
        orders: { $addToSet: '$sessionId' },
      },
    },
    {
      $project: {
        _id: 0,
        date: '$_id.date',
        currency: '$_id.currency',
        ...(perProduct ? { productId: '$_id.productId' } : {}),
        revenueUnits: 1,
        revenueNanos: 1,
        units: 1,
        orders: { $size: '$orders' },
      },
    },
    { $sort: perProduct ? { date: 1, currency: 1, productId: 1 } : { date: 1, currency: 1 } },
  ];
}

/** Unit prices per product in the window (purchases and carts), for the audit's price summary. */
export function unitPricesPipeline(window: BatchWindow): PipelineStage[] {
  return [
    { $match: { day: { $gte: window.from, $lte: window.to }, type: { $in: ['purchase', 'add_to_cart'] }, price: { $ne: null } } },
    { $group: { _id: '$productId', prices: { $push: { $add: ['$price.units', { $divide: ['$price.nanos', NANOS_PER_UNIT] }] } } } },
  ];
}
