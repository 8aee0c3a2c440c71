import type { ShopEvent } from '@shelflife/contracts';

/**
 * How one field of the contract arrived, as the source sent it: schema drift is counted from these
 * (a renamed field goes `missing` or turns into a protobuf default, `empty`; a new encoding is `wrong_type`).
 */
export type FieldArrival = 'sent' | 'missing' | 'null' | 'wrong_type' | 'empty';

export type JsonKind = 'string' | 'number' | 'object';

/**
 * The top-level fields whose arrival is watched, with the JSON kind the contract gives each, in the
 * order the field-shape detector reads them (type and source are read on their own: their values matter).
 */
export const WATCHED_FIELDS = [
  ['eventId', 'string'],
  ['userId', 'string'],
  ['sessionId', 'string'],
  ['productId', 'string'],
  ['price', 'object'],
  ['quantity', 'number'],
  ['occurredAt', 'string'],
] as const satisfies ReadonlyArray<readonly [string, JsonKind]>;

export type WatchedField = (typeof WATCHED_FIELDS)[number][0];

/** What arrived of the event's price, when the price arrived as an object. */
export interface PriceShape {
  amount: FieldArrival;
  currency: FieldArrival;
  /** The currency as sent, when it was a string (a new value is a new enum value). */
  currencyText: string | undefined;
}

/**
 * The raw shape of what the source sent, without the values: which fields arrived and how, which
 * fields the contract does not know. The gateway's JSON and the bus envelope both describe it.
 */
export interface EventShape extends Record<WatchedField, FieldArrival> {
  /** False when the input was not a JSON object: nothing else here was sent. */
  isObject: boolean;
  type: FieldArrival;
  /** The type as sent, when it was a string (a value outside the contract is a new enum value). */
  typeText: string | undefined;
  /** Source sent as something other than a string (an absent source is the source "unknown", not a defect). */
  sourceWrongType: boolean;
  /** Defined when price arrived as an object. */
  priceShape: PriceShape | undefined;
  /** Top-level names the contract does not know, as sent (an envelope keeps the first 16, each cut to 64 characters). */
  unknownFields: readonly string[];
}

/**
 * One incoming event as the monitor observes it: the shape of what was sent, the contract event when it
 * passed the contract's rules, and the keys that place it in its streams. Built from a bus envelope
 * (viewOfEnvelope, the sentinel) or from gateway JSON (viewOfGatewayJson, replay files and tests).
 */
export interface EventView {
  ingestedAt: number;
  shape: EventShape;
  /** The contract event, when the input passed validation. */
  event: ShopEvent | undefined;
  /** Best-effort keys, read from what was sent so that invalid events still land in their stream. */
  source: string;
  eventType: string;
  eventId: string;
  productId: string;
}

/** The JSON kind check every path shares: how a value arrived for a field of that kind. */
export function arrivalOf(value: unknown, kind: JsonKind): FieldArrival {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (typeof value !== kind || (kind === 'object' && Array.isArray(value))) return 'wrong_type';
  if (value === '' || value === 0) return 'empty';
  return 'sent';
}

export const NO_FIELDS: readonly string[] = Object.freeze([]);

/** A string key cut to `max` characters, or the fallback: an invalid event still needs a stream to land in. */
export function textOr(value: unknown, fallback: string, max = 64): string {
  return typeof value === 'string' && value.length > 0 ? value.slice(0, max) : fallback;
}
