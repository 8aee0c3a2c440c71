import type { EventType, ShopEvent } from '@shelflife/contracts';
import { seededRandom } from '@shelflife/quality';

export interface SyntheticShopOptions {
  products: number;
  /** Products per category; a session mostly stays in one category, as real shoppers do. */
  categorySize: number;
  /** Sessions open at once (their events interleave). */
  concurrentSessions: number;
  /** Share of sessions with a logged-in user id (from a pool of users). */
  loggedInShare: number;
  users: number;
  seed: number;
}

export const DEFAULT_SYNTHETIC: SyntheticShopOptions = {
  products: 100_000,
  categorySize: 100,
  concurrentSessions: 2_000,
  loggedInShare: 0.3,
  users: 200_000,
  seed: 42,
};

/** Samples ranks 0..n-1 with probability ∝ 1/(rank+1)^s (a long tail like real catalogues). */
function zipfSampler(n: number, s: number, next: () => number): () => number {
  const cumulative = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) cumulative[i] = total += 1 / Math.pow(i + 1, s);
  return () => {
    const target = next() * total;
    let low = 0;
    let high = n - 1;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (cumulative[mid]! < target) low = mid + 1;
      else high = mid;
    }
    return low;
  };
}

interface OpenSession {
  id: string;
  userId: string;
  category: number;
  remaining: number;
}

/**
 * An endless stream of plausible shop events: interleaved sessions of geometric length (mean ~8), each
 * mostly inside one category, popular products far more often than the tail; 88% views, 8% add-to-cart,
 * 3% purchases, 1% removals; one event every 10 ms of event time.
 */
export function* syntheticEvents(
  count: number,
  options: SyntheticShopOptions = DEFAULT_SYNTHETIC,
  start = Date.UTC(2026, 0, 1),
): Generator<ShopEvent> {
  const next = seededRandom(options.seed);
  const categories = Math.max(1, Math.floor(options.products / options.categorySize));
  const pickCategory = zipfSampler(categories, 0.8, next);
  const pickInCategory = zipfSampler(options.categorySize, 1.0, next);
  const pickAnywhere = zipfSampler(options.products, 1.0, next);
  let sessionCounter = 0;
  const open = (): OpenSession => ({
    id: `s${sessionCounter++}`,
    userId: next() < options.loggedInShare ? `u${Math.floor(next() * options.users)}` : '',
    category: pickCategory(),
    remaining: 1 + Math.floor(Math.log(1 - next()) / Math.log(1 - 1 / 8)),
  });
  const sessions = Array.from({ length: options.concurrentSessions }, open);
  for (let i = 0; i < count; i++) {
    const slot = Math.floor(next() * sessions.length);
    const session = sessions[slot]!;
    const product = next() < 0.8 ? session.category * options.categorySize + pickInCategory() : pickAnywhere();
    yield {
      eventId: `e${i}`,
      type: eventType(next()),
      userId: session.userId,
      sessionId: session.id,
      productId: `p${product}`,
      quantity: 1,
      occurredAt: start + i * 10,
      source: 'bench',
    };
    if (--session.remaining <= 0) sessions[slot] = open();
  }
}

function eventType(roll: number): EventType {
  if (roll < 0.88) return 'view';
  if (roll < 0.96) return 'add_to_cart';
  if (roll < 0.99) return 'purchase';
  return 'remove_from_cart';
}
