import { answers, LOCAL_BROKER_URL } from '@shelflife/bus';

export type DemoMode = { kind: 'rabbitmq'; amqpUrl: string; why: string } | { kind: 'embedded'; why: string };

/** RabbitMQ when AMQP_URL is set or a broker answers on localhost (as a service started by hand finds it); otherwise everything in one process. */
export async function chooseMode(env: NodeJS.ProcessEnv = process.env, forceEmbedded = false): Promise<DemoMode> {
  if (forceEmbedded) return { kind: 'embedded', why: '--embedded was given' };
  if (env.AMQP_URL) return { kind: 'rabbitmq', amqpUrl: env.AMQP_URL, why: 'AMQP_URL is set' };
  if (await answers('127.0.0.1', 5672, 500)) {
    return { kind: 'rabbitmq', amqpUrl: LOCAL_BROKER_URL, why: 'a RabbitMQ broker answers on localhost:5672' };
  }
  return { kind: 'embedded', why: 'AMQP_URL is unset and no broker answers on localhost:5672' };
}
