import { SCHEMA_VERSION, isEventType, type EventEnvelope, type ShopEvent } from '@shelflife/contracts';
import { headers as H, routingKeys } from './topology';
import type { DeadLetterPart, HandlerVerdict, IncomingMessage, OutgoingMessage } from './event-bus';

/**
 * Events travel in bundles: one message holds up to MAX_EVENTS_PER_MESSAGE events, in the order the
 * collector accepted them. The broker's cost is per message (routing, quorum log, confirm, delivery,
 * ack), not per byte, so one message per event capped the pipeline at a fraction of what the broker
 * moves (docs/benchmarks.md "Holding the spike"). A bundle keeps what a reader relied on: each event
 * keeps its own ingest time and trace context, the body stays readable JSON in the management UI and
 * the dead-letter queue, and the order of events is the order of acceptance. Order matters more than
 * routing by type: grouping a call's events by type reordered sessions for the scorer and fed the
 * sentinel type-sorted runs, which its event-mix detector rightly called a mix shift (seen in
 * bench:ramp). So the routing key names the type only when every event of the bundle has it
 * (`event.view`), else it is `event.mixed`; every Shelflife queue binds `event.#`.
 */
export const MAX_EVENTS_PER_MESSAGE = 100;

/** The routing-key word of a bundle whose events are of more than one type. */
export const MIXED_TYPES = 'mixed';

/** One event in a bundle: the contract event with the envelope facts that differ per event. */
interface BundledEvent {
  ingestedAt: number;
  /** The W3C traceparent of the event's own publish span: consumers continue the shopper's trace from it. */
  traceparent?: string;
  event: ShopEvent;
}

export type EnvelopeKind = 'event' | 'duplicate';

/** Encodes envelopes as bundles of at most `maxPerMessage` events, in the order given. */
export function encodeEnvelopes(
  exchange: string,
  envelopes: readonly EventEnvelope[],
  kind: EnvelopeKind = 'event',
  maxPerMessage = MAX_EVENTS_PER_MESSAGE,
): OutgoingMessage[] {
  const messages: OutgoingMessage[] = [];
  for (let start = 0; start < envelopes.length; start += maxPerMessage) {
    const bundle = envelopes.slice(start, start + maxPerMessage);
    const type = bundle[0]!.event.type;
    messages.push(bundleMessage(exchange, bundle.every((e) => e.event.type === type) ? type : MIXED_TYPES, bundle, kind));
  }
  return messages;
}

/** A single envelope: a bundle of one (replays, tests). */
export function encodeEnvelope(exchange: string, envelope: EventEnvelope, kind: EnvelopeKind = 'event'): OutgoingMessage {
  return encodeEnvelopes(exchange, [envelope], kind)[0]!;
}

function bundleMessage(exchange: string, type: string, envelopes: readonly EventEnvelope[], kind: EnvelopeKind): OutgoingMessage {
  const items: BundledEvent[] = envelopes.map((e) =>
    e.traceparent ? { ingestedAt: e.ingestedAt, traceparent: e.traceparent, event: e.event } : { ingestedAt: e.ingestedAt, event: e.event },
  );
  const first = envelopes[0]!;
  return {
    exchange,
    routingKey: kind === 'event' ? routingKeys.event(type) : routingKeys.duplicate(type),
    body: Buffer.from(JSON.stringify(items)),
    // The first event's id names the message (management UI, dead-letter view); the count says how many follow.
    messageId: envelopes.length === 1 ? first.eventId : `${first.eventId}+${envelopes.length - 1}`,
    headers: {
      [H.schemaVersion]: first.schemaVersion,
      [H.eventId]: first.eventId,
      [H.eventCount]: envelopes.length,
      [H.ingestedAt]: first.ingestedAt,
    },
  };
}

/** An event of a bundle that cannot be read: dead-lettered alone, with the reason; the rest of the bundle is used. */
export type UnreadableEvent = DeadLetterPart;

/** A handler's `ack` for a decoded bundle: its unreadable events dead-lettered, each reason naming who could not read it. */
export function ackBundle(
  reader: string,
  unreadable: readonly UnreadableEvent[],
  alsoDeadLetter: readonly DeadLetterPart[] = [],
): HandlerVerdict {
  const parts = [
    ...unreadable.map((part) => ({ ...part, reason: `${reader} cannot read an event of the bundle: ${part.reason}` })),
    ...alsoDeadLetter,
  ];
  return parts.length > 0 ? { action: 'ack', deadLetterParts: parts } : { action: 'ack' };
}

export type DecodedEnvelopes =
  | { ok: true; envelopes: EventEnvelope[]; unreadable: UnreadableEvent[]; duplicate: boolean; rejected: boolean }
  | { ok: false; reason: string };

/**
 * Reads an event message back: a bundle (a JSON array), or a single event object as published before
 * bundling (messages still queued across an upgrade). A body that is not JSON is a poison message as a
 * whole; a bundled item that is not a contract event is returned in `unreadable`.
 */
export function decodeEnvelopes(message: IncomingMessage): DecodedEnvelopes {
  let body: unknown;
  try {
    body = JSON.parse(message.body.toString('utf8'));
  } catch {
    return { ok: false, reason: 'body is not JSON' };
  }
  const schemaVersion = Number(message.headers[H.schemaVersion] ?? SCHEMA_VERSION);
  const headerTraceparent = traceparentOf(message.headers.traceparent);
  const envelopes: EventEnvelope[] = [];
  const unreadable: UnreadableEvent[] = [];
  if (Array.isArray(body)) {
    for (const item of body as unknown[]) {
      const read = readBundled(item, schemaVersion);
      if ('reason' in read) unreadable.push({ body: Buffer.from(JSON.stringify(item)), messageId: read.eventId, reason: read.reason });
      else envelopes.push(read);
    }
  } else {
    if (!isContractEvent(body)) return { ok: false, reason: NOT_AN_EVENT };
    const ingestedAt = Number(message.headers[H.ingestedAt] ?? Date.now());
    const envelope: EventEnvelope = { schemaVersion, eventId: body.eventId, ingestedAt, event: body };
    if (headerTraceparent) envelope.traceparent = headerTraceparent;
    envelopes.push(envelope);
  }
  return {
    ok: true,
    envelopes,
    unreadable,
    duplicate: message.routingKey.startsWith('duplicate.'),
    rejected: message.routingKey.startsWith('rejected.'),
  };
}

const NOT_AN_EVENT = 'body is not a contract v1 event (eventId, type, productId, occurredAt)';

function readBundled(item: unknown, schemaVersion: number): EventEnvelope | { reason: string; eventId?: string } {
  if (typeof item !== 'object' || item === null) return { reason: 'bundled item is not an object' };
  const { ingestedAt, traceparent, event } = item as Partial<BundledEvent>;
  if (!isContractEvent(event)) {
    const eventId: unknown = typeof event === 'object' && event !== null ? (event as Record<string, unknown>).eventId : undefined;
    return { reason: `bundled ${NOT_AN_EVENT}`, eventId: typeof eventId === 'string' ? eventId : undefined };
  }
  if (typeof ingestedAt !== 'number' || !Number.isFinite(ingestedAt))
    return { reason: 'bundled event has no numeric ingestedAt', eventId: event.eventId };
  const envelope: EventEnvelope = { schemaVersion, eventId: event.eventId, ingestedAt, event };
  if (typeof traceparent === 'string') envelope.traceparent = traceparent;
  return envelope;
}

function isContractEvent(value: unknown): value is ShopEvent {
  if (typeof value !== 'object' || value === null) return false;
  const event = value as Partial<ShopEvent>;
  return (
    typeof event.eventId === 'string' &&
    isEventType(event.type) &&
    typeof event.productId === 'string' &&
    typeof event.occurredAt === 'number'
  );
}

function traceparentOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  return undefined;
}
