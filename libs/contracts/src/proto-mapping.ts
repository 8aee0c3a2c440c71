import type { Event, Event__Output } from './generated/shelflife/events/v1/Event';
import type { EventType__Output } from './generated/shelflife/events/v1/EventType';
import { isEventType, type EventType, type ShopEvent } from './event';
import { MAX_FUTURE_SKEW_MS, eventTimeStatus, futureEventProblem } from './event-time';

const TO_PROTO_TYPE: Record<EventType, EventType__Output> = {
  view: 'EVENT_TYPE_VIEW',
  add_to_cart: 'EVENT_TYPE_ADD_TO_CART',
  remove_from_cart: 'EVENT_TYPE_REMOVE_FROM_CART',
  purchase: 'EVENT_TYPE_PURCHASE',
};

const FROM_PROTO_TYPE = Object.fromEntries(Object.entries(TO_PROTO_TYPE).map(([k, v]) => [v, k])) as Record<string, EventType>;

export function eventToProto(event: ShopEvent): Event {
  return {
    eventId: event.eventId,
    type: TO_PROTO_TYPE[event.type],
    userId: event.userId,
    sessionId: event.sessionId,
    productId: event.productId,
    price: event.price ? { currencyCode: event.price.currency, units: String(event.price.units), nanos: event.price.nanos } : null,
    quantity: event.quantity,
    occurredAt: { seconds: String(Math.floor(event.occurredAt / 1000)), nanos: (event.occurredAt % 1000) * 1_000_000 },
    source: event.source,
    unknownFields: event.unknownFields ?? [],
  };
}

/** Result of reading a wire event: the domain event, or what is wrong with it. */
export type ProtoEventResult = { ok: true; event: ShopEvent } | { ok: false; reason: string };

export interface ProtoCheckOptions {
  /** The receiving clock occurredAt is checked against (default Date.now()); the same option as parseGatewayEvent's. */
  receivedAt?: number;
  /** Same as receivedAt (used when receivedAt is not given). */
  now?: number;
  /** occurredAt may be at most this far ahead of `now` (default MAX_FUTURE_SKEW_MS, 5 min); Infinity turns the check off. */
  maxFutureSkewMs?: number;
}

/**
 * The collector's contract check: everything the proto cannot express (required fields, ranges,
 * known enum values, an occurredAt not ahead of the receiving clock) is checked here, so gRPC clients
 * that bypass the gateway get the same rules.
 */
export function eventFromProto(message: Event__Output, options: ProtoCheckOptions = {}): ProtoEventResult {
  const type = FROM_PROTO_TYPE[message.type];
  if (!type || !isEventType(type)) return { ok: false, reason: `type ${message.type} is not a known event type` };
  if (!message.eventId) return { ok: false, reason: 'eventId is empty' };
  if (!message.sessionId) return { ok: false, reason: 'sessionId is empty' };
  if (!message.productId) return { ok: false, reason: 'productId is empty' };
  if (!(message.quantity >= 1)) return { ok: false, reason: `quantity ${message.quantity} must be at least 1` };
  if (!message.occurredAt) return { ok: false, reason: 'occurredAt is missing' };
  const occurredAt = Number(message.occurredAt.seconds) * 1000 + Math.floor(message.occurredAt.nanos / 1_000_000);
  if (!Number.isFinite(occurredAt)) return { ok: false, reason: 'occurredAt is not a valid timestamp' };
  const now = options.receivedAt ?? options.now ?? Date.now();
  const maxFutureSkewMs = options.maxFutureSkewMs ?? MAX_FUTURE_SKEW_MS;
  if (eventTimeStatus(occurredAt, now, { maxFutureSkewMs, lateAfterMs: Infinity }) === 'future') {
    return { ok: false, reason: `occurredAt ${futureEventProblem(occurredAt, now, maxFutureSkewMs)}` };
  }
  const event: ShopEvent = {
    eventId: message.eventId,
    type,
    userId: message.userId,
    sessionId: message.sessionId,
    productId: message.productId,
    quantity: message.quantity,
    occurredAt,
    source: message.source || 'unknown',
  };
  if (message.price) {
    const units = Number(message.price.units);
    if (!Number.isSafeInteger(units)) return { ok: false, reason: `price.units ${message.price.units} is out of range` };
    if (Math.abs(message.price.nanos) > 999_999_999) return { ok: false, reason: 'price.nanos must be within ±999999999' };
    if (units < 0 || message.price.nanos < 0) return { ok: false, reason: 'price must not be negative' };
    if (!/^[A-Z]{3}$/.test(message.price.currencyCode)) return { ok: false, reason: `price.currencyCode "${message.price.currencyCode}" is not an ISO 4217 code` };
    event.price = { currency: message.price.currencyCode, units, nanos: message.price.nanos };
  } else if (type === 'purchase' || type === 'add_to_cart') {
    return { ok: false, reason: `price is required for ${type} events` };
  }
  if (message.unknownFields.length > 0) event.unknownFields = message.unknownFields;
  return { ok: true, event };
}
