import * as fs from 'node:fs';
import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import type { Logger } from 'pino';
import { ConfigError } from '@shelflife/config';
import { GRPC_CLIENT_OPTIONS } from './grpc-client';

/**
 * The TLS settings of libs/config grpcTlsSettings, as a service's config carries them (every config
 * that spreads commonSettings has them, so `tls: config` passes them on).
 */
export interface GrpcTlsSettings {
  grpcTlsCertFile?: string | undefined;
  grpcTlsKeyFile?: string | undefined;
  grpcTlsCaFile?: string | undefined;
  grpcTlsServerName?: string | undefined;
  grpcTlsReloadMs?: number | undefined;
}

const CERT_FILE = 'SHELFLIFE_GRPC_TLS_CERT_FILE';
const KEY_FILE = 'SHELFLIFE_GRPC_TLS_KEY_FILE';
const CA_FILE = 'SHELFLIFE_GRPC_TLS_CA_FILE';
const DEFAULT_RELOAD_MS = 60_000;
const SEE = 'docs/operations.md, "Certificates and TLS between services"';

/** What the settings amount to, once their files are read and checked. */
export type GrpcTls =
  | { mode: 'plaintext' }
  | {
      mode: 'tls' | 'mutual-tls';
      /** This service's certificate and key; a client with only a CA has none. */
      identity?: { certFile: string; keyFile: string; subject: string; notAfter: string };
      /** The CA file: what clients verify servers with, and what a server verifies client certificates with. */
      ca?: { file: string; subject: string };
      reloadMs: number;
    };

/**
 * Reads and checks the TLS files the settings name, before any port is open: every problem is listed
 * with the variable to fix. A server needs its own certificate; a CA on a server means mutual TLS.
 */
export function checkGrpcTls(settings: GrpcTlsSettings, role: 'server' | 'client'): GrpcTls {
  const { grpcTlsCertFile: certFile, grpcTlsKeyFile: keyFile, grpcTlsCaFile: caFile } = settings;
  if (!certFile && !keyFile && !caFile) return { mode: 'plaintext' };
  const problems: string[] = [];
  if (certFile && !keyFile) problems.push(`${CERT_FILE} is set but ${KEY_FILE} is not: give the private key of the certificate too`);
  if (keyFile && !certFile) problems.push(`${KEY_FILE} is set but ${CERT_FILE} is not: give the certificate of the key too`);
  if (role === 'server' && caFile && !certFile && !keyFile) {
    problems.push(
      `${CA_FILE} is set but ${CERT_FILE} and ${KEY_FILE} are not: a gRPC server needs its own certificate and key to serve TLS (${SEE})`,
    );
  }
  const cert = certFile ? readCertificate(CERT_FILE, certFile, problems) : undefined;
  const key = keyFile ? readKey(KEY_FILE, keyFile, problems) : undefined;
  const ca = caFile ? readCertificate(CA_FILE, caFile, problems) : undefined;
  if (cert && key && !cert.checkPrivateKey(key)) {
    problems.push(
      `${KEY_FILE}=${keyFile}: this key does not belong to the certificate in ${CERT_FILE}=${certFile}; give the pair that was issued together`,
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    mode: caFile && (role === 'client' ? cert !== undefined : true) ? 'mutual-tls' : 'tls',
    ...(cert && certFile && keyFile ? { identity: { certFile, keyFile, subject: cert.subject, notAfter: cert.validTo } } : {}),
    ...(ca && caFile ? { ca: { file: caFile, subject: ca.subject } } : {}),
    reloadMs: settings.grpcTlsReloadMs ?? DEFAULT_RELOAD_MS,
  };
}

function readPem(variable: string, file: string, problems: string[]): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    problems.push(
      `${variable}=${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); point it at a readable PEM file`,
    );
    return undefined;
  }
}

function readCertificate(variable: string, file: string, problems: string[]): X509Certificate | undefined {
  const pem = readPem(variable, file, problems);
  if (pem === undefined) return undefined;
  // X509Certificate would take DER too, but TLS is given PEM text: ask for what will be used.
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
    problems.push(`${variable}=${file}: no PEM certificate in it (expected a "-----BEGIN CERTIFICATE-----" block)`);
    return undefined;
  }
  try {
    return new X509Certificate(pem);
  } catch (error) {
    problems.push(`${variable}=${file}: the certificate cannot be read (${(error as Error).message})`);
    return undefined;
  }
}

function readKey(variable: string, file: string, problems: string[]): KeyObject | undefined {
  const pem = readPem(variable, file, problems);
  if (pem === undefined) return undefined;
  if (!/-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----/.test(pem)) {
    problems.push(
      `${variable}=${file}: no PEM private key in it (expected a "-----BEGIN PRIVATE KEY-----" block; an encrypted key cannot be used)`,
    );
    return undefined;
  }
  try {
    return createPrivateKey(pem);
  } catch (error) {
    problems.push(`${variable}=${file}: the private key cannot be read (${(error as Error).message}); an encrypted key cannot be used`);
    return undefined;
  }
}

/** One line for the start-up log: what the gRPC links are protected by. */
export function describeGrpcTls(tls: GrpcTls, role: 'server' | 'client'): string {
  if (tls.mode === 'plaintext') {
    return `gRPC ${role === 'server' ? 'server serves' : 'clients call'} in plaintext: ${CERT_FILE}, ${KEY_FILE} and ${CA_FILE} are unset (${SEE})`;
  }
  const reload = `files read again every ${tls.reloadMs} ms`;
  if (role === 'server') {
    return tls.mode === 'mutual-tls'
      ? `gRPC server serves mutual TLS as "${tls.identity?.subject}" (until ${tls.identity?.notAfter}); client certificates signed by "${tls.ca?.subject}" required; ${reload}`
      : `gRPC server serves TLS as "${tls.identity?.subject}" (until ${tls.identity?.notAfter}); no client certificate asked; ${reload}`;
  }
  const verify = tls.ca ? `servers verified against "${tls.ca.subject}"` : "servers verified against the system's root CAs";
  const present = tls.identity ? `presenting "${tls.identity.subject}" when asked` : 'no client certificate';
  return `gRPC clients call over TLS: ${verify}, ${present}; ${reload}`;
}

/**
 * Reads the files again every reloadMs (grpc-js's file watcher, as its xDS support uses), so a
 * certificate renewed in place is picked up by new connections without a restart.
 */
function fileWatcher(tls: Exclude<GrpcTls, { mode: 'plaintext' }>): grpc.experimental.FileWatcherCertificateProvider {
  return new grpc.experimental.FileWatcherCertificateProvider({
    certificateFile: tls.identity?.certFile,
    privateKeyFile: tls.identity?.keyFile,
    caCertificateFile: tls.ca?.file,
    refreshIntervalMs: tls.reloadMs,
  });
}

export interface GrpcServerTls {
  credentials: grpc.ServerCredentials;
  tls: GrpcTls;
  /**
   * Resolves once the files were first read into the bound server (until then grpc-js drops
   * connections), then logs each renewed certificate; call after bindAsync. Stops with `stop`.
   */
  loaded(logger?: Logger): Promise<void>;
  stop(): void;
}

/** Server credentials from the settings: plaintext, TLS, or mutual TLS when a CA is given. */
export function grpcServerCredentials(settings: GrpcTlsSettings): GrpcServerTls {
  const tls = checkGrpcTls(settings, 'server');
  if (tls.mode === 'plaintext') {
    return { credentials: grpc.ServerCredentials.createInsecure(), tls, loaded: async () => undefined, stop: () => undefined };
  }
  const provider = fileWatcher(tls);
  const mutual = tls.mode === 'mutual-tls';
  // grpc-js 1.14 passes this function's first argument on as the identity provider and its second as
  // the CA provider (whatever the declared names say); one provider holding both files fills either
  // slot, and a null second one means no client certificate is asked for.
  const credentials = grpc.experimental.createCertificateProviderServerCredentials(provider, mutual ? provider : null, mutual);
  let listener: grpc.experimental.IdentityCertificateUpdateListener | undefined;
  return {
    credentials,
    tls,
    loaded: (logger) =>
      new Promise<void>((resolve, reject) => {
        let served: Buffer | undefined;
        listener = (update) => {
          if (!update) {
            const problem = `cannot read ${CERT_FILE}=${tls.identity?.certFile} or ${KEY_FILE}=${tls.identity?.keyFile}: new gRPC connections are refused until they can be read`;
            if (!served) reject(new ConfigError([problem]));
            else logger?.error(problem);
            return;
          }
          if (served && !served.equals(update.certificate)) {
            logger?.info({ notAfter: safeValidTo(update.certificate) }, 'gRPC server certificate renewed: new connections get the new one');
          }
          if (!served) resolve();
          served = update.certificate;
        };
        provider.addIdentityCertificateListener(listener);
      }),
    stop: () => {
      if (listener) provider.removeIdentityCertificateListener(listener);
    },
  };
}

function safeValidTo(pem: Buffer): string | undefined {
  try {
    return new X509Certificate(pem).validTo;
  } catch {
    return undefined;
  }
}

export interface GrpcChannel {
  credentials: grpc.ChannelCredentials;
  /** GRPC_CLIENT_OPTIONS, with the name to expect in server certificates when one is set. */
  options: grpc.ClientOptions;
  tls: GrpcTls;
}

/** One credentials object (so one file watcher) per set of settings in the process, shared by every client made with them. */
const channels = new Map<string, GrpcChannel>();

/**
 * What a client channel needs from the settings: plaintext, or TLS verifying servers against the CA
 * (and presenting this service's certificate when it has one, for servers that require mutual TLS).
 * Logs what it chose the first time each set of settings is used.
 */
export function grpcChannel(
  settings: GrpcTlsSettings,
  logger?: Logger,
  baseOptions: grpc.ClientOptions = GRPC_CLIENT_OPTIONS,
): GrpcChannel {
  const key = JSON.stringify([
    settings.grpcTlsCertFile,
    settings.grpcTlsKeyFile,
    settings.grpcTlsCaFile,
    settings.grpcTlsServerName,
    settings.grpcTlsReloadMs,
    baseOptions,
  ]);
  const known = channels.get(key);
  if (known) return known;
  const tls = checkGrpcTls(settings, 'client');
  const options: grpc.ClientOptions =
    tls.mode !== 'plaintext' && settings.grpcTlsServerName
      ? { ...baseOptions, 'grpc.ssl_target_name_override': settings.grpcTlsServerName }
      : baseOptions;
  const channel: GrpcChannel = { credentials: channelCredentials(tls), options, tls };
  channels.set(key, channel);
  logger?.info({ grpcTls: tls.mode }, describeGrpcTls(tls, 'client'));
  return channel;
}

function channelCredentials(tls: GrpcTls): grpc.ChannelCredentials {
  if (tls.mode === 'plaintext') return grpc.credentials.createInsecure();
  if (!tls.ca) {
    // No CA file: the system's roots verify servers (certificates from a public CA). grpc-js watches
    // files only with a CA file, so this certificate is read once; servers without a CA ask for none.
    const identity = tls.identity;
    return identity
      ? grpc.credentials.createSsl(null, fs.readFileSync(identity.keyFile), fs.readFileSync(identity.certFile))
      : grpc.credentials.createSsl();
  }
  const provider = fileWatcher(tls);
  return grpc.experimental.createCertificateProviderChannelCredentials(provider, tls.identity ? provider : null);
}
