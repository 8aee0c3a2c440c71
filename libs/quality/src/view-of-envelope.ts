import { checkEventDraft, type EventEnvelope, type ShopEvent } from '@shelflife/contracts';
import { NO_FIELDS, arrivalOf, textOr, type EventShape, type EventView, type FieldArrival, type PriceShape } from './event-view';

/**
 * A bus envelope as the monitor observes it, read straight from the decoded event: no trip through
 * gateway JSON. The shape is what the event says arrived at the door: the domain event keeps what the
 * field-shape detector counts (an anonymous shopper's userId is "", the JSON's missing userId; a price
 * is absent when none was sent; the names of unknown fields are listed), and the fields the door fills
 * in (an assigned id, the receipt time, quantity 1, source "unknown") arrive as sent, as they did when
 * the sentinel re-serialised envelopes to gateway JSON.
 */
export function viewOfEnvelope(envelope: EventEnvelope): EventView {
  const sent = envelope.event;
  const checked = checkEnvelopeEvent(sent, envelope.ingestedAt);
  return {
    ingestedAt: envelope.ingestedAt,
    shape: shapeOfEvent(sent),
    event: checked,
    source: checked ? checked.source : textOr(sent.source, 'unknown'),
    eventType: checked ? checked.type : textOr(sent.type, '?'),
    eventId: checked ? checked.eventId : textOr(sent.eventId, ''),
    productId: checked ? checked.productId : textOr(sent.productId, ''),
  };
}

/**
 * The contract's rules once more on what the bus carried: the door checked it, but the bus decoder only
 * checks the keys, and the sentinel is the one reader that must notice a producer publishing events that
 * break the contract. The id is the bus's, any text (replayed and re-published events may carry any
 * id); a future date stays valid (the sentinel watches, it does not guard the door).
 */
function checkEnvelopeEvent(sent: ShopEvent, ingestedAt: number): ShopEvent | undefined {
  const id = typeof sent.eventId === 'string' ? sent.eventId.slice(0, 128) : undefined;
  const checked = checkEventDraft(
    {
      eventId: id === undefined ? sent.eventId : undefined,
      type: sent.type,
      userId: sent.userId,
      sessionId: sent.sessionId,
      productId: sent.productId,
      price: sent.price,
      quantity: sent.quantity,
      occurredAt: sent.occurredAt,
      source: sent.source,
      unknownFields: sent.unknownFields,
    },
    { now: ingestedAt, newEventId: () => id ?? '', maxFutureSkewMs: Infinity },
  );
  return checked.ok ? checked.event : undefined;
}

function shapeOfEvent(sent: ShopEvent): EventShape {
  return {
    isObject: true,
    type: arrivalOf(sent.type, 'string'),
    typeText: typeof sent.type === 'string' ? sent.type : undefined,
    sourceWrongType: typeof sent.source !== 'string' && sent.source !== undefined,
    eventId: arrivalOf(sent.eventId, 'string'),
    // The domain's anonymous shopper ("") is the JSON's absent userId (the gateway refuses "").
    userId: sent.userId ? arrivalOf(sent.userId, 'string') : 'missing',
    sessionId: arrivalOf(sent.sessionId, 'string'),
    productId: arrivalOf(sent.productId, 'string'),
    price: sent.price ? arrivalOf(sent.price, 'object') : 'missing',
    quantity: arrivalOf(sent.quantity, 'number'),
    occurredAt: typeof sent.occurredAt === 'number' ? 'sent' : arrivalOf(sent.occurredAt, 'number'),
    priceShape: sent.price && typeof sent.price === 'object' && !Array.isArray(sent.price) ? priceShapeOf(sent.price) : undefined,
    unknownFields: unknownFieldsOf(sent.unknownFields),
  };
}

function priceShapeOf(price: ShopEvent['price'] & object): PriceShape {
  const { units, nanos, currency } = price;
  return {
    amount: amountArrival(units, nanos),
    currency: arrivalOf(currency, 'string'),
    currencyText: typeof currency === 'string' ? currency : undefined,
  };
}

/** A zero price is the JSON's amount 0: the protobuf default a renamed or unmapped amount turns into. */
function amountArrival(units: unknown, nanos: unknown): FieldArrival {
  if (typeof units !== 'number' || typeof nanos !== 'number') return 'wrong_type';
  return units === 0 && nanos === 0 ? 'empty' : 'sent';
}

/** Names as the door kept them; two long names cut to the same 64 characters are one field, as one JSON key. */
function unknownFieldsOf(names: readonly string[] | undefined): readonly string[] {
  if (!names || names.length === 0) return NO_FIELDS;
  return names.length === 1 ? names : [...new Set(names)];
}
