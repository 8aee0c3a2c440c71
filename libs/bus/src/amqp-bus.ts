import type { Logger } from 'pino';
import { AmqpConnection } from './amqp-connection';
import { AmqpConsumers } from './amqp-consumer';
import { AmqpPublisher } from './amqp-publisher';
import { AmqpStreamReaders } from './amqp-stream-reader';
import type { AmqpTls } from './amqp-tls';
import { declareTopology } from './amqp-topology';
import {
  BusUnavailableError,
  DEFAULT_CONSUME_OPTIONS,
  type ConsumeOptions,
  type Consumer,
  type EventBus,
  type MessageHandler,
  type OutgoingMessage,
  type StreamReadOptions,
  type StreamStart,
} from './event-bus';
import { DEFAULT_QUEUE_LIMITS, type QueueLimits } from './queue-limits';
import { DEFAULT_STREAM_RETENTION, type StreamRetention } from './stream-retention';
import { DEFAULT_STREAM_READ_OPTIONS } from './stream-settlement';
import { topology as buildTopology, type Topology } from './topology';

export { splitAmqpUrls } from './amqp-urls';

export interface AmqpBusOptions {
  /** One URL, or several separated by commas (the nodes of a cluster): tried in turn until one answers. */
  url: string;
  prefix?: string;
  logger: Logger;
  /** Certificate files for amqps:// (amqp-tls.ts); the system's CAs and no client certificate when absent. */
  tls?: AmqpTls;
  /** How long a publish may wait for its confirm before it fails. */
  confirmTimeoutMs?: number;
  /** Called with each confirm result, for metrics. */
  onConfirm?: (exchange: string, result: 'ack' | 'nack' | 'error') => void;
  onDeadLetter?: (queue: string, reason: string) => void;
  /** Length limits of the work queues it declares (DEFAULT_QUEUE_LIMITS). */
  queueLimits?: QueueLimits;
  /** Retention of the streams it declares (DEFAULT_STREAM_RETENTION). */
  streamRetention?: StreamRetention;
}

/**
 * RabbitMQ transport: durable quorum queues, persistent messages, publisher confirms, manual acks,
 * bounded prefetch, retry through per-queue delay queues, dead-lettering with the reason in headers,
 * and reconnection (topology and consumers restored) when the broker goes away. The work is done by
 * its parts: the connection (amqp-connection.ts), the topology (amqp-topology.ts), the publisher
 * (amqp-publisher.ts), the consumers (amqp-consumer.ts) and the stream readers (amqp-stream-reader.ts).
 */
export class AmqpBus implements EventBus {
  readonly kind = 'amqp' as const;
  readonly streamLineage = 'amqp';
  readonly topology: Topology;
  private readonly connection: AmqpConnection;
  private readonly publisher: AmqpPublisher;
  private readonly consumers: AmqpConsumers;
  private readonly streamReaders: AmqpStreamReaders;

  constructor(private readonly options: AmqpBusOptions) {
    this.topology = buildTopology(options.prefix);
    this.publisher = new AmqpPublisher(options.confirmTimeoutMs ?? 5_000, options.onConfirm);
    const settling = {
      names: this.topology,
      logger: options.logger,
      publish: (message: OutgoingMessage) => this.publish(message),
      onDeadLetter: options.onDeadLetter,
    };
    const live = () => this.connection.model;
    this.consumers = new AmqpConsumers({ ...settling, connection: live });
    this.streamReaders = new AmqpStreamReaders(settling, live);
    this.connection = new AmqpConnection({
      url: options.url,
      connectionName: this.connectionName,
      logFields: { prefix: options.prefix ?? 'shelflife' },
      logger: options.logger,
      tls: options.tls,
      prepare: (connection) =>
        declareTopology(
          connection,
          this.topology,
          options.queueLimits ?? DEFAULT_QUEUE_LIMITS,
          options.streamRetention ?? DEFAULT_STREAM_RETENTION,
          options.logger,
        ),
      restore: async (connection) => {
        await this.consumers.attachAll();
        await this.streamReaders.attachAll(connection);
      },
      onLost: () => {
        this.consumers.detachAll();
        this.streamReaders.detachAll();
      },
    });
  }

  async start(): Promise<void> {
    await this.connection.connect();
  }

  isConnected(): boolean {
    return this.connection.isConnected();
  }

  /** "shelflife-<prefix> pid <pid>": the connection's name at the broker. */
  get connectionName(): string {
    return `shelflife-${this.options.prefix ?? 'shelflife'} pid ${process.pid}`;
  }

  publish(message: OutgoingMessage): Promise<void> {
    return this.publisher.publish(this.connection.publishChannel, message);
  }

  consume(queue: string, handler: MessageHandler, options: ConsumeOptions = {}): Promise<Consumer> {
    return this.consumers.consume(queue, handler, { ...DEFAULT_CONSUME_OPTIONS, ...options });
  }

  readStream(stream: string, start: StreamStart, handler: MessageHandler, options: StreamReadOptions = {}): Promise<Consumer> {
    return this.streamReaders.read(stream, start, handler, { ...DEFAULT_STREAM_READ_OPTIONS, ...options });
  }

  subscribe(exchange: string, patterns: string[], handler: MessageHandler): Promise<Consumer> {
    return this.consumers.subscribe(exchange, patterns, handler, { ...DEFAULT_CONSUME_OPTIONS, maxAttempts: 1 });
  }

  async queueDepth(queue: string): Promise<number> {
    const channel = this.connection.publishChannel;
    if (!channel) throw new BusUnavailableError('the message broker is not connected');
    const { messageCount } = await channel.checkQueue(queue);
    return messageCount;
  }

  /** Stops reading, lets the in-flight messages settle, waits for the outstanding confirms, then closes. */
  async close(): Promise<void> {
    this.connection.stopReconnecting();
    this.publisher.stop();
    await this.streamReaders.cancelAll();
    await this.consumers.cancelAll();
    await this.connection.close();
  }
}
