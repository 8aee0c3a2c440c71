/** The domain event every service works with: the contract v1 event, in TypeScript shape. */

export const SCHEMA_VERSION = 1;

export const EVENT_TYPES = ['view', 'add_to_cart', 'remove_from_cart', 'purchase'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export function isEventType(value: unknown): value is EventType {
  return typeof value === 'string' && (EVENT_TYPES as readonly string[]).includes(value);
}

/** Money as integer units plus nanos (google.type.Money): no float ever carries an amount. */
export interface Money {
  /** ISO 4217 code, upper case. */
  currency: string;
  /** Whole units; a safe integer. */
  units: number;
  /** Billionths of a unit, 0..999_999_999 (same sign as units). */
  nanos: number;
}

export interface ShopEvent {
  /** Idempotency key (a UUID). */
  eventId: string;
  type: EventType;
  /** Empty for anonymous shoppers. */
  userId: string;
  sessionId: string;
  productId: string;
  /** Unit price; absent when the source sent none (views often have none). */
  price?: Money;
  quantity: number;
  /** When it happened, epoch milliseconds. */
  occurredAt: number;
  source: string;
  /** Top-level JSON fields the gateway did not recognise (contract drift, watched by the sentinel). */
  unknownFields?: string[];
}

/** What travels on the bus: the event plus the facts the pipeline added. */
export interface EventEnvelope {
  schemaVersion: number;
  eventId: string;
  /** When the collector received it, epoch ms: the start of the freshness clock. */
  ingestedAt: number;
  event: ShopEvent;
  /** W3C traceparent of the hop that delivered it, when the message carried one (lets a batch link to event traces). */
  traceparent?: string;
}
