import { randomUUID } from 'node:crypto';
import type { GatewayEventJson } from '@shelflife/batch';
import { buildCatalog } from './catalog';
import { seededRandom } from './seeded-random';

export { seededRandom };

/** The sources the simulated shoppers' events name (a gateway asking for keys needs one per source). */
export const SIM_SOURCES = ['web', 'app'] as const;

/** What a storefront sends: the gateway's JSON event. */
export type SimEvent = GatewayEventJson;

/**
 * One shopping session as the storefront would report it: browse an anchor product (popularity is
 * skewed), look at some of its accessories and a few unrelated items, fill the cart, sometimes buy.
 */
export function generateSession(random: () => number, catalog = buildCatalog()): SimEvent[] {
  const sessionId = `s-${randomUUID().slice(0, 13)}`;
  const userId = random() < 0.6 ? `u-${Math.floor(random() * 5_000)}` : '';
  const source = random() < 0.7 ? SIM_SOURCES[0] : SIM_SOURCES[1];
  // Zipf-like: the first anchors are the bestsellers.
  // Truncated exponential over the anchors: every anchor occurs, the first ones far more often.
  const n = catalog.anchors.length;
  const anchor = catalog.anchors[Math.min(n - 1, Math.floor(-Math.log(1 - random() * (1 - Math.exp(-n / 1.6))) * 1.6))]!;
  const events: SimEvent[] = [];
  const cart: string[] = [];
  const emit = (type: SimEvent['type'], productId: string) => {
    const product = catalog.byId.get(productId)!;
    const event: SimEvent = {
      eventId: randomUUID(),
      type,
      sessionId,
      productId,
      quantity: 1,
      occurredAt: new Date().toISOString(),
      source,
    };
    if (userId) event.userId = userId;
    if (type !== 'view' || random() < 0.8) event.price = { amount: product.price, currency: 'USD' };
    events.push(event);
  };
  if (random() < 0.5) emit('view', catalog.longTail[Math.floor(random() * catalog.longTail.length)]!.id);
  emit('view', anchor.id);
  if (random() < 0.6) {
    emit('add_to_cart', anchor.id);
    cart.push(anchor.id);
  }
  for (const accessory of anchor.accessories) {
    if (random() < 0.65) {
      emit('view', accessory);
      if (random() < 0.55) {
        emit('add_to_cart', accessory);
        cart.push(accessory);
      }
    }
  }
  if (random() < 0.3) emit('view', catalog.longTail[Math.floor(random() * catalog.longTail.length)]!.id);
  if (cart.length > 1 && random() < 0.1) {
    emit('remove_from_cart', cart.pop()!);
  }
  if (cart.length > 0 && random() < 0.45) for (const productId of cart) emit('purchase', productId);
  return events;
}
