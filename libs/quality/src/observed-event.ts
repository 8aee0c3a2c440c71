import { parseGatewayEvent, type GatewayEventResult, type ShopEvent } from '@shelflife/contracts';

/** One incoming event as every detector sees it: the raw object, its parse, and where it sits. */
export interface ObservedEvent {
  index: number;
  ingestedAt: number;
  /** The JSON object as received; undefined when the input was not an object. */
  raw: Record<string, unknown> | undefined;
  /** The contract event, when the input passed validation. */
  event: ShopEvent | undefined;
  /** Best-effort keys, read from the raw object so that invalid events still land in their stream. */
  source: string;
  eventType: string;
  eventId: string;
  productId: string;
  /**
   * True when this eventId was seen before (a redelivery). Set by the duplicate detector, which runs
   * before the detectors that read it: a redelivered copy says nothing about its source's clock or content.
   */
  repeat?: boolean;
}

const NO_ID = (): string => '';
/**
 * The sentinel watches, it does not guard the door: a future-dated event stays a valid event here so the
 * freshness detector can count it (the gateway and the collector refuse those beyond MAX_FUTURE_SKEW_MS).
 */
const WATCH_ANY_TIME = Infinity;

export function observeRaw(input: unknown, index: number, ingestedAt: number): ObservedEvent {
  const raw = typeof input === 'object' && input !== null && !Array.isArray(input) ? (input as Record<string, unknown>) : undefined;
  const parsed = parseLeniently(raw, input, ingestedAt);
  return {
    index,
    ingestedAt,
    raw,
    event: parsed.ok ? parsed.event : undefined,
    source: parsed.ok ? parsed.event.source : textOr(raw?.source, 'unknown'),
    eventType: parsed.ok ? parsed.event.type : textOr(raw?.type, '?'),
    eventId: parsed.ok ? parsed.event.eventId : textOr(raw?.eventId, ''),
    productId: parsed.ok ? parsed.event.productId : textOr(raw?.productId, ''),
  };
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
  const retried = parseGatewayEvent(
    { ...raw, eventId: undefined },
    { now: ingestedAt, newEventId: () => id, maxFutureSkewMs: WATCH_ANY_TIME },
  );
  return retried;
}

function textOr(value: unknown, fallback: string): string {
  return typeof value === 'string' && value.length > 0 ? value.slice(0, 64) : fallback;
}
