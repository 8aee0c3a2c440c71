import type { ShopEvent } from '@shelflife/contracts';
import { utcDay } from '@shelflife/batch';

const NANOS_PER_UNIT = 1_000_000_000;

/**
 * A silent unit change for checks: from `fromDay` on, every price is multiplied by `factor`
 * (e.g. 0.92, as if EUR amounts arrived labelled GBP) while the currency label stays the same.
 * Rounded to whole nanos; events before `fromDay` are returned unchanged.
 */
export function scalePricesFrom(events: ShopEvent[], fromDay: string, factor: number): ShopEvent[] {
  if (!(factor > 0) || !Number.isFinite(factor)) throw new RangeError(`price factor must be a positive number, got ${factor}`);
  return events.map((event) => {
    if (!event.price || utcDay(event.occurredAt) < fromDay) return event;
    const totalNanos = Math.round((event.price.units * NANOS_PER_UNIT + event.price.nanos) * factor);
    const units = Math.trunc(totalNanos / NANOS_PER_UNIT);
    return { ...event, price: { currency: event.price.currency, units, nanos: totalNanos - units * NANOS_PER_UNIT } };
  });
}
