/**
 * Certificates for the TLS tests, made with the real openssl into a folder of the test's own: a CA, a
 * server certificate for localhost and 127.0.0.1 signed by it, a client certificate signed by it, and
 * a second, unrelated CA (the wrong one). Valid for a day; PEM files readable by the broker's user.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface TestCertificates {
  dir: string;
  caFile: string;
  serverCertFile: string;
  serverKeyFile: string;
  clientCertFile: string;
  clientKeyFile: string;
  /** A CA that signed none of the above. */
  otherCaFile: string;
  /** A client certificate the other CA signed (a broker that trusts only the first CA refuses it). */
  strangerCertFile: string;
  strangerKeyFile: string;
}

function openssl(dir: string, args: string[]): void {
  try {
    execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'], timeout: 30_000 });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim() ?? '';
    throw new Error(`openssl ${args.join(' ')} failed: ${stderr || (error as Error).message}`, { cause: error });
  }
}

function makeCa(dir: string, name: string, subject: string): void {
  openssl(dir, [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-sha256',
    '-days',
    '1',
    '-subj',
    subject,
    '-keyout',
    `${name}.key`,
    '-out',
    `${name}.pem`,
  ]);
}

function makeSigned(dir: string, name: string, subject: string, extensions: string[], ca = 'ca'): void {
  fs.writeFileSync(path.join(dir, `${name}.ext`), extensions.map((line) => `${line}\n`).join(''));
  openssl(dir, ['req', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-subj', subject, '-keyout', `${name}.key`, '-out', `${name}.csr`]);
  openssl(dir, [
    'x509',
    '-req',
    '-sha256',
    '-days',
    '1',
    '-in',
    `${name}.csr`,
    '-CA',
    `${ca}.pem`,
    '-CAkey',
    `${ca}.key`,
    '-CAcreateserial',
    '-extfile',
    `${name}.ext`,
    '-out',
    `${name}.pem`,
  ]);
}

/** Makes every certificate into `dir` (created when missing). */
export function makeTestCertificates(dir: string): TestCertificates {
  fs.mkdirSync(dir, { recursive: true });
  makeCa(dir, 'ca', '/CN=shelflife-test-ca');
  makeCa(dir, 'other-ca', '/CN=shelflife-test-other-ca');
  makeSigned(dir, 'server', '/CN=localhost', [
    'basicConstraints = CA:FALSE',
    'keyUsage = critical, digitalSignature, keyEncipherment',
    'extendedKeyUsage = serverAuth',
    'subjectAltName = DNS:localhost, IP:127.0.0.1',
  ]);
  const client = ['basicConstraints = CA:FALSE', 'keyUsage = critical, digitalSignature, keyEncipherment', 'extendedKeyUsage = clientAuth'];
  makeSigned(dir, 'client', '/CN=shelflife-test-client', client);
  makeSigned(dir, 'stranger', '/CN=shelflife-test-stranger', client, 'other-ca');
  // The broker runs as its own user (Debian's wrapper drops to rabbitmq): it must read its key and the CA.
  fs.chmodSync(dir, 0o755);
  for (const file of fs.readdirSync(dir)) fs.chmodSync(path.join(dir, file), 0o644);
  const at = (file: string) => path.join(dir, file);
  return {
    dir,
    caFile: at('ca.pem'),
    serverCertFile: at('server.pem'),
    serverKeyFile: at('server.key'),
    clientCertFile: at('client.pem'),
    clientKeyFile: at('client.key'),
    otherCaFile: at('other-ca.pem'),
    strangerCertFile: at('stranger.pem'),
    strangerKeyFile: at('stranger.key'),
  };
}
