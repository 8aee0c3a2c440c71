import type { Logger } from 'pino';
import { decodeControlMessage, type ControlSchema, type DecodedControlMessage } from '@shelflife/contracts';
import type { HandlerVerdict, IncomingMessage } from '@shelflife/bus';
import { metrics } from '@shelflife/telemetry';

/**
 * Reads a control message on receipt with its contract (libs/contracts/src/control). What cannot be
 * read is treated like a bad event: never thrown (a control subscription has no retry to wait for),
 * logged with the reason and counted (`shelflife_control_messages_rejected_total`), and answered with
 * `rejectedControlMessage`, which sends it the dead-letter way with that reason.
 */
export function receiveControlMessage<T>(
  schema: ControlSchema<T>,
  message: IncomingMessage,
  receiver: { consumer: string; logger: Logger },
): DecodedControlMessage<T> {
  const decoded = decodeControlMessage(schema, message);
  if (!decoded.ok) noteRejectedControlMessage(schema.name, message, decoded.reason, receiver);
  return decoded;
}

/** Logs and counts a control message refused after decoding (a value the contract allows but this service cannot use). */
export function noteRejectedControlMessage(
  schemaName: string,
  message: IncomingMessage,
  reason: string,
  receiver: { consumer: string; logger: Logger },
): void {
  metrics().controlRejected.inc({ consumer: receiver.consumer, schema: schemaName });
  receiver.logger.warn(
    { routingKey: message.routingKey, messageId: message.messageId, reason },
    `${schemaName} message refused: ${reason}`,
  );
}

export function rejectedControlMessage(reason: string): HandlerVerdict {
  return { action: 'dead-letter', reason };
}
