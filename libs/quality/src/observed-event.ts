import { parseGatewayEvent, type ShopEvent } from '@shelflife/contracts';

/** One incoming event as every detector sees it: the raw object, its parse, and where it sits. */
export interface ObservedEvent {
  index: number;
  ingestedAt: number;
  /** The JSON object as received; undefined when the input was not an object. */
  raw: Record<string, unknown> | undefined;
  /** The contract event, when the input passed validation. */
  event: ShopEvent | undefined;
  /** Field problems found by validation (empty when valid). */
  problemFields: string[];
  /** Best-effort keys, read from the raw object so that invalid events still land in their stream. */
  source: string;
  eventType: string;
  eventId: string;
  productId: string;
}

const NO_ID = (): string => '';

export function observeRaw(input: unknown, index: number, ingestedAt: number): ObservedEvent {
  const raw = typeof input === 'object' && input !== null && !Array.isArray(input) ? (input as Record<string, unknown>) : undefined;
  const parsed = parseGatewayEvent(input, { now: ingestedAt, newEventId: NO_ID });
  return {
    index,
    ingestedAt,
    raw,
    event: parsed.ok ? parsed.event : undefined,
    problemFields: parsed.ok ? [] : parsed.problems.map((problem) => problem.field),
    source: parsed.ok ? parsed.event.source : textOr(raw?.source, 'unknown'),
    eventType: parsed.ok ? parsed.event.type : textOr(raw?.type, '?'),
    eventId: parsed.ok ? parsed.event.eventId : textOr(raw?.eventId, ''),
    productId: parsed.ok ? parsed.event.productId : textOr(raw?.productId, ''),
  };
}

function textOr(value: unknown, fallback: string): string {
  return typeof value === 'string' && value.length > 0 ? value.slice(0, 64) : fallback;
}
