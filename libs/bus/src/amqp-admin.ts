import * as amqp from 'amqplib';
import { topology } from './topology';

/** Deletes every exchange, queue and stream of a prefix (tests and benchmarks clean up after themselves). */
export async function deleteTopology(amqpUrl: string, prefix: string, extraQueues: string[] = []): Promise<void> {
  const names = topology(prefix);
  const connection = await amqp.connect(amqpUrl);
  try {
    const channel = await connection.createChannel();
    for (const queue of [...Object.values(names.queues), ...Object.values(names.streams), ...names.retiredQueues, ...extraQueues]) {
      await channel.deleteQueue(queue);
      await channel.deleteQueue(`${queue}.retry`);
    }
    for (const exchange of Object.values(names.exchanges)) await channel.deleteExchange(exchange);
  } finally {
    await connection.close();
  }
}

/** Fails with a message that says what to do when the broker is not there. */
export async function requireBroker(amqpUrl: string): Promise<void> {
  try {
    await (await amqp.connect(amqpUrl)).close();
  } catch (error) {
    throw new Error(
      `RabbitMQ is not reachable at ${amqpUrl} (${(error as Error).message}). Start it with "rabbitmq-server -detached" or set AMQP_URL.`,
      { cause: error },
    );
  }
}
