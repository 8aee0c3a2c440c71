import { EventType, type Event } from '../generated/shelflife/events/v1/event';
import type { EventIntent } from './hostile-events';

/** An intent as the storefront's JSON body. */
export function intentAsJson(intent: EventIntent): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (intent.eventId !== undefined) body.eventId = intent.eventId;
  if (intent.type !== undefined) body.type = typeof intent.type === 'number' ? `new-type-${intent.type}` : intent.type;
  for (const field of ['userId', 'sessionId', 'productId', 'source'] as const) if (intent[field] !== undefined) body[field] = intent[field];
  if (intent.price) body.price = { amount: Number(intent.price.amount), currency: intent.price.currency };
  body.quantity = intent.quantity;
  if (intent.occurredAt !== undefined) body.occurredAt = new Date(intent.occurredAt).toISOString();
  for (let i = 0; i < intent.unknownFieldCount; i += 1) body[`extra${i}`] = i;
  return body;
}

const PROTO_TYPES = {
  view: EventType.EVENT_TYPE_VIEW,
  add_to_cart: EventType.EVENT_TYPE_ADD_TO_CART,
  remove_from_cart: EventType.EVENT_TYPE_REMOVE_FROM_CART,
  purchase: EventType.EVENT_TYPE_PURCHASE,
} as const;

/** An intent as the collector's protobuf Event (what a gRPC client sends). */
export function intentAsProto(intent: EventIntent): Event {
  const amount = intent.price?.amount ?? '0';
  const sign = amount.startsWith('-') ? -1 : 1;
  const [units = '0', fraction = ''] = amount.replace('-', '').split('.');
  // A number is a type this contract does not know (a newer one's): sent as that number.
  const type =
    typeof intent.type === 'number' ? intent.type : intent.type === undefined ? EventType.EVENT_TYPE_UNSPECIFIED : PROTO_TYPES[intent.type];
  return {
    eventId: intent.eventId ?? '',
    type,
    userId: intent.userId ?? '',
    sessionId: intent.sessionId ?? '',
    productId: intent.productId ?? '',
    source: intent.source ?? '',
    price: intent.price
      ? { currencyCode: intent.price.currency, units: String(sign * Number(units)), nanos: sign * Number(fraction.padEnd(9, '0')) }
      : undefined,
    quantity: intent.quantity,
    occurredAt:
      intent.occurredAt === undefined
        ? undefined
        : { seconds: String(Math.floor(intent.occurredAt / 1000)), nanos: (((intent.occurredAt % 1000) + 1000) % 1000) * 1_000_000 },
    unknownFields: Array.from({ length: intent.unknownFieldCount }, (_, i) => `extra${i}`),
  };
}
