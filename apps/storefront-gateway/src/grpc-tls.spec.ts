/**
 * TLS between services through their real start(): the collector serves mutual TLS when its settings
 * name certificate files, and the gateway, given the same kind of settings, gets events confirmed by it;
 * a gateway without a client certificate is refused. Certificates are made by openssl for the test.
 */
import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import pino from 'pino';
import { service as healthService } from 'grpc-health-check';
import { InProcessBus } from '@shelflife/bus';
import { grpcChannel, type GrpcTlsSettings } from '@shelflife/service-kit';
import { makeTestCertificates, opensslMissing, type TestCertificates } from '@shelflife/service-kit/testing';
// The real collector in this process, as app.spec.ts has it: what is tested is the pair's own start-up.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { start as startCollector, type CollectorHandle } from '../../event-collector/src/app';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { loadCollectorConfig } from '../../event-collector/src/config';
import { start, type GatewayHandle } from './app';
import { loadGatewayConfig } from './config';

const missing = opensslMissing();
if (missing) process.stdout.write(`skipping the TLS-between-services tests: ${missing}\n`);
const describeWithOpenssl = missing ? describe.skip : describe;

describeWithOpenssl('gateway to collector over mutual TLS', () => {
  let certs: TestCertificates;
  let bus: InProcessBus;
  let collector: CollectorHandle;
  const gateways: GatewayHandle[] = [];

  beforeAll(async () => {
    certs = makeTestCertificates();
    bus = new InProcessBus({ logger: pino({ level: 'silent' }) });
    collector = await startCollector(
      loadCollectorConfig({
        LOG_LEVEL: 'silent',
        SHELFLIFE_GRPC_PORT: '0',
        SHELFLIFE_GRPC_HOST: '127.0.0.1',
        SHELFLIFE_GRPC_TLS_CERT_FILE: certs.server.cert,
        SHELFLIFE_GRPC_TLS_KEY_FILE: certs.server.key,
        SHELFLIFE_GRPC_TLS_CA_FILE: certs.ca.cert,
      }),
      { bus, withAdmin: false },
    );
  });

  afterAll(async () => {
    await Promise.all(gateways.map((gateway) => gateway.stop()));
    await collector.stop();
    await bus.close();
    certs.remove();
  });

  async function gateway(tls: Record<string, string>): Promise<string> {
    const handle = await start(
      loadGatewayConfig({
        LOG_LEVEL: 'silent',
        SHELFLIFE_HTTP_PORT: '0',
        SHELFLIFE_ACK_DEADLINE_MS: '1000',
        SHELFLIFE_COLLECTOR_ADDR: `127.0.0.1:${collector.grpcPort}`,
        // No scorer: recommendations are not what this test is about.
        SHELFLIFE_SCORER_ADDR: '127.0.0.1:1',
        ...tls,
      }),
      { withAdmin: false },
    );
    gateways.push(handle);
    return `http://127.0.0.1:${handle.httpPort}`;
  }

  const postEvent = (url: string) =>
    fetch(`${url}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        events: [
          { eventId: randomUUID(), type: 'view', sessionId: 's-1', productId: 'p-1', occurredAt: new Date().toISOString(), source: 'web' },
        ],
      }),
    });

  it('the collector started from its settings serves mutual TLS only', async () => {
    const health = async (settings: GrpcTlsSettings) => {
      const channel = grpcChannel(settings, undefined, {});
      const client = new grpc.Client(`127.0.0.1:${collector.grpcPort}`, channel.credentials, channel.options);
      const { path, requestSerialize, responseDeserialize } = healthService.Check!;
      try {
        return await new Promise<string>((resolve) =>
          client.makeUnaryRequest(
            path,
            requestSerialize,
            responseDeserialize,
            { service: '' },
            new grpc.Metadata(),
            { deadline: new Date(Date.now() + 3_000) },
            (error, response?: { status?: unknown }) => resolve(error ? grpc.status[error.code] : String(response?.status)),
          ),
        );
      } finally {
        client.close();
      }
    };
    expect(await health({ grpcTlsCaFile: certs.ca.cert, grpcTlsCertFile: certs.client.cert, grpcTlsKeyFile: certs.client.key })).toBe(
      'SERVING',
    );
    expect(await health({})).toBe('UNAVAILABLE');
    expect(await health({ grpcTlsCaFile: certs.ca.cert })).toBe('UNAVAILABLE');
  });

  it('a gateway with the CA and its certificate gets events confirmed by the collector', async () => {
    const url = await gateway({
      SHELFLIFE_GRPC_TLS_CERT_FILE: certs.client.cert,
      SHELFLIFE_GRPC_TLS_KEY_FILE: certs.client.key,
      SHELFLIFE_GRPC_TLS_CA_FILE: certs.ca.cert,
    });
    const response = await postEvent(url);
    expect(response.status).toBe(202);
    expect(await response.json()).toMatchObject({ accepted: 1 });
  });

  it('a gateway without a client certificate, or in plaintext, cannot reach it (503)', async () => {
    const settings: Record<string, string>[] = [{ SHELFLIFE_GRPC_TLS_CA_FILE: certs.ca.cert }, {}];
    for (const tls of settings) {
      const response = await postEvent(await gateway(tls));
      expect(response.status).toBe(503);
    }
  });
});
