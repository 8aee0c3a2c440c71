import type { EventType, ShopEvent } from '@shelflife/contracts';
import { seededRandom } from '@shelflife/quality';

/** Shape of the synthetic shop the store benchmark archives; fixed seed, so every run writes the same events. */
export interface SyntheticShop {
  events: number;
  products: number;
  days: number;
  /** Mean events per session. */
  sessionLength: number;
  seed: number;
}

const DAY_MS = 24 * 3600 * 1000;
const START = Date.parse('2026-10-01T00:00:00Z');

/**
 * Sessions of views, carts and purchases over `days` days, products drawn with a long tail
 * (a few bestsellers, many rarities) and prices fixed per product, 80% EUR and 20% USD.
 * Yields in batches so a million events never sit in memory twice.
 */
export function* syntheticEventBatches(shop: SyntheticShop, batchSize: number): Generator<ShopEvent[]> {
  const next = seededRandom(shop.seed);
  const product = () => Math.floor(Math.pow(next(), 2.5) * shop.products);
  let batch: ShopEvent[] = [];
  let session = 0;
  for (let written = 0; written < shop.events;) {
    session += 1;
    const length = Math.max(1, Math.round(-Math.log(1 - next()) * shop.sessionLength));
    let at = START + Math.floor((written / shop.events) * shop.days * DAY_MS);
    for (let i = 0; i < length && written < shop.events; i++, written++) {
      const roll = next();
      const type: EventType = roll < 0.7 ? 'view' : roll < 0.9 ? 'add_to_cart' : 'purchase';
      const id = product();
      at += 1000 + Math.floor(next() * 60_000);
      const event: ShopEvent = {
        eventId: `00000000-0000-4000-8000-${written.toString(16).padStart(12, '0')}`,
        type,
        userId: `u${session % 50_000}`,
        sessionId: `s${session}`,
        productId: `p${id}`,
        quantity: type === 'purchase' ? 1 + Math.floor(next() * 3) : 1,
        occurredAt: at,
        source: 'store-bench',
      };
      if (type !== 'view') event.price = { currency: id % 5 === 0 ? 'USD' : 'EUR', units: 1 + (id % 200), nanos: (id % 100) * 10_000_000 };
      batch.push(event);
      if (batch.length === batchSize) {
        yield batch;
        batch = [];
      }
    }
  }
  if (batch.length > 0) yield batch;
}
