import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { topology as buildTopology, headers as H, topicMatches, type Topology } from './topology';
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
import { InProcessStream } from './in-process-stream';
import { DEFAULT_STREAM_READ_OPTIONS } from './stream-settlement';
import { withConsumeSpan, withPublishSpan } from './bus-tracing';
import { deadLetterMessage, deadLetterPartMessage } from './dead-letter';
import { DEFAULT_QUEUE_LIMITS, limitedQueues, type QueueLimits } from './queue-limits';
import { attemptOf, decideSettlement, verdictOfError } from './settlement-policy';

interface QueuedMessage {
  exchange: string;
  routingKey: string;
  body: Buffer;
  headers: Record<string, unknown>;
  messageId?: string;
}

interface QueueState {
  name: string;
  messages: QueuedMessage[];
  bindings: { exchange: string; pattern: string }[];
  consumer?: {
    handler: MessageHandler;
    options: Required<ConsumeOptions>;
    inFlight: number;
    running: Set<Promise<void>>;
    cancelled: boolean;
  };
  durable: boolean;
}

export interface InProcessBusOptions {
  prefix?: string;
  logger: Logger;
  /** Upper bound of messages held over all queues: a publish beyond it fails as a broker would. */
  maxMessages?: number;
  onDeadLetter?: (queue: string, reason: string) => void;
  /** Length limit of each work queue, as on RabbitMQ (reject-publish): DEFAULT_QUEUE_LIMITS. */
  queueLimits?: QueueLimits;
  /** Messages a stream keeps before it drops its oldest (the in-process stand-in for RabbitMQ's retention); the queue length limit by default. */
  streamMaxMessages?: number;
}

/**
 * The embedded bus for the all-in-one mode and tests: the same contract as RabbitMQ (topic routing,
 * confirm on publish, manual ack, bounded prefetch, retry with backoff, dead-letter with a reason)
 * inside one process. Nothing survives the process, which is why it is only the default when no
 * broker is configured.
 */
export class InProcessBus implements EventBus {
  readonly kind = 'in-process' as const;
  readonly streamLineage = `in-process:${randomUUID()}`;
  readonly topology: Topology;
  private readonly queues = new Map<string, QueueState>();
  private readonly streams = new Map<string, { stream: InProcessStream; bindings: { exchange: string; pattern: string }[] }>();
  private readonly readers = new Set<Consumer>();
  private held = 0;
  private closed = false;
  private subscriptionCounter = 0;
  private readonly timers = new Set<NodeJS.Timeout>();

  private readonly limited: Set<string>;
  private readonly maxLength: number;

  constructor(private readonly options: InProcessBusOptions) {
    this.topology = buildTopology(options.prefix);
    this.limited = new Set(limitedQueues(this.topology));
    this.maxLength = (options.queueLimits ?? DEFAULT_QUEUE_LIMITS).maxLength;
    for (const queue of Object.values(this.topology.queues)) this.queue(queue);
    // As many messages as a work queue may hold: a stream has a retention, not a length limit that refuses.
    for (const name of Object.values(this.topology.streams))
      this.streams.set(name, { stream: new InProcessStream(name, options.streamMaxMessages ?? this.maxLength), bindings: [] });
    for (const binding of this.topology.bindings) {
      const stream = this.streams.get(binding.queue);
      for (const pattern of binding.patterns) (stream ?? this.queue(binding.queue)).bindings.push({ exchange: binding.exchange, pattern });
    }
  }

  async start(): Promise<void> {
    this.closed = false;
  }

  isConnected(): boolean {
    return !this.closed;
  }

  private queue(name: string, durable = true): QueueState {
    let state = this.queues.get(name);
    if (!state) {
      state = { name, messages: [], bindings: [], durable };
      this.queues.set(name, state);
    }
    return state;
  }

  async publish(message: OutgoingMessage): Promise<void> {
    if (this.closed) throw new BusUnavailableError('the in-process bus is closed');
    const limit = this.options.maxMessages ?? 1_000_000;
    if (this.held >= limit) throw new BusUnavailableError(`the in-process bus holds ${limit} messages; consumers are not keeping up`);
    const headers: Record<string, unknown> = { ...(message.headers ?? {}) };
    const full: string[] = [];
    withPublishSpan('in-process', message.exchange, message.routingKey, headers, () => {
      for (const state of this.route(message.exchange, message.routingKey)) {
        // reject-publish, as RabbitMQ does it: the full queue refuses, the others take the message, the publish is nacked.
        if (this.limited.has(state.name) && state.messages.length >= this.maxLength) {
          full.push(state.name);
          continue;
        }
        state.messages.push({
          exchange: message.exchange,
          routingKey: message.routingKey,
          body: message.body,
          headers,
          messageId: message.messageId,
        });
        this.held += 1;
        this.dispatch(state);
      }
      for (const { stream, bindings } of this.streams.values()) {
        if (bindings.some((b) => b.exchange === message.exchange && topicMatches(b.pattern, message.routingKey))) {
          stream.append({
            exchange: message.exchange,
            routingKey: message.routingKey,
            body: message.body,
            headers,
            messageId: message.messageId,
          });
        }
      }
    });
    if (full.length > 0)
      throw new BusUnavailableError(
        `the broker did not confirm the message: queue ${full.join(', ')} is full (${this.maxLength} messages); its consumer is not keeping up`,
      );
  }

  private route(exchange: string, routingKey: string): QueueState[] {
    if (exchange === '') {
      const direct = this.queues.get(routingKey);
      return direct ? [direct] : [];
    }
    return [...this.queues.values()].filter((q) => q.bindings.some((b) => b.exchange === exchange && topicMatches(b.pattern, routingKey)));
  }

  async consume(queue: string, handler: MessageHandler, options: ConsumeOptions = {}): Promise<Consumer> {
    const state = this.queues.get(queue);
    if (!state) throw new Error(`queue ${queue} is not part of the topology`);
    if (state.consumer && !state.consumer.cancelled) throw new Error(`queue ${queue} already has a consumer in this process`);
    return this.attach(state, handler, { ...DEFAULT_CONSUME_OPTIONS, ...options });
  }

  async readStream(stream: string, start: StreamStart, handler: MessageHandler, options: StreamReadOptions = {}): Promise<Consumer> {
    const entry = this.streams.get(stream);
    if (!entry) throw new Error(`stream ${stream} is not part of the topology`);
    const reader = entry.stream.read(
      start,
      handler,
      { ...DEFAULT_STREAM_READ_OPTIONS, ...options },
      {
        names: this.topology,
        logger: this.options.logger,
        publish: (message) => this.publish(message),
        onDeadLetter: this.options.onDeadLetter,
      },
    );
    this.readers.add(reader);
    return {
      cancel: async () => {
        this.readers.delete(reader);
        await reader.cancel();
      },
    };
  }

  async subscribe(exchange: string, patterns: string[], handler: MessageHandler): Promise<Consumer> {
    this.subscriptionCounter += 1;
    const state = this.queue(`subscription-${this.subscriptionCounter}`, false);
    for (const pattern of patterns) state.bindings.push({ exchange, pattern });
    const consumer = this.attach(state, handler, { ...DEFAULT_CONSUME_OPTIONS, maxAttempts: 1 });
    return {
      cancel: async () => {
        await consumer.cancel();
        this.queues.delete(state.name);
      },
    };
  }

  private attach(state: QueueState, handler: MessageHandler, options: Required<ConsumeOptions>): Consumer {
    const consumer = { handler, options, inFlight: 0, running: new Set<Promise<void>>(), cancelled: false };
    state.consumer = consumer;
    setImmediate(() => this.dispatch(state));
    return {
      cancel: async () => {
        consumer.cancelled = true;
        await Promise.allSettled([...consumer.running]);
      },
    };
  }

  private dispatch(state: QueueState): void {
    const consumer = state.consumer;
    if (!consumer || consumer.cancelled || this.closed) return;
    while (consumer.inFlight < consumer.options.prefetch && state.messages.length > 0) {
      const message = state.messages.shift()!;
      consumer.inFlight += 1;
      const work = this.deliver(state, consumer.handler, consumer.options, message).finally(() => {
        consumer.inFlight -= 1;
        this.held -= 1;
        consumer.running.delete(work);
        this.dispatch(state);
      });
      consumer.running.add(work);
    }
  }

  private async deliver(
    state: QueueState,
    handler: MessageHandler,
    options: Required<ConsumeOptions>,
    queued: QueuedMessage,
  ): Promise<void> {
    const attempt = attemptOf(queued.headers);
    const incoming: IncomingMessage = {
      exchange: queued.exchange,
      routingKey: queued.routingKey,
      body: queued.body,
      headers: queued.headers,
      messageId: queued.messageId,
      attempt,
    };
    let verdict: HandlerVerdict;
    try {
      verdict = await withConsumeSpan('in-process', state.name, queued.headers, () => handler(incoming));
    } catch (error) {
      verdict = verdictOfError(error);
    }
    const decision = decideSettlement(verdict, attempt, { ...options, deadLetters: state.durable });
    switch (decision.action) {
      case 'drop':
        return;
      case 'ack':
        for (const part of decision.deadLetterParts) {
          this.options.onDeadLetter?.(state.name, 'rejected');
          this.options.logger.warn(
            { queue: state.name, messageId: part.messageId, reason: part.reason },
            'event of a bundle dead-lettered; the rest was used',
          );
          await this.publish(deadLetterPartMessage(this.topology, state.name, queued, part));
        }
        return;
      case 'retry': {
        const retried: QueuedMessage = {
          ...queued,
          headers: { ...queued.headers, [H.attempt]: decision.attempt, [H.reason]: decision.reason },
        };
        this.held += 1;
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          state.messages.push(retried);
          this.dispatch(state);
        }, decision.delayMs);
        this.timers.add(timer);
        return;
      }
      case 'dead-letter':
        this.options.onDeadLetter?.(state.name, decision.cause);
        this.options.logger.warn({ queue: state.name, messageId: queued.messageId, reason: decision.reason }, 'message dead-lettered');
        await this.publish(deadLetterMessage(this.topology, state.name, queued, decision.reason));
    }
  }

  /** Messages held by a queue, or kept by a stream, right now (for tests and the dead-letter view). */
  peek(queue: string): QueuedMessage[] {
    const stream = this.streams.get(queue);
    if (stream) return stream.stream.kept();
    return [...(this.queues.get(queue)?.messages ?? [])];
  }

  async queueDepth(queue: string): Promise<number> {
    return this.queues.get(queue)?.messages.length ?? 0;
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.readers].map((reader) => reader.cancel()));
    this.readers.clear();
    for (const state of this.queues.values()) if (state.consumer) state.consumer.cancelled = true;
    await Promise.allSettled([...this.queues.values()].flatMap((q) => [...(q.consumer?.running ?? [])]));
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.closed = true;
  }
}
