import * as net from 'node:net';
import pino from 'pino';
import { answers, brokerForStandalone, LOCAL_BROKER_URL } from './local-broker';

function capture() {
  const lines: { level: number; msg: string }[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line) as { level: number; msg: string }) });
  return { logger, lines };
}

describe('brokerForStandalone (nx serve without AMQP_URL)', () => {
  it('keeps AMQP_URL when it is set, without probing', async () => {
    const { logger } = capture();
    const probe = jest.fn(async () => true);
    expect(await brokerForStandalone('amqp://elsewhere:5672', logger, probe)).toBe('amqp://elsewhere:5672');
    expect(probe).not.toHaveBeenCalled();
  });

  it('uses the local broker when one answers, and says so', async () => {
    const { logger, lines } = capture();
    expect(await brokerForStandalone(undefined, logger, async () => true)).toBe(LOCAL_BROKER_URL);
    expect(lines).toEqual([
      expect.objectContaining({ level: 30, msg: expect.stringMatching(/using the RabbitMQ that answers on localhost:5672/) }),
    ]);
  });

  it('warns loudly that it runs alone when none answers', async () => {
    const { logger, lines } = capture();
    expect(await brokerForStandalone(undefined, logger, async () => false)).toBeUndefined();
    expect(lines).toEqual([expect.objectContaining({ level: 40, msg: expect.stringMatching(/runs ALONE on the in-process bus/) })]);
  });
});

it('answers tells a listening port from a closed one', async () => {
  const server = net.createServer((socket) => socket.end());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  expect(await answers('127.0.0.1', port, 1_000)).toBe(true);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  expect(await answers('127.0.0.1', port, 1_000)).toBe(false);
});
