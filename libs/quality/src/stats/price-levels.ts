/**
 * The price levels one product has been sold at (real shops have tiers: 2.55 and 2.95 for the same
 * item). A level counts as known once seen twice; a single odd price is only pending.
 */
export interface PriceLevels {
  prices: number[];
  counts: number[];
  seen: number;
}

const MAX_LEVELS = 6;
const KNOWN_AFTER = 2;
/** Votes are cast against the most frequent levels only: bounded work per event. */
const MAX_VOTING_LEVELS = 3;

export function newPriceLevels(): PriceLevels {
  return { prices: [], counts: [], seen: 0 };
}

/** Index of the level within `tolerance` (log distance) of price, or -1. */
export function findLevel(levels: PriceLevels, price: number, tolerance: number): number {
  for (let i = 0; i < levels.prices.length; i++) {
    if (Math.abs(Math.log(price / levels.prices[i])) < tolerance) return i;
  }
  return -1;
}

export function isKnownLevel(levels: PriceLevels, i: number): boolean {
  return i >= 0 && levels.counts[i] >= KNOWN_AFTER;
}

/** Counts price into its level, opening a pending level (evicting the rarest) when it is new. */
export function learnPrice(levels: PriceLevels, price: number, tolerance: number): void {
  levels.seen += 1;
  const at = findLevel(levels, price, tolerance);
  if (at >= 0) {
    levels.counts[at] += 1;
    return;
  }
  if (levels.prices.length < MAX_LEVELS) {
    levels.prices.push(price);
    levels.counts.push(1);
    return;
  }
  let rarest = 0;
  for (let i = 1; i < levels.counts.length; i++) if (levels.counts[i] < levels.counts[rarest]) rarest = i;
  levels.prices[rarest] = price;
  levels.counts[rarest] = 1;
}

/** Log ratios of price to the product's most frequent known levels. */
export function logRatiosToKnownLevels(levels: PriceLevels, price: number, out: number[]): void {
  out.length = 0;
  const order = levels.counts
    .map((count, i) => [count, i] as const)
    .filter(([count]) => count >= KNOWN_AFTER)
    .sort((a, b) => b[0] - a[0])
    .slice(0, MAX_VOTING_LEVELS);
  for (const [, i] of order) out.push(Math.log(price / levels.prices[i]));
}
