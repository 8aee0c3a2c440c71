/**
 * AMQP over TLS against a RabbitMQ node of the test's own (never the shared broker): certificates made
 * here with openssl, a TLS listener that verifies clients and requires their certificate (mutual TLS).
 * Skipped, saying why, only when rabbitmq-server is not installed.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import pino from 'pino';
import { commonSettings, loadConfig } from '@shelflife/config';
import { deleteTopology, requireBroker } from './amqp-admin';
import { AmqpBus } from './amqp-bus';
import { connectAmqp } from './amqp-tls';
import { busOptionsFrom, createBus } from './create-bus';
import type { IncomingMessage } from './event-bus';
import { makeTestCertificates, type TestCertificates } from './testing/test-certificates';
import { rabbitmqTool, startTlsRabbitNode, type TlsRabbitNode } from './testing/tls-rabbit-node';
import { routingKeys, topology } from './topology';

const installed = rabbitmqTool('rabbitmq-server') !== undefined && rabbitmqTool('rabbitmqctl') !== undefined;
if (!installed) console.warn('amqp-tls.rabbitmq.spec skipped: rabbitmq-server is not installed (apt-get install rabbitmq-server)');
const describeWithRabbitmq = installed ? describe : describe.skip;

/** A bus built the way every service builds it: environment, libs/config, busOptionsFrom, createBus. */
function serviceBus(env: Record<string, string>): AmqpBus {
  const bus = createBus({ ...busOptionsFrom(loadConfig(commonSettings, env)), logger });
  if (!(bus instanceof AmqpBus)) throw new Error(`createBus made a ${bus.kind} bus for AMQP_URL=${env.AMQP_URL}`);
  return bus;
}

const logger = pino({ level: 'silent' });
/** Starting a node takes about ten seconds; the handshake failures are quick. */
const NODE_START_MS = 120_000;
const TEST_MS = 30_000;

describeWithRabbitmq('AMQP over TLS (a RabbitMQ node of its own that requires client certificates)', () => {
  let dir: string;
  let certs: TestCertificates;
  let node: TlsRabbitNode | undefined;
  const buses: AmqpBus[] = [];

  const url = (host = 'localhost') => `amqps://guest:guest@${host}:${node!.tlsPort}`;

  function busFrom(env: Record<string, string>): AmqpBus {
    const bus = serviceBus(env);
    buses.push(bus);
    return bus;
  }

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shelflife-amqp-tls-'));
    fs.chmodSync(dir, 0o755); // the broker's user reaches its data and certificates through it
    certs = makeTestCertificates(path.join(dir, 'certs'));
    node = await startTlsRabbitNode(
      path.join(dir, 'node'),
      { caFile: certs.caFile, certFile: certs.serverCertFile, keyFile: certs.serverKeyFile },
      true,
    );
  }, NODE_START_MS);

  afterAll(async () => {
    for (const bus of buses) await bus.close();
    await node?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }, NODE_START_MS);

  it(
    'publishes and consumes through the bus over amqps with the CA and the client certificate',
    async () => {
      const prefix = `tls-${randomUUID().slice(0, 8)}`;
      const bus = busFrom({
        AMQP_URL: url(),
        SHELFLIFE_BUS_PREFIX: prefix,
        SHELFLIFE_AMQP_CA_FILE: certs.caFile,
        SHELFLIFE_AMQP_CERT_FILE: certs.clientCertFile,
        SHELFLIFE_AMQP_KEY_FILE: certs.clientKeyFile,
      });
      await bus.start();
      const names = topology(prefix);
      const received = new Promise<IncomingMessage>((resolve) => {
        void bus.consume(names.queues.archiveEvents, async (message) => {
          resolve(message);
          return { action: 'ack' };
        });
      });
      await bus.publish({ exchange: names.exchanges.events, routingKey: routingKeys.event('view'), body: Buffer.from('{"over":"tls"}') });
      expect((await received).body.toString()).toBe('{"over":"tls"}');

      // The broker's own word: the connection is TLS and it knows the client by its certificate.
      const listing = execFileSync(rabbitmqTool('rabbitmqctl')!, [
        '-n',
        node!.nodeName,
        'list_connections',
        '--quiet',
        'ssl',
        'peer_cert_subject',
        'client_properties',
      ]).toString();
      const ours = listing.split('\n').find((line) => line.includes(bus.connectionName));
      expect(ours).toMatch(/^true\t/);
      expect(ours).toContain('CN=shelflife-test-client');

      // The admin helpers take the same settings (they clean up over TLS too).
      const tls = { caFile: certs.caFile, certFile: certs.clientCertFile, keyFile: certs.clientKeyFile };
      await expect(requireBroker(url('127.0.0.1'), tls)).resolves.toBeUndefined();
      await bus.close();
      await deleteTopology(url(), prefix, [], tls);
    },
    TEST_MS,
  );

  it(
    'refuses a broker whose certificate another CA signed, saying to check SHELFLIFE_AMQP_CA_FILE',
    async () => {
      const bus = busFrom({
        AMQP_URL: url(),
        SHELFLIFE_AMQP_CA_FILE: certs.otherCaFile,
        SHELFLIFE_AMQP_CERT_FILE: certs.clientCertFile,
        SHELFLIFE_AMQP_KEY_FILE: certs.clientKeyFile,
      });
      const failure = bus.start();
      await expect(failure).rejects.toThrow(/no RabbitMQ node answered/);
      await expect(failure).rejects.toThrow(
        /the broker's certificate is not trusted \(.+\): is .*other-ca\.pem \(SHELFLIFE_AMQP_CA_FILE\) the CA that signed it\?/,
      );
    },
    TEST_MS,
  );

  it(
    'is refused by a broker that requires a client certificate when it has none, saying to set SHELFLIFE_AMQP_CERT_FILE and _KEY_FILE',
    async () => {
      const bus = busFrom({ AMQP_URL: url(), SHELFLIFE_AMQP_CA_FILE: certs.caFile });
      const failure = bus.start();
      await expect(failure).rejects.toThrow(/it requires a client certificate; set SHELFLIFE_AMQP_CERT_FILE and SHELFLIFE_AMQP_KEY_FILE/);
      expect(bus.isConnected()).toBe(false);
    },
    TEST_MS,
  );

  it(
    'is refused with a client certificate the broker does not trust, saying which file',
    async () => {
      const bus = busFrom({
        AMQP_URL: url(),
        SHELFLIFE_AMQP_CA_FILE: certs.caFile,
        SHELFLIFE_AMQP_CERT_FILE: certs.strangerCertFile,
        SHELFLIFE_AMQP_KEY_FILE: certs.strangerKeyFile,
      });
      await expect(bus.start()).rejects.toThrow(
        /the broker refused the TLS handshake \(.+\): does it trust the CA that signed .*stranger\.pem/,
      );
    },
    TEST_MS,
  );

  it(
    'refuses a host name the broker certificate was not made for',
    async () => {
      const tls = { caFile: certs.caFile, certFile: certs.clientCertFile, keyFile: certs.clientKeyFile };
      // The name checked is the one the client asks for (SNI): here one the certificate does not carry.
      await expect(connectAmqp(url('127.0.0.1'), tls, { servername: 'not-in-the-certificate.test' })).rejects.toThrow(
        /the broker's certificate does not name the host of AMQP_URL \(ERR_TLS_CERT_ALTNAME_INVALID\)/,
      );
    },
    TEST_MS,
  );
});

describeWithRabbitmq('AMQP over TLS (a RabbitMQ node of its own that verifies itself only)', () => {
  let dir: string;
  let node: TlsRabbitNode | undefined;
  let bus: AmqpBus | undefined;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shelflife-amqp-tls-'));
    fs.chmodSync(dir, 0o755);
    const certs = makeTestCertificates(path.join(dir, 'certs'));
    node = await startTlsRabbitNode(
      path.join(dir, 'node'),
      { caFile: certs.caFile, certFile: certs.serverCertFile, keyFile: certs.serverKeyFile },
      false,
    );
  }, NODE_START_MS);

  afterAll(async () => {
    await bus?.close();
    await node?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }, NODE_START_MS);

  it(
    'connects with the CA alone, without a client certificate',
    async () => {
      const prefix = `tls-${randomUUID().slice(0, 8)}`;
      bus = serviceBus({
        AMQP_URL: `amqps://guest:guest@127.0.0.1:${node!.tlsPort}`,
        SHELFLIFE_BUS_PREFIX: prefix,
        SHELFLIFE_AMQP_CA_FILE: path.join(dir, 'certs', 'ca.pem'),
      });
      await bus.start();
      const names = topology(prefix);
      let resolveReceived: (body: string) => void = () => undefined;
      const received = new Promise<string>((resolve) => (resolveReceived = resolve));
      // Bound before the publish: a subscription sees only what comes after it.
      await bus.subscribe(names.exchanges.control, ['#'], async (message) => {
        resolveReceived(message.body.toString());
        return { action: 'ack' };
      });
      await bus.publish({ exchange: names.exchanges.control, routingKey: routingKeys.modelPublished, body: Buffer.from('{"model":1}') });
      expect(await received).toBe('{"model":1}');
      const listing = execFileSync(rabbitmqTool('rabbitmqctl')!, [
        '-n',
        node!.nodeName,
        'list_connections',
        '--quiet',
        'ssl',
        'client_properties',
      ]);
      expect(
        listing
          .toString()
          .split('\n')
          .find((line) => line.includes(bus!.connectionName)),
      ).toMatch(/^true\t/);
    },
    TEST_MS,
  );
});
