import type { Channel, ChannelModel, ConsumeMessage } from 'amqplib';
import type { Logger } from 'pino';
import { AckBatcher } from './ack-batcher';
import { declareSubscriptionQueue, retryQueueOf } from './amqp-topology';
import { withConsumeSpan } from './bus-tracing';
import { deadLetterMessage, deadLetterPartMessage } from './dead-letter';
import type { ConsumeOptions, Consumer, HandlerVerdict, IncomingMessage, MessageHandler, OutgoingMessage } from './event-bus';
import { attemptOf, decideSettlement, verdictOfError, type SettlementDecision } from './settlement-policy';
import { headers as H, type Topology } from './topology';

/** One consumer of an AmqpBus; it outlives connections (a reconnect attaches it again). */
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

export interface AmqpConsumerContext {
  names: Topology;
  logger: Logger;
  /** A confirmed publish (the retry and dead-letter routes). */
  publish(message: OutgoingMessage): Promise<void>;
  onDeadLetter?: (queue: string, reason: string) => void;
  /** The live connection, if any: a consumer registered while there is none is attached by the next connect. */
  connection(): ChannelModel | undefined;
}

/**
 * The work-queue consumers and subscriptions of an AmqpBus: each on a channel of its own with a bounded
 * prefetch and manual acks; a failed message is retried through the queue's delay queue or dead-lettered
 * with its reason, as settlement-policy.ts decides. A message that cannot be settled is nacked back to
 * the broker, which redelivers it (consumers are idempotent).
 */
export class AmqpConsumers {
  private readonly registrations = new Set<ConsumerRegistration>();

  constructor(private readonly context: AmqpConsumerContext) {}

  consume(queue: string, handler: MessageHandler, options: Required<ConsumeOptions>): Promise<Consumer> {
    return this.register({ kind: 'queue', queue, handler, options, inFlight: new Set(), cancelled: false });
  }

  /** A private, exclusive queue bound to `exchange` (every instance gets every message); never retried or dead-lettered. */
  subscribe(exchange: string, patterns: string[], handler: MessageHandler, options: Required<ConsumeOptions>): Promise<Consumer> {
    return this.register({ kind: 'subscription', queue: '', exchange, patterns, handler, options, inFlight: new Set(), cancelled: false });
  }

  /** Every consumer on a new connection. */
  async attachAll(): Promise<void> {
    for (const registration of this.registrations) await this.attach(registration);
  }

  /** The connection is gone with their channels. */
  detachAll(): void {
    for (const registration of this.registrations) {
      registration.channel = undefined;
      registration.tag = undefined;
    }
  }

  /** No new deliveries; the in-flight ones are settled and their acks sent. Channels close with the connection. */
  async cancelAll(): Promise<void> {
    for (const registration of this.registrations) {
      registration.cancelled = true;
      if (registration.channel && registration.tag) await registration.channel.cancel(registration.tag).catch(() => undefined);
    }
    await Promise.allSettled([...this.registrations].flatMap((r) => [...r.inFlight]));
    for (const registration of this.registrations) registration.acks?.flush();
    this.registrations.clear();
  }

  private async register(registration: ConsumerRegistration): Promise<Consumer> {
    this.registrations.add(registration);
    if (this.context.connection()) await this.attach(registration);
    return {
      cancel: async () => {
        registration.cancelled = true;
        this.registrations.delete(registration);
        if (registration.channel && registration.tag) await registration.channel.cancel(registration.tag).catch(() => undefined);
        await Promise.allSettled([...registration.inFlight]);
        registration.acks?.flush();
        await registration.channel?.close().catch(() => undefined);
      },
    };
  }

  private async attach(registration: ConsumerRegistration): Promise<void> {
    const connection = this.context.connection();
    if (!connection || registration.cancelled) return;
    const channel = await connection.createChannel();
    channel.on('error', (error: Error) =>
      this.context.logger.warn({ err: error.message, queue: registration.queue }, 'amqp consumer channel error'),
    );
    await channel.prefetch(registration.options.prefetch);
    const queue =
      registration.kind === 'subscription'
        ? await declareSubscriptionQueue(channel, registration.exchange!, registration.patterns ?? [])
        : registration.queue;
    const acks = new AckBatcher(channel, (error) =>
      this.context.logger.warn({ err: error.message, queue }, 'could not ack; the broker will redeliver'),
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
    const attempt = attemptOf(headers);
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
      verdict = verdictOfError(error);
    }
    try {
      await this.settle(
        queue,
        message,
        decideSettlement(verdict, attempt, { ...registration.options, deadLetters: registration.kind === 'queue' }),
      );
      acks.ack(delivery);
    } catch (error) {
      // The broker keeps the unacked message and redelivers it: nothing is lost, consumers are idempotent.
      this.context.logger.warn({ err: (error as Error).message, queue }, 'could not settle message; it will be redelivered');
      try {
        acks.forget(delivery);
        channel.nack(delivery, false, true);
      } catch {
        /* channel already gone: the broker requeues on close */
      }
    }
  }

  /** Carries out the decision up to the ack: the retry or dead-letter publishes, confirmed. */
  private async settle(queue: string, message: IncomingMessage, decision: SettlementDecision): Promise<void> {
    const { names, logger, onDeadLetter } = this.context;
    switch (decision.action) {
      case 'drop':
        return;
      case 'retry':
        await this.context.publish({
          exchange: '',
          routingKey: retryQueueOf(queue),
          body: message.body,
          messageId: message.messageId,
          // Per-message expiration so that the backoff grows with the attempt.
          expirationMs: decision.delayMs,
          headers: {
            ...(message.headers as Record<string, string>),
            [H.attempt]: decision.attempt,
            [H.reason]: decision.reason,
            [H.originalRoutingKey]: message.routingKey,
          },
        });
        return;
      case 'dead-letter':
        await this.context.publish(deadLetterMessage(names, queue, message, decision.reason));
        onDeadLetter?.(queue, decision.cause);
        logger.warn({ queue, messageId: message.messageId, reason: decision.reason }, 'message dead-lettered');
        return;
      case 'ack':
        if (decision.deadLetterParts.length === 0) return;
        await Promise.all(decision.deadLetterParts.map((part) => this.context.publish(deadLetterPartMessage(names, queue, message, part))));
        for (const part of decision.deadLetterParts) {
          onDeadLetter?.(queue, 'rejected');
          logger.warn({ queue, messageId: part.messageId, reason: part.reason }, 'event of a bundle dead-lettered; the rest was used');
        }
    }
  }
}
