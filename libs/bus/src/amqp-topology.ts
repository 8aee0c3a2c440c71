import type { Channel, ChannelModel } from 'amqplib';
import type { Logger } from 'pino';
import { limitedQueues, queueLimitArguments, type QueueLimits } from './queue-limits';
import { streamArguments, type StreamRetention } from './stream-retention';
import { routingKeys, type Topology } from './topology';

const QUORUM = { 'x-queue-type': 'quorum' } as const;

/** The delay queue of a work queue: a retried message waits out its expiration there, then returns to the work queue. */
export function retryQueueOf(queue: string): string {
  return `${queue}.retry`;
}

/** The arguments a queue of the topology is declared with when it does not exist yet. */
export function queueArguments(names: Topology, queue: string, limits: QueueLimits): Record<string, unknown> {
  if (queue === names.queues.dead) return { ...QUORUM, 'x-delivery-limit': 20 };
  return {
    ...QUORUM,
    'x-dead-letter-exchange': names.exchanges.deadLetter,
    'x-dead-letter-routing-key': routingKeys.deadLetter(queue),
    // The broker itself dead-letters a message redelivered this often (a consumer crashing on it).
    'x-delivery-limit': 20,
    // One sentinel replica consumes, the others stand by and take over when it goes (issue 12).
    ...(queue === names.queues.sentinelEvents ? { 'x-single-active-consumer': true } : {}),
    ...(limitedQueues(names).includes(queue) ? queueLimitArguments(limits) : {}),
  };
}

/**
 * Declares the exchanges, queues and bindings. A queue that exists already is left as it is: RabbitMQ
 * refuses a redeclaration whose arguments differ (406 PRECONDITION_FAILED closes the channel), and a
 * running deployment must be able to take new arguments (the length limits) without deleting its
 * queues; it gets them from a policy instead (queueLimitPolicy).
 */
export async function declareTopology(
  connection: ChannelModel,
  names: Topology,
  limits: QueueLimits,
  retention: StreamRetention,
  logger?: Logger,
): Promise<void> {
  const open = async () => {
    const created = await connection.createChannel();
    created.on('error', () => undefined); // a refused declaration closes it; reported where it is awaited
    return created;
  };
  let channel = await open();
  /**
   * Declares what is missing and keeps what exists. A failure is reported and passed over: another
   * replica declared it with other settings in between, or (in a cluster) the node holding a classic
   * queue of an older version is down. A service must still connect to the live nodes then.
   */
  const declareIfMissing = async (queue: string, args: Record<string, unknown>, what: string) => {
    if (await queueExists(connection, queue)) return;
    try {
      await channel.assertQueue(queue, { durable: true, arguments: args });
    } catch (error) {
      logger?.warn({ err: (error as Error).message, queue }, `${what} could not be declared; keeping what the broker has`);
      channel = await open();
    }
  };
  try {
    for (const exchange of Object.values(names.exchanges)) await channel.assertExchange(exchange, 'topic', { durable: true });
    for (const queue of Object.values(names.queues)) {
      await declareIfMissing(queue, queueArguments(names, queue, limits), 'queue');
      // Delay queue: a message waits out its expiration here, then returns to its work queue. A quorum
      // queue, replicated like the work queue: a classic one would be lost with the node that holds it.
      if (queue !== names.queues.dead)
        await declareIfMissing(
          retryQueueOf(queue),
          { ...QUORUM, 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': queue },
          'retry queue',
        );
    }
    for (const stream of Object.values(names.streams)) await declareIfMissing(stream, streamArguments(retention), 'stream');
    for (const binding of names.bindings) {
      for (const pattern of binding.patterns) {
        try {
          await channel.bindQueue(binding.queue, binding.exchange, pattern);
        } catch (error) {
          logger?.warn(
            { err: (error as Error).message, queue: binding.queue, pattern },
            'could not bind; the binding the broker has stays',
          );
          channel = await open();
        }
      }
    }
    channel = await retireQueues(connection, channel, names, open, logger);
  } finally {
    await closeQuietly(channel);
  }
}

/**
 * A subscription's private queue: named by the broker, exclusive to the connection and gone with it,
 * bound to `exchange` with each pattern. Returns its name.
 */
export async function declareSubscriptionQueue(channel: Channel, exchange: string, patterns: string[]): Promise<string> {
  const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true, durable: false });
  for (const pattern of patterns) await channel.bindQueue(queue, exchange, pattern);
  return queue;
}

/**
 * Queues an earlier version declared (the scorer's shared queue, the sentinel's queue without a single
 * active consumer). Left bound, nobody would consume them: they would fill to their length limit and
 * the broker would then refuse every publish. So they are unbound at once and deleted when empty; one
 * that still holds messages is kept, with a warning, for a person to look at (docs/operations.md).
 */
async function retireQueues(
  connection: ChannelModel,
  channel: Channel,
  names: Topology,
  open: () => Promise<Channel>,
  logger?: Logger,
): Promise<Channel> {
  let current = channel;
  for (const queue of names.retiredQueues) {
    if (!(await queueExists(connection, queue))) continue;
    try {
      for (const binding of [...retiredBindings(names)]) await current.unbindQueue(queue, binding.exchange, binding.pattern);
      const { messageCount } = await current.checkQueue(queue);
      const retry = (await queueExists(connection, retryQueueOf(queue))) ? (await current.checkQueue(retryQueueOf(queue))).messageCount : 0;
      // Unbound above, so nothing new arrives; a quorum queue does not take if-empty, hence the count first.
      if (messageCount === 0 && retry === 0) {
        await current.deleteQueue(queue);
        await current.deleteQueue(retryQueueOf(queue));
        logger?.info({ queue }, 'retired queue of an earlier version deleted');
      } else {
        logger?.warn(
          { queue, messages: messageCount + retry },
          'retired queue of an earlier version still holds messages: it is unbound and no longer consumed; its events are in the archive (docs/operations.md: "Upgrading to the scorer stream")',
        );
      }
    } catch (error) {
      logger?.warn({ err: (error as Error).message, queue }, 'could not retire a queue of an earlier version');
      current = await open();
    }
  }
  return current;
}

/** What the retired queues were bound to. */
function retiredBindings(names: Topology): { exchange: string; pattern: string }[] {
  return [
    { exchange: names.exchanges.events, pattern: 'event.#' },
    { exchange: names.exchanges.events, pattern: 'duplicate.#' },
    { exchange: names.exchanges.deadLetter, pattern: 'rejected.#' },
  ];
}

/** A passive declare on a channel of its own: a missing queue closes the channel with 404. */
async function queueExists(connection: ChannelModel, queue: string): Promise<boolean> {
  const probe: Channel = await connection.createChannel();
  probe.on('error', () => undefined);
  try {
    await probe.checkQueue(queue);
    await closeQuietly(probe);
    return true;
  } catch {
    return false;
  }
}

async function closeQuietly(channel: Channel): Promise<void> {
  await channel.close().catch(() => undefined);
}
