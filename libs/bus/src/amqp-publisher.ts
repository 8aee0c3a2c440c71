import type { ConfirmChannel } from 'amqplib';
import { withPublishSpan } from './bus-tracing';
import { ConfirmDeadlines } from './confirm-deadlines';
import { BusUnavailableError, type OutgoingMessage } from './event-bus';

/**
 * Publishes persistent messages on the confirm channel and resolves only on the broker's confirm; a
 * nack, a lost channel or no confirm within the time limit is a BusUnavailableError.
 */
export class AmqpPublisher {
  private readonly deadlines: ConfirmDeadlines;

  constructor(
    private readonly confirmTimeoutMs: number,
    /** Called with each confirm result, for metrics. */
    private readonly onConfirm?: (exchange: string, result: 'ack' | 'nack' | 'error') => void,
  ) {
    this.deadlines = new ConfirmDeadlines(confirmTimeoutMs);
  }

  async publish(channel: ConfirmChannel | undefined, message: OutgoingMessage): Promise<void> {
    if (!channel) throw new BusUnavailableError('the message broker is not connected; retry shortly');
    const headers: Record<string, unknown> = { ...(message.headers ?? {}) };
    try {
      await withPublishSpan(
        'rabbitmq',
        message.exchange,
        message.routingKey,
        headers,
        () =>
          new Promise<void>((resolve, reject) => {
            const deadline = this.deadlines.watch(() =>
              reject(new BusUnavailableError(`no publisher confirm within ${this.confirmTimeoutMs} ms`)),
            );
            channel.publish(
              message.exchange,
              message.routingKey,
              message.body,
              {
                persistent: true,
                contentType: 'application/json',
                messageId: message.messageId,
                expiration: message.expirationMs === undefined ? undefined : String(message.expirationMs),
                timestamp: Math.floor(Date.now() / 1000),
                headers,
              },
              (error) => {
                deadline.settled();
                // A nack: a work queue is at its length limit (reject-publish) or the broker is short of resources.
                if (error)
                  reject(
                    new BusUnavailableError(
                      `the broker did not confirm the message (${String(error?.message ?? error)}): a queue is full or the broker is short of resources`,
                    ),
                  );
                else resolve();
              },
            );
          }),
      );
      this.onConfirm?.(message.exchange, 'ack');
    } catch (error) {
      this.onConfirm?.(message.exchange, error instanceof BusUnavailableError && /did not confirm/.test(error.message) ? 'nack' : 'error');
      if (error instanceof BusUnavailableError) throw error;
      throw new BusUnavailableError(`publish failed: ${(error as Error).message}`);
    }
  }

  /** Stops the deadline timer (the bus is closing). */
  stop(): void {
    this.deadlines.stop();
  }
}
