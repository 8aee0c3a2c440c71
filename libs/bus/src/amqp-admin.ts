import { connectAmqp, type AmqpTls } from './amqp-tls';
import { retryQueueOf } from './amqp-topology';
import { topology } from './topology';

/** Deletes every exchange, queue and stream of a prefix (tests and benchmarks clean up after themselves). */
export async function deleteTopology(amqpUrl: string, prefix: string, extraQueues: string[] = [], tls?: AmqpTls): Promise<void> {
  const names = topology(prefix);
  const connection = await connectAmqp(amqpUrl, tls);
  try {
    const channel = await connection.createChannel();
    for (const queue of [...Object.values(names.queues), ...Object.values(names.streams), ...names.retiredQueues, ...extraQueues]) {
      await channel.deleteQueue(queue);
      await channel.deleteQueue(retryQueueOf(queue));
    }
    for (const exchange of Object.values(names.exchanges)) await channel.deleteExchange(exchange);
  } finally {
    await connection.close();
  }
}

/** Fails with a message that says what to do when the broker is not there. */
export async function requireBroker(amqpUrl: string, tls?: AmqpTls): Promise<void> {
  try {
    await (await connectAmqp(amqpUrl, tls)).close();
  } catch (error) {
    throw new Error(
      `RabbitMQ is not reachable at ${amqpUrl} (${(error as Error).message}). Start it with "rabbitmq-server -detached" or set AMQP_URL.`,
      { cause: error },
    );
  }
}
