import { KNOWN_FIELDS, parseGatewayEvent, type GatewayEventResult } from '@shelflife/contracts';
import { NO_FIELDS, WATCHED_FIELDS, arrivalOf, textOr, type EventShape, type EventView, type PriceShape } from './event-view';

const NO_ID = (): string => '';
/**
 * The sentinel watches, it does not guard the door: a future-dated event stays a valid event here so the
 * freshness detector can count it (the gateway and the collector refuse those beyond MAX_FUTURE_SKEW_MS).
 */
const WATCH_ANY_TIME = Infinity;

const NOT_AN_OBJECT: EventShape = Object.freeze({
  isObject: false,
  type: 'missing',
  typeText: undefined,
  sourceWrongType: false,
  eventId: 'missing',
  userId: 'missing',
  sessionId: 'missing',
  productId: 'missing',
  price: 'missing',
  quantity: 'missing',
  occurredAt: 'missing',
  priceShape: undefined,
  unknownFields: NO_FIELDS,
});

/**
 * One event exactly as the gateway received it (any JSON value, valid or not) as the monitor observes
 * it: for replay files of gateway JSON and for tests. The running sentinel reads envelopes (viewOfEnvelope).
 */
export function viewOfGatewayJson(input: unknown, ingestedAt: number): EventView {
  const raw = typeof input === 'object' && input !== null && !Array.isArray(input) ? (input as Record<string, unknown>) : undefined;
  const parsed = parseLeniently(raw, input, ingestedAt);
  return {
    ingestedAt,
    shape: raw ? shapeOfJson(raw) : NOT_AN_OBJECT,
    event: parsed.ok ? parsed.event : undefined,
    source: parsed.ok ? parsed.event.source : textOr(raw?.source, 'unknown'),
    eventType: parsed.ok ? parsed.event.type : textOr(raw?.type, '?'),
    eventId: parsed.ok ? parsed.event.eventId : textOr(raw?.eventId, ''),
    productId: parsed.ok ? parsed.event.productId : textOr(raw?.productId, ''),
  };
}

function shapeOfJson(raw: Record<string, unknown>): EventShape {
  const shape = {
    isObject: true,
    type: arrivalOf(raw.type, 'string'),
    typeText: typeof raw.type === 'string' ? raw.type : undefined,
    sourceWrongType: typeof raw.source !== 'string' && raw.source !== undefined,
    priceShape: priceShapeOf(raw.price),
    unknownFields: unknownFieldsOf(raw),
  } as EventShape;
  for (const [field, kind] of WATCHED_FIELDS) shape[field] = arrivalOf(raw[field], kind);
  return shape;
}

function priceShapeOf(price: unknown): PriceShape | undefined {
  if (typeof price !== 'object' || price === null || Array.isArray(price)) return undefined;
  const { amount, currency } = price as Record<string, unknown>;
  return {
    amount: arrivalOf(amount, 'number'),
    currency: arrivalOf(currency, 'string'),
    currencyText: typeof currency === 'string' ? currency : undefined,
  };
}

function unknownFieldsOf(raw: Record<string, unknown>): readonly string[] {
  let names: string[] | undefined;
  for (const key in raw) if (!KNOWN_FIELDS.has(key)) (names ??= []).push(key);
  return names ?? NO_FIELDS;
}

/**
 * The gateway's parse, except that an id which is not a UUID does not hide the event's values: events
 * re-serialised from the bus may carry any id, and their prices still deserve watching.
 */
function parseLeniently(raw: Record<string, unknown> | undefined, input: unknown, ingestedAt: number): GatewayEventResult {
  const parsed = parseGatewayEvent(input, { now: ingestedAt, newEventId: NO_ID, maxFutureSkewMs: WATCH_ANY_TIME });
  if (parsed.ok || !raw || typeof raw.eventId !== 'string' || !parsed.problems.every((problem) => problem.field === 'eventId'))
    return parsed;
  const id = raw.eventId.slice(0, 128);
  return parseGatewayEvent({ ...raw, eventId: undefined }, { now: ingestedAt, newEventId: () => id, maxFutureSkewMs: WATCH_ANY_TIME });
}
