import type { EventType, ShopEvent } from '@shelflife/contracts';

let nextId = 0;

/** A ShopEvent with a fresh eventId unless one is given; times default to an increasing clock. */
export function shopEvent(productId: string, sessionId: string, fields: Partial<ShopEvent> & { type?: EventType } = {}): ShopEvent {
  nextId++;
  return {
    eventId: fields.eventId ?? `evt-${nextId}`,
    type: fields.type ?? 'view',
    userId: fields.userId ?? '',
    sessionId,
    productId,
    quantity: 1,
    occurredAt: fields.occurredAt ?? 1_700_000_000_000 + nextId * 1000,
    source: 'test',
  };
}

/** Events for a session that visits the products in order, one second apart from `start`. */
export function sessionEvents(sessionId: string, products: string[], start: number, type: EventType = 'view', userId = ''): ShopEvent[] {
  return products.map((productId, i) => shopEvent(productId, sessionId, { type, occurredAt: start + i * 1000, userId }));
}

export function ids(items: { productId: string }[]): string[] {
  return items.map((item) => item.productId);
}
