import type { Money } from './event';

const NANOS_PER_UNIT = 1_000_000_000;
const DECIMAL = /^(-)?(\d+)(?:\.(\d{1,9}))?$/;

/**
 * Parses a JSON number (or its decimal text) into exact units + nanos.
 * JSON.parse keeps the shortest decimal text that round-trips, so String(19.99) is "19.99":
 * parsing the text, not multiplying the float, keeps every cent.
 */
export function moneyFromDecimal(amount: number | string, currency: string): Money {
  const text = typeof amount === 'number' ? numberToPlainString(amount) : amount.trim();
  const match = DECIMAL.exec(text);
  if (!match) throw new RangeError(`amount ${JSON.stringify(amount)} is not a decimal with at most 9 fractional digits`);
  const sign = match[1] ? -1 : 1;
  const units = Number(match[2]);
  if (!Number.isSafeInteger(units)) throw new RangeError(`amount ${text} is too large`);
  const nanos = Number((match[3] ?? '').padEnd(9, '0'));
  return { currency, units: sign * units || 0, nanos: sign * nanos || 0 };
}

function numberToPlainString(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`amount ${value} is not finite`);
  const text = String(value);
  if (!/e/i.test(text)) return text;
  // Exponent notation (1e-7, 1e21): expand exactly with toFixed where it is representable.
  return value.toFixed(9).replace(/\.?0+$/, '');
}

/** Exact decimal text, e.g. "19.99". */
export function moneyToDecimalString(money: Money): string {
  const negative = money.units < 0 || money.nanos < 0;
  const units = Math.abs(money.units);
  const nanos = Math.abs(money.nanos);
  const fraction = nanos === 0 ? '' : '.' + String(nanos).padStart(9, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${units}${fraction}`;
}

/** For statistics only (ratios, medians): never for sums that must balance. */
export function moneyToNumber(money: Money): number {
  return money.units + money.nanos / NANOS_PER_UNIT;
}

/** Exact sum of money amounts of one currency, as units + nanos. */
export function addMoney(a: Money, b: Money): Money {
  if (a.currency !== b.currency) throw new Error(`cannot add ${a.currency} to ${b.currency}`);
  let units = a.units + b.units;
  let nanos = a.nanos + b.nanos;
  units += Math.trunc(nanos / NANOS_PER_UNIT);
  nanos %= NANOS_PER_UNIT;
  if (units > 0 && nanos < 0) {
    units -= 1;
    nanos += NANOS_PER_UNIT;
  } else if (units < 0 && nanos > 0) {
    units += 1;
    nanos -= NANOS_PER_UNIT;
  }
  return { currency: a.currency, units, nanos };
}

/** Exact product of a unit price and an integer quantity. */
export function multiplyMoney(price: Money, quantity: number): Money {
  const totalNanos = price.nanos * quantity;
  return addMoney(
    { currency: price.currency, units: price.units * quantity, nanos: 0 },
    { currency: price.currency, units: 0, nanos: totalNanos },
  );
}
