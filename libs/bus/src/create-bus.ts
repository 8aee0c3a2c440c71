import type { Logger } from 'pino';
import { metrics } from '@shelflife/telemetry';
import { AmqpBus } from './amqp-bus';
import { InProcessBus } from './in-process-bus';
import type { EventBus } from './event-bus';
import type { QueueLimits } from './queue-limits';

/** AMQP when a URL is configured, else the in-process bus; both report confirms and dead letters to the metrics. */
export function createBus(options: { amqpUrl?: string; prefix?: string; logger: Logger; queueLimits?: QueueLimits; confirmTimeoutMs?: number }): EventBus {
  const m = metrics();
  const onDeadLetter = (queue: string, reason: string) => m.deadLettered.inc({ queue, reason });
  if (options.amqpUrl) {
    return new AmqpBus({
      url: options.amqpUrl, prefix: options.prefix, logger: options.logger, onDeadLetter, queueLimits: options.queueLimits, confirmTimeoutMs: options.confirmTimeoutMs,
      onConfirm: (exchange, result) => m.publishConfirms.inc({ exchange, result }),
    });
  }
  return new InProcessBus({ prefix: options.prefix, logger: options.logger, onDeadLetter, queueLimits: options.queueLimits });
}
