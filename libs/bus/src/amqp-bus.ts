import * as amqp from 'amqplib';
import type { ChannelModel, ConfirmChannel, ConsumeMessage, Channel } from 'amqplib';
import type { Logger } from 'pino';
import { AckBatcher } from './ack-batcher';
import { amqpSocketOf, coalesceWritesPerTurn } from './write-coalescing';
import { withConsumeSpan, withPublishSpan } from './bus-tracing';
import { topology as buildTopology, headers as H, type Topology } from './topology';
import { declareTopology } from './amqp-topology';
import { ConfirmDeadlines } from './confirm-deadlines';
import { deadLetterMessage, deadLetterPartMessage } from './dead-letter';
import { DEFAULT_QUEUE_LIMITS, type QueueLimits } from './queue-limits';
import { DEFAULT_STREAM_RETENTION, type StreamRetention } from './stream-retention';
import { DEFAULT_STREAM_READ_OPTIONS } from './stream-settlement';
import { attachStreamReader, cancelStreamReader, detachStreamReader, type StreamReaderRegistration } from './amqp-stream-reader';
import {
  BusUnavailableError,
  DEFAULT_CONSUME_OPTIONS,
  type ConsumeOptions,
  type Consumer,
  type EventBus,
  type HandlerVerdict,
  type IncomingMessage,
  type MessageHandler,
  type OutgoingMessage,
  type StreamReadOptions,
  type StreamStart,
} from './event-bus';

export interface AmqpBusOptions {
  /** One URL, or several separated by commas (the nodes of a cluster): tried in turn until one answers. */
  url: string;
  prefix?: string;
  logger: Logger;
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

interface ConsumerRegistration {
  kind: 'queue' | 'subscription';
  queue: string;
  exchange?: string;
  patterns?: string[];
  handler: MessageHandler;
  options: Required<ConsumeOptions>;
  channel?: Channel;
  acks?: AckBatcher;
  tag?: string;
  inFlight: Set<Promise<void>>;
  cancelled: boolean;
}

/**
 * RabbitMQ transport: durable quorum queues, persistent messages, publisher confirms, manual acks,
 * bounded prefetch, retry through per-queue delay queues, dead-lettering with the reason in headers,
 * and reconnection (topology and consumers restored) when the broker goes away.
 */
export class AmqpBus implements EventBus {
  readonly kind = 'amqp' as const;
  readonly streamLineage = 'amqp';
  readonly topology: Topology;
  private connection?: ChannelModel;
  private publishChannel?: ConfirmChannel;
  private readonly consumers = new Set<ConsumerRegistration>();
  private readonly streamReaders = new Set<StreamReaderRegistration>();
  private readonly urls: string[];
  /** The node tried first on the next connect: the one that answered last, else the next in the list. */
  private urlIndex = 0;
  private closing = false;
  private reconnectTimer?: NodeJS.Timeout;
  private reconnectAttempt = 0;
  private connecting?: Promise<void>;

  private readonly confirmTimeoutMs: number;
  private readonly confirmDeadlines: ConfirmDeadlines;

  constructor(private readonly options: AmqpBusOptions) {
    this.topology = buildTopology(options.prefix);
    this.urls = splitAmqpUrls(options.url);
    this.confirmTimeoutMs = options.confirmTimeoutMs ?? 5_000;
    this.confirmDeadlines = new ConfirmDeadlines(this.confirmTimeoutMs);
  }

  async start(): Promise<void> {
    await this.connect();
  }

  isConnected(): boolean {
    return Boolean(this.connection && this.publishChannel);
  }

  private connect(): Promise<void> {
    if (!this.connecting) {
      this.connecting = this.openConnection().finally(() => {
        this.connecting = undefined;
      });
    }
    return this.connecting;
  }

  /** "shelflife-<prefix> pid <pid>": the connection's name at the broker. */
  get connectionName(): string {
    return `shelflife-${this.options.prefix ?? 'shelflife'} pid ${process.pid}`;
  }

  private async openConnection(): Promise<void> {
    const connection = await this.connectToAnyNode();
    if (!coalesceWritesPerTurn(amqpSocketOf(connection)))
      this.options.logger.debug('amqplib socket not found; frames are written one by one');
    connection.on('error', (error: Error) => this.options.logger.warn({ err: error.message }, 'amqp connection error'));
    connection.on('close', () => this.onConnectionLost());
    // In a cluster that has just lost a node, a declaration can wait on a queue leader that is still being
    // elected, and nothing guarantees it answers: a setup that does not finish is given up and retried (on
    // the next node) instead of leaving the service without a connection for good.
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new Error(`connected to ${redactUrl(this.urls[this.urlIndex]!)} but its setup did not finish within ${SETUP_TIMEOUT_MS} ms`),
          ),
        SETUP_TIMEOUT_MS,
      );
    });
    try {
      await Promise.race([this.setUp(connection), timeout]);
    } catch (error) {
      await connection.close().catch(() => undefined);
      throw error;
    } finally {
      clearTimeout(timer);
    }
    this.options.logger.info(
      { prefix: this.options.prefix ?? 'shelflife', node: redactUrl(this.urls[this.urlIndex]!) },
      'amqp bus connected',
    );
  }

  /** Topology, publish channel, consumers and stream readers on a new connection. */
  private async setUp(connection: ChannelModel): Promise<void> {
    const channel = await connection.createConfirmChannel();
    channel.on('error', (error: Error) => this.options.logger.warn({ err: error.message }, 'amqp publish channel error'));
    await declareTopology(
      connection,
      this.topology,
      this.options.queueLimits ?? DEFAULT_QUEUE_LIMITS,
      this.options.streamRetention ?? DEFAULT_STREAM_RETENTION,
      this.options.logger,
    );
    this.connection = connection;
    this.publishChannel = channel;
    this.reconnectAttempt = 0;
    for (const registration of this.consumers) await this.attachConsumer(registration);
    for (const registration of this.streamReaders) await attachStreamReader(connection, registration, this.streamReaderContext());
  }

  /** Each node of the list in turn, from the one that answered last; fails with every node's error. */
  private async connectToAnyNode(): Promise<ChannelModel> {
    const errors: string[] = [];
    for (let tried = 0; tried < this.urls.length; tried += 1) {
      const index = (this.urlIndex + tried) % this.urls.length;
      try {
        // Named after the bus prefix and process: what `rabbitmqctl list_connections` and the management
        // UI show, and how a test closes only its own connections.
        const connection = await amqp.connect(withHeartbeat(this.urls[index]!), {
          clientProperties: { connection_name: this.connectionName },
        });
        this.urlIndex = index;
        return connection;
      } catch (error) {
        errors.push(`${redactUrl(this.urls[index]!)}: ${(error as Error).message}`);
      }
    }
    // Next time, start with the node after the one tried first now.
    this.urlIndex = (this.urlIndex + 1) % this.urls.length;
    throw new Error(`no RabbitMQ node answered (${errors.join('; ')})`);
  }

  private streamReaderContext() {
    return {
      names: this.topology,
      logger: this.options.logger,
      publish: (message: OutgoingMessage) => this.publish(message),
      onDeadLetter: this.options.onDeadLetter,
      onBroken: (registration: StreamReaderRegistration) => this.reattachStreamReader(registration),
    };
  }

  /** A message could not be settled (its dead-letter publish failed) on a live connection: try again from it shortly. */
  private reattachStreamReader(registration: StreamReaderRegistration): void {
    const stale = registration.current;
    detachStreamReader(registration);
    void stale?.channel.close().catch(() => undefined);
    const timer = setTimeout(() => {
      const connection = this.connection;
      if (!connection || registration.cancelled || registration.current) return; // a reconnect attaches it
      attachStreamReader(connection, registration, this.streamReaderContext()).catch((error: Error) => {
        this.options.logger.warn({ err: error.message, stream: registration.stream }, 'could not attach the stream reader again; retrying');
        this.reattachStreamReader(registration);
      });
    }, 1_000);
    timer.unref();
  }

  private onConnectionLost(): void {
    const wasConnected = this.isConnected();
    this.connection = undefined;
    this.publishChannel = undefined;
    for (const registration of this.consumers) {
      registration.channel = undefined;
      registration.tag = undefined;
    }
    for (const registration of this.streamReaders) detachStreamReader(registration);
    if (this.closing) return;
    if (wasConnected) this.options.logger.warn('amqp connection lost; reconnecting');
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.reconnectTimer || this.closing) return;
    const delay = Math.min(250 * 2 ** this.reconnectAttempt, 5_000);
    this.reconnectAttempt += 1;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      this.connect().catch((error: Error) => {
        this.options.logger.warn({ err: error.message, attempt: this.reconnectAttempt }, 'amqp reconnect failed; retrying');
        this.connection?.close().catch(() => undefined);
        this.connection = undefined;
        this.publishChannel = undefined;
        this.scheduleReconnect();
      });
    }, delay);
  }

  async publish(message: OutgoingMessage): Promise<void> {
    const channel = this.publishChannel;
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
            const deadline = this.confirmDeadlines.watch(() =>
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
      this.options.onConfirm?.(message.exchange, 'ack');
    } catch (error) {
      this.options.onConfirm?.(
        message.exchange,
        error instanceof BusUnavailableError && /did not confirm/.test(error.message) ? 'nack' : 'error',
      );
      if (error instanceof BusUnavailableError) throw error;
      throw new BusUnavailableError(`publish failed: ${(error as Error).message}`);
    }
  }

  async consume(queue: string, handler: MessageHandler, options: ConsumeOptions = {}): Promise<Consumer> {
    return this.register({
      kind: 'queue',
      queue,
      handler,
      options: { ...DEFAULT_CONSUME_OPTIONS, ...options },
      inFlight: new Set(),
      cancelled: false,
    });
  }

  async readStream(stream: string, start: StreamStart, handler: MessageHandler, options: StreamReadOptions = {}): Promise<Consumer> {
    const registration: StreamReaderRegistration = {
      stream,
      start,
      handler,
      options: { ...DEFAULT_STREAM_READ_OPTIONS, ...options },
      chain: Promise.resolve(),
      cancelled: false,
    };
    this.streamReaders.add(registration);
    if (this.connection) await attachStreamReader(this.connection, registration, this.streamReaderContext());
    return {
      cancel: async () => {
        this.streamReaders.delete(registration);
        await cancelStreamReader(registration);
      },
    };
  }

  async subscribe(exchange: string, patterns: string[], handler: MessageHandler): Promise<Consumer> {
    return this.register({
      kind: 'subscription',
      queue: '',
      exchange,
      patterns,
      handler,
      options: { ...DEFAULT_CONSUME_OPTIONS, maxAttempts: 1 },
      inFlight: new Set(),
      cancelled: false,
    });
  }

  private async register(registration: ConsumerRegistration): Promise<Consumer> {
    this.consumers.add(registration);
    if (this.connection) await this.attachConsumer(registration);
    return {
      cancel: async () => {
        registration.cancelled = true;
        this.consumers.delete(registration);
        if (registration.channel && registration.tag) await registration.channel.cancel(registration.tag).catch(() => undefined);
        await Promise.allSettled([...registration.inFlight]);
        registration.acks?.flush();
        await registration.channel?.close().catch(() => undefined);
      },
    };
  }

  private async attachConsumer(registration: ConsumerRegistration): Promise<void> {
    if (!this.connection || registration.cancelled) return;
    const channel = await this.connection.createChannel();
    channel.on('error', (error: Error) =>
      this.options.logger.warn({ err: error.message, queue: registration.queue }, 'amqp consumer channel error'),
    );
    await channel.prefetch(registration.options.prefetch);
    let queue = registration.queue;
    if (registration.kind === 'subscription') {
      const declared = await channel.assertQueue('', { exclusive: true, autoDelete: true, durable: false });
      queue = declared.queue;
      for (const pattern of registration.patterns ?? []) await channel.bindQueue(queue, registration.exchange!, pattern);
    }
    const acks = new AckBatcher(channel, (error) =>
      this.options.logger.warn({ err: error.message, queue }, 'could not ack; the broker will redeliver'),
    );
    const { consumerTag } = await channel.consume(
      queue,
      (delivery) => {
        if (!delivery) return; // cancelled by the broker; reconnect logic restores it
        acks.delivered(delivery);
        const work = this.handle(registration, channel, acks, queue, delivery).finally(() => registration.inFlight.delete(work));
        registration.inFlight.add(work);
      },
      { noAck: false },
    );
    registration.channel = channel;
    registration.acks = acks;
    registration.tag = consumerTag;
  }

  private handle(
    registration: ConsumerRegistration,
    channel: Channel,
    acks: AckBatcher,
    queue: string,
    delivery: ConsumeMessage,
  ): Promise<void> {
    const headers = (delivery.properties.headers ?? {}) as Record<string, unknown>;
    // The span covers the handler and the settlement (a retry or dead-letter publish is its child).
    return withConsumeSpan('rabbitmq', queue, headers, () => this.process(registration, channel, acks, queue, delivery, headers));
  }

  private async process(
    registration: ConsumerRegistration,
    channel: Channel,
    acks: AckBatcher,
    queue: string,
    delivery: ConsumeMessage,
    headers: Record<string, unknown>,
  ): Promise<void> {
    const attempt = Number(headers[H.attempt] ?? 1);
    const message: IncomingMessage = {
      exchange: delivery.fields.exchange,
      routingKey: (headers[H.originalRoutingKey] as string | undefined) ?? delivery.fields.routingKey,
      body: delivery.content,
      headers,
      messageId: delivery.properties.messageId as string | undefined,
      attempt,
    };
    let verdict: HandlerVerdict;
    try {
      verdict = await registration.handler(message);
    } catch (error) {
      verdict = { action: 'retry', reason: (error as Error).message };
    }
    try {
      if (verdict.action === 'retry' && registration.kind === 'queue' && attempt < registration.options.maxAttempts) {
        await this.publish({
          exchange: '',
          routingKey: `${queue}.retry`,
          body: delivery.content,
          messageId: message.messageId,
          // Per-message expiration so that the backoff grows with the attempt.
          expirationMs: registration.options.retryDelayMs(attempt),
          headers: {
            ...(headers as Record<string, string>),
            [H.attempt]: attempt + 1,
            [H.reason]: verdict.reason,
            [H.originalRoutingKey]: message.routingKey,
          },
        });
      } else if (verdict.action !== 'ack' && registration.kind === 'queue') {
        const reason = verdict.action === 'retry' ? `gave up after ${attempt} attempts: ${verdict.reason}` : verdict.reason;
        await this.publish(deadLetterMessage(this.topology, queue, message, reason));
        this.options.onDeadLetter?.(queue, verdict.action === 'retry' ? 'retries_exhausted' : 'rejected');
        this.options.logger.warn({ queue, messageId: message.messageId, reason }, 'message dead-lettered');
      } else if (verdict.action === 'ack' && verdict.deadLetterParts?.length && registration.kind === 'queue') {
        await Promise.all(verdict.deadLetterParts.map((part) => this.publish(deadLetterPartMessage(this.topology, queue, message, part))));
        for (const part of verdict.deadLetterParts) {
          this.options.onDeadLetter?.(queue, 'rejected');
          this.options.logger.warn(
            { queue, messageId: part.messageId, reason: part.reason },
            'event of a bundle dead-lettered; the rest was used',
          );
        }
      }
      acks.ack(delivery);
    } catch (error) {
      // The broker keeps the unacked message and redelivers it: nothing is lost, consumers are idempotent.
      this.options.logger.warn({ err: (error as Error).message, queue }, 'could not settle message; it will be redelivered');
      try {
        acks.forget(delivery);
        channel.nack(delivery, false, true);
      } catch {
        /* channel already gone: the broker requeues on close */
      }
    }
  }

  async queueDepth(queue: string): Promise<number> {
    if (!this.publishChannel) throw new BusUnavailableError('the message broker is not connected');
    const { messageCount } = await this.publishChannel.checkQueue(queue);
    return messageCount;
  }

  async close(): Promise<void> {
    this.closing = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.confirmDeadlines.stop();
    for (const registration of [...this.streamReaders]) await cancelStreamReader(registration);
    this.streamReaders.clear();
    for (const registration of [...this.consumers]) {
      registration.cancelled = true;
      if (registration.channel && registration.tag) await registration.channel.cancel(registration.tag).catch(() => undefined);
    }
    await Promise.allSettled([...this.consumers].flatMap((r) => [...r.inFlight]));
    for (const registration of this.consumers) registration.acks?.flush();
    this.consumers.clear();
    await this.publishChannel?.waitForConfirms().catch(() => undefined);
    await this.connection?.close().catch(() => undefined);
    this.connection = undefined;
    this.publishChannel = undefined;
  }
}

/** How long declaring the topology and attaching the consumers may take on a new connection. */
const SETUP_TIMEOUT_MS = 20_000;

/** "amqp://a,amqp://b" -> both; blanks dropped. */
export function splitAmqpUrls(urls: string): string[] {
  const list = urls
    .split(',')
    .map((url) => url.trim())
    .filter((url) => url.length > 0);
  if (list.length === 0)
    throw new Error('no RabbitMQ URL given: set AMQP_URL to amqp://user:password@host:5672 (several nodes separated by commas)');
  return list;
}

/** A URL for the log: without its password. */
function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}

/** A dead peer is noticed within seconds (a broker restart must not leave us writing into a void). */
function withHeartbeat(url: string): string {
  const parsed = new URL(url);
  if (!parsed.searchParams.has('heartbeat')) parsed.searchParams.set('heartbeat', '10');
  return parsed.toString();
}
