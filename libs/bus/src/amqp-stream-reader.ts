import type { Channel, ChannelModel, ConsumeMessage } from 'amqplib';
import type { Logger } from 'pino';
import { AckBatcher } from './ack-batcher';
import { withConsumeSpan } from './bus-tracing';
import type { Consumer, IncomingMessage, MessageHandler, OutgoingMessage, StreamReadOptions, StreamStart } from './event-bus';
import { settleStreamMessage } from './stream-settlement';
import { headers as H, type Topology } from './topology';

/** One stream reader of an AmqpBus; it outlives connections (a reconnect attaches it again). */
export interface StreamReaderRegistration {
  stream: string;
  start: StreamStart;
  handler: MessageHandler;
  options: Required<StreamReadOptions>;
  /** The offset after the last settled message: where a reattached reader resumes. */
  nextOffset?: number;
  /** The deliveries of the current channel, each handled after the one before. */
  chain: Promise<void>;
  current?: AttachedReader;
  cancelled: boolean;
}

interface AttachedReader {
  channel: Channel;
  acks: AckBatcher;
  tag?: string;
  /** Set when the channel is lost or a message could not be settled: its later deliveries are left alone. */
  broken: boolean;
}

export interface StreamReaderContext {
  names: Topology;
  logger: Logger;
  publish(message: OutgoingMessage): Promise<void>;
  onDeadLetter?: (queue: string, reason: string) => void;
  /** Called when a message could not be settled on a live connection: attach again (after a pause). */
  onBroken(registration: StreamReaderRegistration): void;
}

/** RabbitMQ wants a long for a numeric x-stream-offset; amqplib would pick the smallest integer type. */
function offsetArgument(start: StreamStart): unknown {
  return typeof start === 'string' ? start : { '!': 'long', value: start.offset };
}

/**
 * Consumes a stream over AMQP 0-9-1 from where the registration stands (its next offset, else its
 * start). RabbitMQ needs a prefetch and manual acks on a stream (the ack only returns credit), and it
 * may deliver from the start of the chunk holding the offset asked for: those earlier messages are
 * skipped. Messages are handled strictly one after another, in stream order.
 */
export async function attachStreamReader(
  connection: ChannelModel,
  registration: StreamReaderRegistration,
  context: StreamReaderContext,
): Promise<void> {
  // The previous channel's deliveries finish (or give up) first: they decide where to resume.
  await registration.chain;
  if (registration.cancelled) return;
  const channel = await connection.createChannel();
  channel.on('error', (error: Error) =>
    context.logger.warn({ err: error.message, stream: registration.stream }, 'amqp stream channel error'),
  );
  await channel.prefetch(registration.options.prefetch);
  const reader: AttachedReader = {
    channel,
    acks: new AckBatcher(channel, (error) =>
      context.logger.debug({ err: error.message, stream: registration.stream }, 'could not return stream credit'),
    ),
    broken: false,
  };
  registration.current = reader;
  const from: StreamStart = registration.nextOffset !== undefined ? { offset: registration.nextOffset } : registration.start;
  const { consumerTag } = await channel.consume(
    registration.stream,
    (delivery) => {
      if (!delivery) return; // cancelled by the broker (the stream was deleted or its leader moved): the reconnect path attaches again
      reader.acks.delivered(delivery);
      registration.chain = registration.chain
        .then(() => handleDelivery(registration, reader, delivery, context))
        .catch((error: Error) => {
          reader.broken = true;
          context.logger.warn(
            { err: error.message, stream: registration.stream, nextOffset: registration.nextOffset },
            'could not settle a stream message; reading resumes from it',
          );
          context.onBroken(registration);
        });
    },
    { noAck: false, arguments: { 'x-stream-offset': offsetArgument(from) } },
  );
  reader.tag = consumerTag;
  context.logger.info({ stream: registration.stream, from }, 'reading stream');
}

async function handleDelivery(
  registration: StreamReaderRegistration,
  reader: AttachedReader,
  delivery: ConsumeMessage,
  context: StreamReaderContext,
): Promise<void> {
  if (reader.broken || registration.cancelled) return;
  const headers = (delivery.properties.headers ?? {}) as Record<string, unknown>;
  const offset = Number(headers[H.streamOffset]);
  if (!Number.isSafeInteger(offset))
    throw new Error(`a message of stream ${registration.stream} carries no ${H.streamOffset} header: is it a stream?`);
  if (registration.nextOffset !== undefined && offset < registration.nextOffset) {
    reader.acks.ack(delivery); // before the offset asked for: settled by an earlier reader
    return;
  }
  const message: IncomingMessage = {
    exchange: delivery.fields.exchange,
    routingKey: delivery.fields.routingKey,
    body: delivery.content,
    headers,
    messageId: delivery.properties.messageId as string | undefined,
    attempt: 1,
    offset,
  };
  const settled = await withConsumeSpan('rabbitmq', registration.stream, headers, () =>
    settleStreamMessage(
      {
        names: context.names,
        stream: registration.stream,
        logger: context.logger,
        publish: context.publish,
        onDeadLetter: context.onDeadLetter,
        cancelled: () => registration.cancelled || reader.broken,
      },
      message,
      registration.handler,
      registration.options,
    ),
  );
  if (!settled) return;
  registration.nextOffset = offset + 1;
  reader.acks.ack(delivery);
}

/** The connection is gone: the reader's later deliveries are left alone, a reconnect attaches it again. */
export function detachStreamReader(registration: StreamReaderRegistration): void {
  if (registration.current) registration.current.broken = true;
  registration.current = undefined;
}

/** Stops reading: no new deliveries, the one being handled finishes, credit is returned, the channel closed. */
export async function cancelStreamReader(registration: StreamReaderRegistration): Promise<void> {
  registration.cancelled = true;
  const reader = registration.current;
  if (reader?.tag) await reader.channel.cancel(reader.tag).catch(() => undefined);
  await registration.chain;
  reader?.acks.flush();
  await reader?.channel.close().catch(() => undefined);
  registration.current = undefined;
}

/**
 * The stream readers of an AmqpBus: attached on each new connection (from where each stands), let go
 * when it is lost, and attached again on a live connection after a message could not be settled.
 */
export class AmqpStreamReaders {
  private readonly registrations = new Set<StreamReaderRegistration>();

  constructor(
    private readonly context: Omit<StreamReaderContext, 'onBroken'>,
    /** The live connection, if any. */
    private readonly connection: () => ChannelModel | undefined,
  ) {}

  async read(stream: string, start: StreamStart, handler: MessageHandler, options: Required<StreamReadOptions>): Promise<Consumer> {
    const registration: StreamReaderRegistration = { stream, start, handler, options, chain: Promise.resolve(), cancelled: false };
    this.registrations.add(registration);
    const connection = this.connection();
    if (connection) await attachStreamReader(connection, registration, this.readerContext());
    return {
      cancel: async () => {
        this.registrations.delete(registration);
        await cancelStreamReader(registration);
      },
    };
  }

  async attachAll(connection: ChannelModel): Promise<void> {
    for (const registration of this.registrations) await attachStreamReader(connection, registration, this.readerContext());
  }

  detachAll(): void {
    for (const registration of this.registrations) detachStreamReader(registration);
  }

  async cancelAll(): Promise<void> {
    for (const registration of [...this.registrations]) await cancelStreamReader(registration);
    this.registrations.clear();
  }

  private readerContext(): StreamReaderContext {
    return { ...this.context, onBroken: (registration) => this.reattach(registration) };
  }

  /** A message could not be settled (its dead-letter publish failed) on a live connection: try again from it shortly. */
  private reattach(registration: StreamReaderRegistration): void {
    const stale = registration.current;
    detachStreamReader(registration);
    void stale?.channel.close().catch(() => undefined);
    const timer = setTimeout(() => {
      const connection = this.connection();
      if (!connection || registration.cancelled || registration.current) return; // a reconnect attaches it
      attachStreamReader(connection, registration, this.readerContext()).catch((error: Error) => {
        this.context.logger.warn({ err: error.message, stream: registration.stream }, 'could not attach the stream reader again; retrying');
        this.reattach(registration);
      });
    }, 1_000);
    timer.unref();
  }
}
