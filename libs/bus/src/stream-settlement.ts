import type { Logger } from 'pino';
import { deadLetterMessage, deadLetterPartMessage } from './dead-letter';
import type { HandlerVerdict, IncomingMessage, MessageHandler, OutgoingMessage, StreamReadOptions } from './event-bus';
import { DEFAULT_CONSUME_OPTIONS } from './event-bus';
import { decideSettlement, verdictOfError } from './settlement-policy';
import type { Topology } from './topology';

export interface StreamSettlementContext {
  names: Topology;
  stream: string;
  logger: Logger;
  /** A confirmed publish (the dead-letter route). */
  publish(message: OutgoingMessage): Promise<void>;
  onDeadLetter?: (queue: string, reason: string) => void;
  /** True once the reader is cancelled: a waiting retry gives up and leaves the message unsettled. */
  cancelled(): boolean;
}

export const DEFAULT_STREAM_READ_OPTIONS: Required<StreamReadOptions> = {
  prefetch: DEFAULT_CONSUME_OPTIONS.prefetch,
  maxAttempts: DEFAULT_CONSUME_OPTIONS.maxAttempts,
  retryDelayMs: DEFAULT_CONSUME_OPTIONS.retryDelayMs,
};

/**
 * Handles one message of a stream until it is settled, for both buses. A stream keeps its order and
 * cannot requeue, so a retry waits and runs the handler again in place (the messages behind it wait
 * too), and a message given up on goes to the dead-letter route with its reason, like a queue's.
 * Resolves `true` when settled; `false` when the reader was cancelled first (the message is then
 * read again from the same offset). Throws when the dead-letter publish fails: the caller must not
 * move past the message.
 */
export async function settleStreamMessage(
  context: StreamSettlementContext,
  message: IncomingMessage,
  handler: MessageHandler,
  options: Required<StreamReadOptions>,
): Promise<boolean> {
  for (let attempt = 1; ; attempt += 1) {
    let verdict: HandlerVerdict;
    try {
      verdict = await handler({ ...message, attempt });
    } catch (error) {
      verdict = verdictOfError(error);
    }
    const decision = decideSettlement(verdict, attempt, { ...options, deadLetters: true });
    if (decision.action === 'retry') {
      await new Promise((resolve) => setTimeout(resolve, decision.delayMs));
      if (context.cancelled()) return false;
      continue;
    }
    if (decision.action === 'ack') {
      for (const part of decision.deadLetterParts) {
        await context.publish(deadLetterPartMessage(context.names, context.stream, message, part));
        context.onDeadLetter?.(context.stream, 'rejected');
        context.logger.warn(
          { stream: context.stream, offset: message.offset, messageId: part.messageId, reason: part.reason },
          'event of a bundle dead-lettered; the rest was used',
        );
      }
      return true;
    }
    if (decision.action === 'drop') return true; // not reached: a stream reader always dead-letters
    await context.publish(deadLetterMessage(context.names, context.stream, message, decision.reason));
    context.onDeadLetter?.(context.stream, decision.cause);
    context.logger.warn(
      { stream: context.stream, offset: message.offset, messageId: message.messageId, reason: decision.reason },
      'stream message dead-lettered; reading goes on after it',
    );
    return true;
  }
}
