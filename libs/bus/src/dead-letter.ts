import { headers as H, routingKeys, type Topology } from './topology';
import type { DeadLetterPart, OutgoingMessage } from './event-bus';

interface Original {
  body: Buffer;
  messageId?: string;
  routingKey: string;
  headers: Record<string, unknown>;
}

/**
 * The message a work queue's reject becomes on the dead-letter route: the original body and headers,
 * with the reason, the queue and the original routing key added. One shape for both buses, whether
 * the whole message or one event of a bundle is dead-lettered.
 */
export function deadLetterMessage(names: Topology, queue: string, original: Original, reason: string): OutgoingMessage {
  const headers: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(original.headers)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') headers[key] = value;
    else if (Buffer.isBuffer(value)) headers[key] = value.toString('utf8');
  }
  return {
    exchange: names.exchanges.deadLetter,
    routingKey: routingKeys.deadLetter(queue),
    body: original.body,
    messageId: original.messageId,
    headers: { ...headers, [H.reason]: reason, [H.originalQueue]: queue, [H.originalRoutingKey]: original.routingKey },
  };
}

/** One unusable event of a bundle, dead-lettered alone: its own body and id, the bundle's other headers. */
export function deadLetterPartMessage(names: Topology, queue: string, original: Original, part: DeadLetterPart): OutgoingMessage {
  const message = deadLetterMessage(names, queue, { ...original, body: part.body, messageId: part.messageId }, part.reason);
  message.headers = { ...message.headers, [H.eventCount]: 1 };
  if (part.messageId) message.headers[H.eventId] = part.messageId;
  else delete message.headers[H.eventId];
  return message;
}
