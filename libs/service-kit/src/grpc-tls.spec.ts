/**
 * TLS and mutual TLS on a real gRPC server (startGrpcServer, its health service) with certificates made
 * by openssl: what is accepted, what is refused, a certificate renewed in place, and the start-up checks.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tls from 'node:tls';
import { X509Certificate } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { service as healthService } from 'grpc-health-check';
import { ConfigError } from '@shelflife/config';
import { issueCertificate, makeTestCertificates, opensslMissing, type TestCertificates } from './testing';
import { startGrpcServer, type RunningGrpcServer } from './grpc-server';
import { checkGrpcTls, describeGrpcTls, grpcChannel, type GrpcTlsSettings } from './grpc-tls';

const missing = opensslMissing();
if (missing) process.stdout.write(`skipping the gRPC TLS tests: ${missing}\n`);
const describeWithOpenssl = missing ? describe.skip : describe;

/** grpc.health.v1.Health/Check for the whole server: SERVING, or the gRPC error of the refused call. */
async function check(target: string, settings: GrpcTlsSettings): Promise<string> {
  const channel = grpcChannel(settings, undefined, {});
  const client = new grpc.Client(target, channel.credentials, channel.options);
  const { path: method, requestSerialize, responseDeserialize } = healthService.Check!;
  try {
    return await new Promise<string>((resolve) => {
      client.makeUnaryRequest(
        method,
        requestSerialize,
        responseDeserialize,
        { service: '' },
        new grpc.Metadata(),
        { deadline: new Date(Date.now() + 3_000) },
        (error, response?: { status?: unknown }) =>
          resolve(error ? `${grpc.status[error.code]}: ${error.details}` : String(response?.status)),
      );
    });
  } finally {
    client.close();
  }
}

describeWithOpenssl('gRPC over TLS', () => {
  let certs: TestCertificates;
  const servers: RunningGrpcServer[] = [];

  beforeAll(() => {
    certs = makeTestCertificates();
  });

  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.stop(500)));
  });

  afterAll(() => certs.remove());

  async function serve(settings: GrpcTlsSettings): Promise<string> {
    const server = await startGrpcServer({ port: 0, host: '127.0.0.1', tls: settings, services: [] });
    servers.push(server);
    server.setServing('SERVING');
    return `127.0.0.1:${server.port}`;
  }

  it('serves TLS with its certificate to clients that trust the CA, and refuses plaintext and other CAs', async () => {
    const target = await serve({ grpcTlsCertFile: certs.server.cert, grpcTlsKeyFile: certs.server.key });
    expect(servers[0]!.tls.mode).toBe('tls');
    expect(await check(target, { grpcTlsCaFile: certs.ca.cert })).toBe('SERVING');
    expect(await check(`localhost:${target.split(':')[1]}`, { grpcTlsCaFile: certs.ca.cert })).toBe('SERVING');
    // A server without a CA asks for no client certificate: a client that has one still gets in.
    expect(
      await check(target, { grpcTlsCaFile: certs.ca.cert, grpcTlsCertFile: certs.client.cert, grpcTlsKeyFile: certs.client.key }),
    ).toBe('SERVING');
    expect(await check(target, {})).toMatch(/^UNAVAILABLE/);
    expect(await check(target, { grpcTlsCaFile: certs.foreignCa.cert })).toMatch(/^UNAVAILABLE/);
  });

  it('with a CA set, requires a client certificate signed by it (mutual TLS)', async () => {
    const target = await serve({ grpcTlsCertFile: certs.server.cert, grpcTlsKeyFile: certs.server.key, grpcTlsCaFile: certs.ca.cert });
    expect(servers[0]!.tls.mode).toBe('mutual-tls');
    expect(
      await check(target, { grpcTlsCaFile: certs.ca.cert, grpcTlsCertFile: certs.client.cert, grpcTlsKeyFile: certs.client.key }),
    ).toBe('SERVING');
    expect(await check(target, { grpcTlsCaFile: certs.ca.cert })).toMatch(/^UNAVAILABLE/);
    expect(
      await check(target, {
        grpcTlsCaFile: certs.ca.cert,
        grpcTlsCertFile: certs.foreignClient.cert,
        grpcTlsKeyFile: certs.foreignClient.key,
      }),
    ).toMatch(/^UNAVAILABLE/);
    expect(await check(target, {})).toMatch(/^UNAVAILABLE/);
  });

  it('checks the name in the certificate, which SHELFLIFE_GRPC_TLS_SERVER_NAME sets for targets given as addresses', async () => {
    const named = issueCertificate(certs.dir, certs.ca, 'named-server', ['DNS:event-collector.shelflife.svc']);
    const target = await serve({ grpcTlsCertFile: named.cert, grpcTlsKeyFile: named.key });
    expect(await check(target, { grpcTlsCaFile: certs.ca.cert })).toMatch(/^UNAVAILABLE/);
    expect(await check(target, { grpcTlsCaFile: certs.ca.cert, grpcTlsServerName: 'event-collector.shelflife.svc' })).toBe('SERVING');
  });

  it('serves a certificate renewed in place to new connections, without a restart', async () => {
    // Like a Kubernetes Secret volume: the files change under the same names.
    const live = { cert: path.join(certs.dir, 'live.crt'), key: path.join(certs.dir, 'live.key') };
    fs.copyFileSync(certs.server.cert, live.cert);
    fs.copyFileSync(certs.server.key, live.key);
    const target = await serve({ grpcTlsCertFile: live.cert, grpcTlsKeyFile: live.key, grpcTlsReloadMs: 1_000 });
    const port = Number(target.split(':')[1]);
    const serial = (file: string) => new X509Certificate(fs.readFileSync(file)).serialNumber;
    expect(await servedSerial(port, certs.ca.cert)).toBe(serial(certs.server.cert));
    // Key first, then certificate, each replaced whole (rename), as a volume update swaps them together.
    for (const [from, to] of [
      [certs.renewedServer.key, live.key],
      [certs.renewedServer.cert, live.cert],
    ] as const) {
      fs.copyFileSync(from, `${to}.new`);
      fs.renameSync(`${to}.new`, to);
    }
    const deadline = Date.now() + 5_000;
    while ((await servedSerial(port, certs.ca.cert)) !== serial(certs.renewedServer.cert) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(await servedSerial(port, certs.ca.cert)).toBe(serial(certs.renewedServer.cert));
    expect(await check(target, { grpcTlsCaFile: certs.ca.cert })).toBe('SERVING');
  });

  it('refuses to start on settings it cannot use, naming each variable', async () => {
    const problems = (settings: GrpcTlsSettings, role: 'server' | 'client' = 'server') => {
      try {
        checkGrpcTls(settings, role);
        return [];
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as ConfigError).problems;
      }
    };
    expect(problems({ grpcTlsCertFile: certs.server.cert })).toEqual([
      expect.stringMatching(/^SHELFLIFE_GRPC_TLS_CERT_FILE is set but SHELFLIFE_GRPC_TLS_KEY_FILE is not/),
    ]);
    expect(problems({ grpcTlsKeyFile: certs.server.key })).toEqual([
      expect.stringMatching(/^SHELFLIFE_GRPC_TLS_KEY_FILE is set but SHELFLIFE_GRPC_TLS_CERT_FILE is not/),
    ]);
    expect(problems({ grpcTlsCaFile: certs.ca.cert })).toEqual([expect.stringMatching(/needs its own certificate and key/)]);
    // A client with only the CA is fine: it verifies servers and presents nothing.
    expect(problems({ grpcTlsCaFile: certs.ca.cert }, 'client')).toEqual([]);
    const absent = path.join(certs.dir, 'absent.crt');
    expect(problems({ grpcTlsCertFile: absent, grpcTlsKeyFile: certs.server.key })).toEqual([
      `SHELFLIFE_GRPC_TLS_CERT_FILE=${absent}: cannot read it (ENOENT); point it at a readable PEM file`,
    ]);
    // Certificate and key swapped, a key that is not the certificate's, a CA file that is no certificate.
    expect(problems({ grpcTlsCertFile: certs.server.key, grpcTlsKeyFile: certs.server.cert, grpcTlsCaFile: certs.ca.key })).toEqual([
      expect.stringMatching(/^SHELFLIFE_GRPC_TLS_CERT_FILE=.*server\.key: no PEM certificate in it/),
      expect.stringMatching(/^SHELFLIFE_GRPC_TLS_KEY_FILE=.*server\.crt: no PEM private key in it/),
      expect.stringMatching(/^SHELFLIFE_GRPC_TLS_CA_FILE=.*test-ca\.key: no PEM certificate in it/),
    ]);
    expect(problems({ grpcTlsCertFile: certs.server.cert, grpcTlsKeyFile: certs.client.key })).toEqual([
      expect.stringMatching(
        /^SHELFLIFE_GRPC_TLS_KEY_FILE=.*client\.key: this key does not belong to the certificate in SHELFLIFE_GRPC_TLS_CERT_FILE/,
      ),
    ]);
    const garbled = path.join(certs.dir, 'garbled.crt');
    fs.writeFileSync(garbled, '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n');
    expect(problems({ grpcTlsCaFile: garbled }, 'client')).toEqual([
      expect.stringMatching(/^SHELFLIFE_GRPC_TLS_CA_FILE=.*: the certificate cannot be read/),
    ]);
    // startGrpcServer checks before it binds anything.
    await expect(
      startGrpcServer({ port: 0, host: '127.0.0.1', tls: { grpcTlsCertFile: certs.server.cert }, services: [] }),
    ).rejects.toThrow(ConfigError);
  });

  it('says in one line what protects the links', () => {
    expect(describeGrpcTls(checkGrpcTls({}, 'server'), 'server')).toMatch(/^gRPC server serves in plaintext: SHELFLIFE_GRPC_TLS_CERT_FILE/);
    const mutual = checkGrpcTls(
      { grpcTlsCertFile: certs.server.cert, grpcTlsKeyFile: certs.server.key, grpcTlsCaFile: certs.ca.cert },
      'server',
    );
    expect(describeGrpcTls(mutual, 'server')).toMatch(
      /^gRPC server serves mutual TLS as "CN=server" \(until .*\); client certificates signed by "CN=test-ca" required/,
    );
    expect(describeGrpcTls(checkGrpcTls({ grpcTlsCaFile: certs.ca.cert }, 'client'), 'client')).toMatch(
      /^gRPC clients call over TLS: servers verified against "CN=test-ca", no client certificate/,
    );
  });
});

/** The serial number of the certificate a new TLS connection to the port is shown. */
function servedSerial(port: number, caFile: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect(
      { host: '127.0.0.1', port, servername: 'localhost', ca: fs.readFileSync(caFile), ALPNProtocols: ['h2'] },
      () => {
        const serial = socket.getPeerCertificate().serialNumber;
        socket.destroy();
        resolve(serial);
      },
    );
    socket.once('error', reject);
  });
}
