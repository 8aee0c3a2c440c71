import type { Logger } from 'pino';
import { metrics } from '@shelflife/telemetry';
import { AmqpBus } from './amqp-bus';
import { amqpTlsFrom, type AmqpTls } from './amqp-tls';
import { InProcessBus } from './in-process-bus';
import type { EventBus } from './event-bus';
import { queueLimitsFrom, type QueueLimits } from './queue-limits';
import { streamRetentionFrom, type StreamRetention } from './stream-retention';

export interface BusOptions {
  amqpUrl?: string;
  /** Certificate files for amqps:// (SHELFLIFE_AMQP_CA_FILE, _CERT_FILE, _KEY_FILE). */
  amqpTls?: AmqpTls;
  prefix?: string;
  queueLimits?: QueueLimits;
  streamRetention?: StreamRetention;
}

/**
 * The bus settings every service shares (libs/config commonSettings), in one step. Throws, naming the
 * variables, when the TLS settings do not go together (amqpTlsFrom).
 */
export function busOptionsFrom(config: {
  amqpUrl?: string;
  amqpCaFile?: string;
  amqpCertFile?: string;
  amqpKeyFile?: string;
  busPrefix: string;
  queueMaxLength: number;
  queueMaxBytes: number;
  streamMaxAge: string;
  streamMaxBytes: number;
  streamSegmentBytes: number;
}): BusOptions {
  return {
    amqpUrl: config.amqpUrl,
    amqpTls: amqpTlsFrom(config),
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
      tls: options.amqpTls,
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
