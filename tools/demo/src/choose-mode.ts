import * as net from 'node:net';

export type DemoMode = { kind: 'rabbitmq'; amqpUrl: string; why: string } | { kind: 'embedded'; why: string };

/** RabbitMQ when AMQP_URL is set or a broker answers on localhost; otherwise everything in one process. */
export async function chooseMode(env: NodeJS.ProcessEnv = process.env, forceEmbedded = false): Promise<DemoMode> {
  if (forceEmbedded) return { kind: 'embedded', why: '--embedded was given' };
  if (env.AMQP_URL) return { kind: 'rabbitmq', amqpUrl: env.AMQP_URL, why: 'AMQP_URL is set' };
  if (await reachable('127.0.0.1', 5672, 500)) {
    return { kind: 'rabbitmq', amqpUrl: 'amqp://guest:guest@127.0.0.1:5672', why: 'a RabbitMQ broker answers on 127.0.0.1:5672' };
  }
  return { kind: 'embedded', why: 'AMQP_URL is unset and no broker answers on 127.0.0.1:5672' };
}

function reachable(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
