import { EventType as ProtoEventType, type Event, type Money as MoneyMessage } from './generated/shelflife/events/v1/event';
import type { Timestamp } from './generated/google/protobuf/timestamp';
import type { EventType, Money, ShopEvent } from './event';
import { checkEventDraft, describeProblems, type CheckOptions, type EventRejectionCode, type FieldProblem } from './event-rules';

const TO_PROTO_TYPE: Record<EventType, ProtoEventType> = {
  view: ProtoEventType.EVENT_TYPE_VIEW,
  add_to_cart: ProtoEventType.EVENT_TYPE_ADD_TO_CART,
  remove_from_cart: ProtoEventType.EVENT_TYPE_REMOVE_FROM_CART,
  purchase: ProtoEventType.EVENT_TYPE_PURCHASE,
};

const FROM_PROTO_TYPE = new Map<number, EventType>(Object.entries(TO_PROTO_TYPE).map(([name, value]) => [value, name as EventType]));

export function eventToProto(event: ShopEvent): Event {
  return {
    eventId: event.eventId,
    type: TO_PROTO_TYPE[event.type],
    userId: event.userId,
    sessionId: event.sessionId,
    productId: event.productId,
    price: event.price ? { currencyCode: event.price.currency, units: String(event.price.units), nanos: event.price.nanos } : undefined,
    quantity: event.quantity,
    occurredAt: timestampFromMs(event.occurredAt),
    source: event.source,
    unknownFields: event.unknownFields ?? [],
  };
}

/** Result of reading a wire event: the domain event, or what is wrong with it (the same problems an HTTP client gets). */
export type ProtoEventResult =
  { ok: true; event: ShopEvent } | { ok: false; reason: string; code: EventRejectionCode; problems: FieldProblem[] };

/** The same options as parseGatewayEvent's; here `now` is also the receiving clock when `receivedAt` is not given (no gRPC caller reads old files). */
export type ProtoCheckOptions = CheckOptions;

/**
 * The collector's contract check: the wire event decoded (enum values, int64 units, Timestamp) and
 * checked by the rules every door shares (event-rules.ts), so a gRPC client gets the verdict and the
 * problems an HTTP client gets for the same event. proto3 cannot tell an empty string or a zero from
 * "not sent": an empty eventId or source is absent (an id is assigned, source "unknown"), as an
 * omitted one is over HTTP; a zero quantity is a zero (over gRPC, quantity is required).
 */
export function eventFromProto(message: Event, options: ProtoCheckOptions = {}): ProtoEventResult {
  const decodeProblems: FieldProblem[] = [];
  const checked = checkEventDraft(
    {
      eventId: message.eventId || undefined,
      type: decodeType(message.type),
      userId: message.userId,
      sessionId: message.sessionId,
      productId: message.productId,
      price: decodePrice(message.price),
      quantity: message.quantity,
      occurredAt: decodeTimestamp(message.occurredAt, decodeProblems),
      source: message.source || undefined,
      unknownFields: message.unknownFields,
    },
    { ...options, receivedAt: options.receivedAt ?? options.now },
    decodeProblems,
  );
  return checked.ok ? checked : { ...checked, reason: describeProblems(checked.problems) };
}

/** An unknown value (a newer contract's type) stays its number, which the rules call an unknown type. */
function decodeType(type: ProtoEventType): string | undefined {
  if (type === ProtoEventType.EVENT_TYPE_UNSPECIFIED) return undefined;
  return FROM_PROTO_TYPE.get(type) ?? String(type);
}

function decodePrice(price: Event['price']): unknown {
  if (!price) return undefined;
  return { currency: price.currencyCode, units: Number(price.units), nanos: price.nanos };
}

function decodeTimestamp(at: Event['occurredAt'], problems: FieldProblem[]): number | undefined {
  if (!at) return undefined;
  const seconds = Number(at.seconds);
  if (!Number.isSafeInteger(seconds) || !Number.isInteger(at.nanos) || at.nanos < 0 || at.nanos > 999_999_999) {
    problems.push({ field: 'occurredAt', problem: 'must be a valid google.protobuf.Timestamp (nanos from 0 to 999999999)' });
    return NaN;
  }
  return seconds * 1000 + Math.floor(at.nanos / 1_000_000);
}

/**
 * A wire event as evidence (the collector's dead-letter body): the enum by its name (an unknown value
 * by its number), absent price and time as null, int64 as decimal strings: the fields and values
 * dead letters have always carried, so what reads them sees the same JSON.
 */
export function eventMessageAsEvidence(message: Event): Record<string, unknown> {
  return {
    ...message,
    type: ProtoEventType[message.type] ?? message.type,
    price: message.price ?? null,
    occurredAt: message.occurredAt ?? null,
  };
}

/** Epoch milliseconds as a google.protobuf.Timestamp (int64 seconds as decimal text, ts-proto's forceLong=string). */
export function timestampFromMs(ms: number): Timestamp {
  const seconds = Math.floor(ms / 1000);
  return { seconds: String(seconds), nanos: (ms - seconds * 1000) * 1_000_000 };
}

/** A google.protobuf.Timestamp as epoch milliseconds; absent is null (proto3 cannot send "no time" otherwise). */
export function timestampToMs(at: Timestamp | undefined): number | null {
  return at ? Number(at.seconds) * 1000 + Math.floor(at.nanos / 1_000_000) : null;
}

/** The domain's name of a wire event type ("purchase"), or its number as text for a newer contract's value: for display, not a contract check. */
export function eventTypeName(type: ProtoEventType): string {
  return FROM_PROTO_TYPE.get(type) ?? String(type);
}

/** A wire Money as the domain's, unchecked (for display: eventFromProto checks an event's price). */
export function moneyFromProto(price: MoneyMessage): Money {
  return { currency: price.currencyCode, units: Number(price.units), nanos: price.nanos };
}
