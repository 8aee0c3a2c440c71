import type { Logger } from 'pino';
import { metrics } from '@shelflife/telemetry';
import { AmqpBus } from './amqp-bus';
import { InProcessBus } from './in-process-bus';
import type { EventBus } from './event-bus';
import { queueLimitsFrom, type QueueLimits } from './queue-limits';
import { streamRetentionFrom, type StreamRetention } from './stream-retention';

export interface BusOptions {
  amqpUrl?: string;
  prefix?: string;
  queueLimits?: QueueLimits;
  streamRetention?: StreamRetention;
}

/** The bus settings every service shares (libs/config commonSettings), in one step. */
export function busOptionsFrom(config: {
  amqpUrl?: string;
  busPrefix: string;
  queueMaxLength: number;
  queueMaxBytes: number;
  streamMaxAge: string;
  streamMaxBytes: number;
  streamSegmentBytes: number;
}): BusOptions {
  return {
    amqpUrl: config.amqpUrl,
    prefix: config.busPrefix,
    queueLimits: queueLimitsFrom(config),
    streamRetention: streamRetentionFrom(config),
  };
}

/** AMQP when a URL is configured, else the in-process bus; both report confirms and dead letters to the metrics. */
export function createBus(options: BusOptions & { logger: Logger; confirmTimeoutMs?: number }): EventBus {
  const m = metrics();
  const onDeadLetter = (queue: string, reason: string) => m.deadLettered.inc({ queue, reason });
  if (options.amqpUrl) {
    return new AmqpBus({
      url: options.amqpUrl,
      prefix: options.prefix,
      logger: options.logger,
      onDeadLetter,
      queueLimits: options.queueLimits,
      streamRetention: options.streamRetention,
      confirmTimeoutMs: options.confirmTimeoutMs,
      onConfirm: (exchange, result) => m.publishConfirms.inc({ exchange, result }),
    });
  }
  return new InProcessBus({ prefix: options.prefix, logger: options.logger, onDeadLetter, queueLimits: options.queueLimits });
}
