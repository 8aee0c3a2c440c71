import * as net from 'node:net';
import type { Logger } from 'pino';

/** RabbitMQ's own default for a broker on this machine (the guest user may only log in from localhost). */
export const LOCAL_BROKER_URL = 'amqp://guest:guest@127.0.0.1:5672';

/** Resolves whether something accepts TCP connections on host:port within the time. */
export function answers(host: string, port: number, timeoutMs: number): Promise<boolean> {
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

/**
 * The broker a service started by hand (`nx serve <app>`) should use: AMQP_URL when set; else the
 * RabbitMQ that answers on localhost:5672, said in the log; else none, said loudly, because a service
 * alone on the in-process bus sees no event from the others and looks as if it works.
 */
export async function brokerForStandalone(
  amqpUrl: string | undefined,
  logger: Logger,
  probe: () => Promise<boolean> = () => answers('127.0.0.1', 5672, 500),
): Promise<string | undefined> {
  if (amqpUrl) return amqpUrl;
  if (await probe()) {
    logger.info(
      { amqpUrl: LOCAL_BROKER_URL.replace(/\/\/[^@]*@/, '//') },
      'AMQP_URL is not set: using the RabbitMQ that answers on localhost:5672 (set AMQP_URL to choose another)',
    );
    return LOCAL_BROKER_URL;
  }
  logger.warn(
    'AMQP_URL is not set and no RabbitMQ answers on localhost:5672: this service runs ALONE on the in-process bus and will see no event from the other services; start RabbitMQ or set AMQP_URL (the all-in-one demo is `npm run demo -- --embedded`)',
  );
  return undefined;
}
