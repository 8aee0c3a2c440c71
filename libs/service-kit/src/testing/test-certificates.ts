/**
 * Certificates for tests, made by the real openssl into a temporary folder: a CA, certificates it
 * signs, and a second CA nobody trusts, so a test can prove TLS refuses what it must.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface CertificateFiles {
  cert: string;
  key: string;
}

export interface TestCertificates {
  dir: string;
  /** The CA the services trust. */
  ca: CertificateFiles;
  /** A CA nobody trusts, and what it signs. */
  foreignCa: CertificateFiles;
  /** For localhost and 127.0.0.1, signed by `ca`; usable as server and as client certificate. */
  server: CertificateFiles;
  /** A client certificate signed by `ca`. */
  client: CertificateFiles;
  /** A client certificate signed by `foreignCa`. */
  foreignClient: CertificateFiles;
  /** Another server certificate for localhost, signed by `ca` (a renewal). */
  renewedServer: CertificateFiles;
  remove(): void;
}

/** Why certificates cannot be made here, or undefined when openssl answers. */
export function opensslMissing(): string | undefined {
  try {
    execFileSync('openssl', ['version'], { stdio: 'pipe' });
    return undefined;
  } catch (error) {
    return `openssl cannot be run (${(error as Error).message}): install it (apt-get install openssl) to run the TLS tests`;
  }
}

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

/** A self-signed CA (EC P-256, valid a day). */
export function makeCa(dir: string, name: string): CertificateFiles {
  const files = { cert: path.join(dir, `${name}.crt`), key: path.join(dir, `${name}.key`) };
  openssl(dir, [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    files.key,
    '-out',
    files.cert,
    '-days',
    '1',
    '-subj',
    `/CN=${name}`,
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  return files;
}

/** A certificate signed by `ca` for the given subject alternative names (e.g. DNS:localhost, IP:127.0.0.1), for servers and clients alike. */
export function issueCertificate(dir: string, ca: CertificateFiles, name: string, altNames: string[]): CertificateFiles {
  const files = { cert: path.join(dir, `${name}.crt`), key: path.join(dir, `${name}.key`) };
  const request = path.join(dir, `${name}.csr`);
  const extensions = path.join(dir, `${name}.ext`);
  fs.writeFileSync(
    extensions,
    [
      'basicConstraints=critical,CA:FALSE',
      'keyUsage=critical,digitalSignature,keyEncipherment',
      'extendedKeyUsage=serverAuth,clientAuth',
      ...(altNames.length > 0 ? [`subjectAltName=${altNames.join(',')}`] : []),
    ].join('\n'),
  );
  openssl(dir, [
    'req',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    files.key,
    '-out',
    request,
    '-subj',
    `/CN=${name}`,
  ]);
  openssl(dir, [
    'x509',
    '-req',
    '-in',
    request,
    '-CA',
    ca.cert,
    '-CAkey',
    ca.key,
    '-CAcreateserial',
    '-CAserial',
    path.join(dir, `${path.basename(ca.cert, '.crt')}.srl`),
    '-out',
    files.cert,
    '-days',
    '1',
    '-extfile',
    extensions,
  ]);
  return files;
}

/** The usual set: see TestCertificates. */
export function makeTestCertificates(): TestCertificates {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shelflife-tls-'));
  const ca = makeCa(dir, 'test-ca');
  const foreignCa = makeCa(dir, 'foreign-ca');
  const local = ['DNS:localhost', 'IP:127.0.0.1'];
  return {
    dir,
    ca,
    foreignCa,
    server: issueCertificate(dir, ca, 'server', local),
    client: issueCertificate(dir, ca, 'client', []),
    foreignClient: issueCertificate(dir, foreignCa, 'foreign-client', []),
    renewedServer: issueCertificate(dir, ca, 'renewed-server', local),
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
