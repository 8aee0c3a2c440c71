import { checkEventDraft, type CheckOptions, type EventCheck, type FieldProblem } from './event-rules';
import { moneyFromDecimal } from './money';

export type { FieldProblem } from './event-rules';

export type GatewayEventResult = EventCheck;

export const KNOWN_FIELDS = new Set(['eventId', 'type', 'userId', 'sessionId', 'productId', 'price', 'quantity', 'occurredAt', 'source']);

// RFC 3339 date-time: a full date, a time and an explicit offset.
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

export type ParseOptions = CheckOptions;

/**
 * Reads one event as the storefront sends it (JSON) and checks it with the contract's rules
 * (event-rules.ts, the same at every door). Only the JSON encoding is handled here: an RFC 3339
 * occurredAt, a decimal price amount. Unknown top-level fields are tolerated (a newer client must not
 * break the shop) up to a limit and listed in `unknownFields` so that the sentinel sees the drift.
 */
export function parseGatewayEvent(input: unknown, options: ParseOptions = {}): GatewayEventResult {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, code: 'INVALID_EVENT', problems: [{ field: '', problem: 'an event must be a JSON object' }] };
  }
  const raw = input as Record<string, unknown>;
  const decodeProblems: FieldProblem[] = [];
  const unknownFields: string[] = [];
  for (const key in raw) if (!KNOWN_FIELDS.has(key)) unknownFields.push(key);
  return checkEventDraft(
    {
      eventId: raw.eventId,
      type: raw.type,
      userId: raw.userId,
      sessionId: raw.sessionId,
      productId: raw.productId,
      price: decodePrice(raw.price, decodeProblems),
      quantity: raw.quantity,
      occurredAt: decodeOccurredAt(raw.occurredAt, decodeProblems),
      source: raw.source,
      unknownFields,
    },
    options,
    decodeProblems,
  );
}

function decodeOccurredAt(value: unknown, problems: FieldProblem[]): unknown {
  if (value === undefined || value === null) return undefined;
  const parsed = typeof value === 'string' && RFC3339.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(parsed))
    problems.push({ field: 'occurredAt', problem: 'must be an RFC 3339 date-time with an offset, e.g. 2026-01-31T12:00:00Z' });
  return parsed;
}

/** A decimal amount into exact units and nanos; the range and the currency are the rules' business. */
function decodePrice(value: unknown, problems: FieldProblem[]): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const { amount, currency } = value as Record<string, unknown>;
  if (typeof amount !== 'number' || !Number.isFinite(amount)) {
    problems.push({ field: 'price.amount', problem: 'must be a non-negative number' });
    return { currency, units: NaN, nanos: NaN };
  }
  try {
    const money = moneyFromDecimal(amount, 'XXX');
    return { currency, units: money.units, nanos: money.nanos };
  } catch (error) {
    problems.push({ field: 'price.amount', problem: (error as Error).message });
    return { currency, units: NaN, nanos: NaN };
  }
}
