import { randomUUID } from 'node:crypto';
import { EVENT_TYPES, isEventType, type ShopEvent } from './event';
import { MAX_FUTURE_SKEW_MS, eventTimeStatus, futureEventProblem } from './event-time';
import { moneyFromDecimal } from './money';

/** One problem with one field, as shown to the client in `error.details`. */
export interface FieldProblem {
  field: string;
  problem: string;
}

export type GatewayEventResult =
  | { ok: true; event: ShopEvent }
  | { ok: false; code: 'INVALID_EVENT' | 'UNKNOWN_EVENT_TYPE'; problems: FieldProblem[] };

export const KNOWN_FIELDS = new Set([
  'eventId', 'type', 'userId', 'sessionId', 'productId', 'price', 'quantity', 'occurredAt', 'source',
]);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CURRENCY = /^[A-Z]{3}$/;
// RFC 3339 date-time: a full date, a time and an explicit offset.
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const MAX_ID_LENGTH = 128;
const MAX_QUANTITY = 10_000;

export interface ParseOptions {
  /** Receipt time, used when occurredAt is missing. */
  now?: number;
  /**
   * The receiving clock occurredAt is checked against (default Date.now()). Separate from `now`, which callers
   * also use as a mere default time (reading a file of old events with now = 0 must keep working).
   */
  receivedAt?: number;
  /**
   * occurredAt may be at most this far ahead of `receivedAt` (default MAX_FUTURE_SKEW_MS, 5 min); further is
   * refused with a problem on `occurredAt`. Infinity turns the check off (a reader that only watches, like the sentinel).
   */
  maxFutureSkewMs?: number;
  /** Supplies an id when the client sent none. */
  newEventId?: () => string;
}

/**
 * Checks one event as the storefront sends it (JSON) and turns it into the contract's shape.
 * Unknown top-level fields are tolerated (a newer client must not break the shop) and listed
 * in `unknownFields` so that the sentinel sees the drift.
 */
export function parseGatewayEvent(input: unknown, options: ParseOptions = {}): GatewayEventResult {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, code: 'INVALID_EVENT', problems: [{ field: '', problem: 'an event must be a JSON object' }] };
  }
  const raw = input as Record<string, unknown>;
  const problems: FieldProblem[] = [];

  if (!isEventType(raw.type)) {
    const known = EVENT_TYPES.join(', ');
    if (typeof raw.type === 'string') {
      return { ok: false, code: 'UNKNOWN_EVENT_TYPE', problems: [{ field: 'type', problem: `unknown event type "${raw.type.slice(0, 64)}"; use one of ${known}` }] };
    }
    problems.push({ field: 'type', problem: `must be one of ${known}` });
  }

  let eventId: string;
  if (raw.eventId === undefined) eventId = (options.newEventId ?? randomUUID)();
  else if (typeof raw.eventId === 'string' && UUID.test(raw.eventId)) eventId = raw.eventId.toLowerCase();
  else {
    eventId = '';
    problems.push({ field: 'eventId', problem: 'must be a UUID string (or omitted to get one assigned)' });
  }

  const userId = optionalId(raw, 'userId', problems);
  const sessionId = requiredId(raw, 'sessionId', problems);
  const productId = requiredId(raw, 'productId', problems);

  let price: ShopEvent['price'];
  if (raw.price !== undefined && raw.price !== null) {
    price = parsePrice(raw.price, problems);
  } else if (raw.type === 'purchase' || raw.type === 'add_to_cart') {
    problems.push({ field: 'price', problem: `is required for ${String(raw.type)} events` });
  }

  let quantity = 1;
  if (raw.quantity !== undefined) {
    if (typeof raw.quantity !== 'number' || !Number.isInteger(raw.quantity) || raw.quantity < 1 || raw.quantity > MAX_QUANTITY) {
      problems.push({ field: 'quantity', problem: `must be an integer from 1 to ${MAX_QUANTITY}` });
    } else quantity = raw.quantity;
  }

  let occurredAt = options.now ?? Date.now();
  if (raw.occurredAt !== undefined) {
    const parsed = typeof raw.occurredAt === 'string' && RFC3339.test(raw.occurredAt) ? Date.parse(raw.occurredAt) : NaN;
    if (Number.isNaN(parsed)) problems.push({ field: 'occurredAt', problem: 'must be an RFC 3339 date-time with an offset, e.g. 2026-01-31T12:00:00Z' });
    else {
      const maxFutureSkewMs = options.maxFutureSkewMs ?? MAX_FUTURE_SKEW_MS;
      const receivedAt = options.receivedAt ?? Date.now();
      // One event dated ahead would move every clock that follows event time (issue 13): refused at the door.
      if (eventTimeStatus(parsed, receivedAt, { maxFutureSkewMs, lateAfterMs: Infinity }) === 'future') {
        problems.push({ field: 'occurredAt', problem: futureEventProblem(parsed, receivedAt, maxFutureSkewMs) });
      } else occurredAt = parsed;
    }
  }

  let source = 'unknown';
  if (raw.source !== undefined) {
    if (typeof raw.source !== 'string' || raw.source.length === 0 || raw.source.length > 64) {
      problems.push({ field: 'source', problem: 'must be a non-empty string of at most 64 characters' });
    } else source = raw.source;
  }

  if (problems.length > 0) return { ok: false, code: 'INVALID_EVENT', problems };

  const unknownFields = Object.keys(raw).filter((key) => !KNOWN_FIELDS.has(key)).map((key) => key.slice(0, 64)).slice(0, 16);
  const event: ShopEvent = {
    eventId, type: raw.type as ShopEvent['type'], userId, sessionId, productId, quantity, occurredAt, source,
  };
  if (price) event.price = price;
  if (unknownFields.length > 0) event.unknownFields = unknownFields;
  return { ok: true, event };
}

function requiredId(raw: Record<string, unknown>, field: string, problems: FieldProblem[]): string {
  const value = raw[field];
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_ID_LENGTH) {
    problems.push({ field, problem: `is required: a non-empty string of at most ${MAX_ID_LENGTH} characters` });
    return '';
  }
  return value;
}

function optionalId(raw: Record<string, unknown>, field: string, problems: FieldProblem[]): string {
  if (raw[field] === undefined || raw[field] === null) return '';
  return requiredId(raw, field, problems);
}

function parsePrice(value: unknown, problems: FieldProblem[]): ShopEvent['price'] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problems.push({ field: 'price', problem: 'must be an object {"amount": number, "currency": "USD"}' });
    return undefined;
  }
  const { amount, currency } = value as Record<string, unknown>;
  let ok = true;
  if (typeof amount !== 'number' || !Number.isFinite(amount) || amount < 0) {
    problems.push({ field: 'price.amount', problem: 'must be a non-negative number' });
    ok = false;
  }
  if (typeof currency !== 'string' || !CURRENCY.test(currency)) {
    problems.push({ field: 'price.currency', problem: 'must be an ISO 4217 code in upper case, e.g. "USD"' });
    ok = false;
  }
  if (!ok) return undefined;
  try {
    return moneyFromDecimal(amount as number, currency as string);
  } catch (error) {
    problems.push({ field: 'price.amount', problem: (error as Error).message });
    return undefined;
  }
}
