import { SCHEMA_VERSION, isEventType, type EventEnvelope, type ShopEvent } from '@shelflife/contracts';
import { headers as H, routingKeys } from './topology';
import type { IncomingMessage, OutgoingMessage } from './event-bus';

/** An event on the bus: JSON body (readable in the management UI and the dead-letter queue), envelope facts in headers. */
export function encodeEnvelope(exchange: string, envelope: EventEnvelope, kind: 'event' | 'duplicate' = 'event'): OutgoingMessage {
  return {
    exchange,
    routingKey: kind === 'event' ? routingKeys.event(envelope.event.type) : routingKeys.duplicate(envelope.event.type),
    body: Buffer.from(JSON.stringify(envelope.event)),
    messageId: envelope.eventId,
    headers: {
      [H.schemaVersion]: envelope.schemaVersion,
      [H.eventId]: envelope.eventId,
      [H.ingestedAt]: envelope.ingestedAt,
    },
  };
}

export type DecodedEnvelope = { ok: true; envelope: EventEnvelope; duplicate: boolean; rejected: boolean } | { ok: false; reason: string };

/** Reads an event message back; a body that is not a contract event is a poison message (dead-letter it). */
export function decodeEnvelope(message: IncomingMessage): DecodedEnvelope {
  let event: ShopEvent;
  try {
    event = JSON.parse(message.body.toString('utf8')) as ShopEvent;
  } catch {
    return { ok: false, reason: 'body is not JSON' };
  }
  if (typeof event !== 'object' || event === null || typeof event.eventId !== 'string' || !isEventType(event.type)
    || typeof event.productId !== 'string' || typeof event.occurredAt !== 'number') {
    return { ok: false, reason: 'body is not a contract v1 event (eventId, type, productId, occurredAt)' };
  }
  const schemaVersion = Number(message.headers[H.schemaVersion] ?? SCHEMA_VERSION);
  const ingestedAt = Number(message.headers[H.ingestedAt] ?? Date.now());
  const envelope: EventEnvelope = { schemaVersion, eventId: event.eventId, ingestedAt, event };
  const traceparent = message.headers.traceparent;
  if (typeof traceparent === 'string') envelope.traceparent = traceparent;
  else if (Buffer.isBuffer(traceparent)) envelope.traceparent = traceparent.toString('utf8');
  return {
    ok: true,
    envelope,
    duplicate: message.routingKey.startsWith('duplicate.'),
    rejected: message.routingKey.startsWith('rejected.'),
  };
}
