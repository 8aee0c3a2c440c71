import type { EventType, Money, ShopEvent } from '@shelflife/contracts';
import { utcDay } from '../window';

/** One event as the archive stores it: `_id` is the eventId, so the key itself makes writes idempotent. */
export interface ArchivedEvent extends Record<string, unknown> {
  _id: string;
  eventId: string;
  type: EventType;
  productId: string;
  sessionId: string;
  /** Empty for anonymous shoppers. */
  userId: string;
  /** Exact unit price, or null when the event carried none. */
  price: Money | null;
  quantity: number;
  /** Epoch ms. */
  occurredAt: number;
  /** UTC day of occurredAt, 'YYYY-MM-DD': the batch window key. */
  day: string;
  /** Epoch ms when the pipeline received it. */
  ingestedAt: number;
  source: string;
  /** W3C traceparent of the delivery, when known: the batch run links to a sample of these traces. */
  traceparent?: string;
}

export function toArchivedEvent(event: ShopEvent, ingestedAt: number, traceparent?: string): ArchivedEvent {
  const archived: ArchivedEvent = {
    _id: event.eventId,
    eventId: event.eventId,
    type: event.type,
    productId: event.productId,
    sessionId: event.sessionId,
    userId: event.userId,
    price: event.price ? { currency: event.price.currency, units: event.price.units, nanos: event.price.nanos } : null,
    quantity: event.quantity,
    occurredAt: event.occurredAt,
    day: utcDay(event.occurredAt),
    ingestedAt,
    source: event.source,
  };
  if (traceparent) archived.traceparent = traceparent;
  return archived;
}
