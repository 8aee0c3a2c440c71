import { randomUUID } from 'node:crypto';
import { EVENT_TYPES, isEventType, type Money, type ShopEvent } from './event';
import { MAX_FUTURE_SKEW_MS, eventTimeStatus, futureEventProblem } from './event-time';
import { isCurrencyCode } from './currency-codes';

/**
 * The contract's rules, written once. Every door (the gateway's JSON, the collector's three gRPC
 * methods, batch input files, quarantine replays) first decodes its own encoding into an EventDraft,
 * then asks `checkEventDraft`, so an event gets the same verdict and the same problems whichever
 * door it came through.
 */

/** One problem with one field, as shown to the client (`error.details` over HTTP, `problems` over gRPC). */
export interface FieldProblem {
  field: string;
  problem: string;
}

export type EventRejectionCode = 'INVALID_EVENT' | 'UNKNOWN_EVENT_TYPE';

export type EventCheck = { ok: true; event: ShopEvent } | { ok: false; code: EventRejectionCode; problems: FieldProblem[] };

/** The limits, in one place (docs/quality.md lists them). */
export const EVENT_LIMITS = {
  /** eventId, userId, sessionId, productId. */
  idChars: 128,
  sourceChars: 64,
  quantity: { min: 1, max: 10_000 },
  /** A unit price above a billion is a unit or parsing error, not a product. */
  priceUnitsMax: 1_000_000_000,
  /** More unrecognised fields than this is not contract drift but a hostile or broken payload. */
  unknownFields: 64,
  /** Unrecognised names kept on the event for the sentinel (each cut to unknownFieldChars). */
  unknownFieldsKept: 16,
  unknownFieldChars: 64,
  /** Earlier than this is a zeroed or reset clock (1970, 0001-01-01), not a shop event. */
  earliestOccurredAt: Date.UTC(2000, 0, 1),
} as const;

/**
 * An event as a door decoded it, nothing checked yet. Absent (undefined or null) means "not sent":
 * an id is assigned, the receipt time used, quantity 1, source "unknown", an anonymous shopper.
 * An empty string is treated as absent for the optional strings (proto3 cannot tell them apart).
 */
export interface EventDraft {
  eventId?: unknown;
  type?: unknown;
  userId?: unknown;
  sessionId?: unknown;
  productId?: unknown;
  /** A Money-like {currency, units, nanos}, absent, or anything else (a problem). */
  price?: unknown;
  quantity?: unknown;
  /** Epoch milliseconds. */
  occurredAt?: unknown;
  source?: unknown;
  unknownFields?: readonly string[];
}

export interface CheckOptions {
  /** Receipt time, used when occurredAt is absent (default Date.now()). */
  now?: number;
  /**
   * The receiving clock occurredAt is checked against (default Date.now()). Separate from `now`, which callers
   * also use as a mere default time (reading a file of old events with now = 0 must keep working).
   */
  receivedAt?: number;
  /** occurredAt may be at most this far ahead of `receivedAt` (default 5 min); Infinity turns the check off (a reader that only watches). */
  maxFutureSkewMs?: number;
  /** Supplies an id when the client sent none. */
  newEventId?: () => string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// C0 controls and DEL: a NUL or a newline in an id breaks logs, CSV exports and keys downstream.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;

const absent = (value: unknown): value is undefined | null => value === undefined || value === null;

/**
 * Checks a decoded event against the contract. `decodeProblems` are what the door found while
 * decoding its encoding (a date that is not RFC 3339, a price that is not an object); fields named
 * there are not checked again, so each problem is reported once.
 */
export function checkEventDraft(draft: EventDraft, options: CheckOptions = {}, decodeProblems: readonly FieldProblem[] = []): EventCheck {
  if (!absent(draft.type) && !isEventType(draft.type) && typeof draft.type === 'string' && draft.type !== '') {
    // Its own code: a new event type is a contract change the sentinel reports, not a broken client.
    return {
      ok: false,
      code: 'UNKNOWN_EVENT_TYPE',
      problems: [{ field: 'type', problem: `unknown event type "${draft.type.slice(0, 64)}"; use one of ${EVENT_TYPES.join(', ')}` }],
    };
  }
  const problems: FieldProblem[] = [...decodeProblems];
  // A field the decoder already reported (or whose parent it reported) is not reported again by a rule.
  const reported = (field: string) => decodeProblems.some((p) => p.field === field || field.startsWith(`${p.field}.`));
  const check = <T>(rule: () => T | FieldProblem | FieldProblem[]): T | undefined => {
    const result = rule();
    const found: FieldProblem[] = Array.isArray(result) ? result.filter(isProblem) : isProblem(result) ? [result] : [];
    if (found.length === 0) return result as T;
    problems.push(...found.filter((p) => !reported(p.field)));
    return undefined;
  };
  const type = check(() =>
    isEventType(draft.type) ? draft.type : { field: 'type', problem: `is required: one of ${EVENT_TYPES.join(', ')}` },
  );
  const eventId = check(() => eventIdRule(draft.eventId, options));
  const userId = check(() =>
    absent(draft.userId) || draft.userId === '' ? '' : idRule('userId', draft.userId, '(or omitted for an anonymous shopper)'),
  );
  const sessionId = check(() => requiredIdRule('sessionId', draft.sessionId));
  const productId = check(() => requiredIdRule('productId', draft.productId));
  const price = check<Money | undefined>(() => priceRule(draft.price, draft.type));
  const quantity = check(() => quantityRule(draft.quantity));
  const occurredAt = check(() => occurredAtRule(draft.occurredAt, options));
  const source = check(() => sourceRule(draft.source));
  const unknownFields = check<string[]>(() => unknownFieldsRule(draft.unknownFields ?? []));

  if (problems.length > 0) return { ok: false, code: 'INVALID_EVENT', problems };
  const event: ShopEvent = {
    eventId: eventId as string,
    type: type as ShopEvent['type'],
    userId: userId as string,
    sessionId: sessionId as string,
    productId: productId as string,
    quantity: quantity as number,
    occurredAt: occurredAt as number,
    source: source as string,
  };
  if (price) event.price = price;
  if (unknownFields && unknownFields.length > 0) event.unknownFields = unknownFields;
  return { ok: true, event };
}

/** An event already in the domain shape (a quarantined event being replayed) checked by the same rules. */
export function checkShopEvent(event: ShopEvent, options: CheckOptions = {}): EventCheck {
  return checkEventDraft({ ...event }, options);
}

/** The problems as one line, for a gRPC `reason`, a dead-letter header or a log. */
export function describeProblems(problems: readonly FieldProblem[]): string {
  return problems.map((p) => (p.field ? `${p.field} ${p.problem}` : p.problem)).join('; ');
}

function isProblem(value: unknown): value is FieldProblem {
  return typeof value === 'object' && value !== null && 'problem' in value && 'field' in value;
}

function eventIdRule(value: unknown, options: CheckOptions): string | FieldProblem {
  if (absent(value)) return (options.newEventId ?? randomUUID)();
  if (typeof value === 'string' && UUID.test(value)) return value.toLowerCase();
  return { field: 'eventId', problem: 'must be a UUID string (or omitted to get one assigned)' };
}

function idRule(field: string, value: unknown, absentNote: string): string | FieldProblem {
  if (typeof value !== 'string' || value.length > EVENT_LIMITS.idChars) {
    return { field, problem: `must be a string of at most ${EVENT_LIMITS.idChars} characters ${absentNote}` };
  }
  if (CONTROL.test(value)) return { field, problem: 'must not contain control characters' };
  return value;
}

function requiredIdRule(field: string, value: unknown): string | FieldProblem {
  if (typeof value !== 'string' || value.length === 0 || value.length > EVENT_LIMITS.idChars) {
    return { field, problem: `is required: a non-empty string of at most ${EVENT_LIMITS.idChars} characters` };
  }
  return idRule(field, value, '');
}

function sourceRule(value: unknown): string | FieldProblem {
  if (absent(value) || value === '') return 'unknown';
  if (typeof value !== 'string' || value.length > EVENT_LIMITS.sourceChars) {
    return { field: 'source', problem: `must be a string of at most ${EVENT_LIMITS.sourceChars} characters (or omitted)` };
  }
  if (CONTROL.test(value)) return { field: 'source', problem: 'must not contain control characters' };
  return value;
}

function quantityRule(value: unknown): number | FieldProblem {
  if (absent(value)) return 1;
  const { min, max } = EVENT_LIMITS.quantity;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    return { field: 'quantity', problem: `must be an integer from ${min} to ${max}` };
  }
  return value;
}

function occurredAtRule(value: unknown, options: CheckOptions): number | FieldProblem {
  if (absent(value)) return options.now ?? Date.now();
  if (typeof value !== 'number' || !Number.isFinite(value)) return { field: 'occurredAt', problem: 'must be a valid point in time' };
  if (value < EVENT_LIMITS.earliestOccurredAt) {
    return {
      field: 'occurredAt',
      problem: `is before 2000-01-01 (${new Date(value).toISOString()}): a zeroed or reset clock, not an event time; send when it happened`,
    };
  }
  const maxFutureSkewMs = options.maxFutureSkewMs ?? MAX_FUTURE_SKEW_MS;
  const receivedAt = options.receivedAt ?? Date.now();
  // One event dated ahead would move every clock that follows event time (issue 13): refused at the door.
  if (eventTimeStatus(value, receivedAt, { maxFutureSkewMs, lateAfterMs: Infinity }) === 'future') {
    return { field: 'occurredAt', problem: futureEventProblem(value, receivedAt, maxFutureSkewMs) };
  }
  return value;
}

function priceRule(value: unknown, type: unknown): Money | undefined | FieldProblem | FieldProblem[] {
  if (absent(value)) {
    return type === 'purchase' || type === 'add_to_cart' ? { field: 'price', problem: `is required for ${type} events` } : undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { field: 'price', problem: 'must be an object {"amount": number, "currency": "USD"}' };
  const { units, nanos, currency } = value as Partial<Money>;
  const problems: FieldProblem[] = [];
  if (
    typeof units !== 'number' ||
    typeof nanos !== 'number' ||
    !Number.isSafeInteger(units) ||
    !Number.isInteger(nanos) ||
    units < 0 ||
    nanos < 0 ||
    nanos > 999_999_999 ||
    units > EVENT_LIMITS.priceUnitsMax ||
    (units === EVENT_LIMITS.priceUnitsMax && nanos > 0)
  ) {
    problems.push({ field: 'price.amount', problem: `must be a number from 0 to ${EVENT_LIMITS.priceUnitsMax}` });
  }
  if (typeof currency !== 'string' || !isCurrencyCode(currency)) {
    problems.push({ field: 'price.currency', problem: 'must be an ISO 4217 currency code in upper case, e.g. "USD"' });
  }
  return problems.length > 0 ? problems : { currency: currency as string, units: units as number, nanos: nanos as number };
}

function unknownFieldsRule(names: readonly string[]): string[] | FieldProblem {
  if (names.length > EVENT_LIMITS.unknownFields) {
    return {
      field: 'unknownFields',
      problem: `at most ${EVENT_LIMITS.unknownFields} unrecognised fields are accepted (got ${names.length}): send the contract's fields`,
    };
  }
  return names.slice(0, EVENT_LIMITS.unknownFieldsKept).map((name) => name.slice(0, EVENT_LIMITS.unknownFieldChars));
}
