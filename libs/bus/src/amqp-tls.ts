import * as fs from 'node:fs';
import * as amqp from 'amqplib';
import type { ChannelModel } from 'amqplib';
import { splitAmqpUrls } from './amqp-urls';

/**
 * AMQP over TLS (amqps://) from certificate files: the CA that signed the broker's certificate, and,
 * for a broker that asks for client certificates (mutual TLS), this client's certificate and key.
 * Each field names a PEM file; they are read on every connect, so a renewed certificate (cert-manager
 * rewrites the mounted Secret) is used from the next reconnect on without a restart.
 */
export interface AmqpTls {
  /** SHELFLIFE_AMQP_CA_FILE: trusted instead of the system's CAs. */
  caFile?: string;
  /** SHELFLIFE_AMQP_CERT_FILE and SHELFLIFE_AMQP_KEY_FILE: always both or neither. */
  certFile?: string;
  keyFile?: string;
}

/** The variables the files come from, for error messages. */
export const AMQP_TLS_VARIABLES = {
  caFile: 'SHELFLIFE_AMQP_CA_FILE',
  certFile: 'SHELFLIFE_AMQP_CERT_FILE',
  keyFile: 'SHELFLIFE_AMQP_KEY_FILE',
} as const;

/**
 * The TLS settings of libs/config commonSettings, checked together: a certificate needs its key (and
 * the other way round), and certificate files with a plain amqp:// URL are refused rather than left
 * unused, since whoever set them expects the traffic to be encrypted. Undefined when none is set.
 */
export function amqpTlsFrom(config: {
  amqpUrl?: string;
  amqpCaFile?: string;
  amqpCertFile?: string;
  amqpKeyFile?: string;
}): AmqpTls | undefined {
  const tls: AmqpTls = { caFile: config.amqpCaFile, certFile: config.amqpCertFile, keyFile: config.amqpKeyFile };
  const set = (Object.keys(AMQP_TLS_VARIABLES) as (keyof AmqpTls)[]).filter((key) => tls[key] !== undefined);
  if (set.length === 0) return undefined;
  const named = set.map((key) => AMQP_TLS_VARIABLES[key]).join(', ');
  if ((tls.certFile === undefined) !== (tls.keyFile === undefined)) {
    const missing = tls.certFile === undefined ? AMQP_TLS_VARIABLES.certFile : AMQP_TLS_VARIABLES.keyFile;
    throw new Error(
      `${missing} is not set: a client certificate (${AMQP_TLS_VARIABLES.certFile}) and its private key (${AMQP_TLS_VARIABLES.keyFile}) go together; set both, or neither when the broker does not ask for client certificates`,
    );
  }
  if (config.amqpUrl === undefined) {
    throw new Error(
      `${named} set but AMQP_URL is not: the certificate files are for an amqps:// broker; set AMQP_URL=amqps://... or unset them`,
    );
  }
  const plain = splitAmqpUrls(config.amqpUrl).filter((url) => !url.toLowerCase().startsWith('amqps:'));
  if (plain.length > 0) {
    throw new Error(
      `${named} set but AMQP_URL names ${plain.length === 1 ? 'a node' : `${plain.length} nodes`} without TLS (amqp://): the certificates would not be used and the traffic would go in clear; use amqps:// (RabbitMQ's TLS port is 5671 by default) or unset ${named}`,
    );
  }
  return tls;
}

/** The socket options amqplib hands to tls.connect: the PEM files' contents. */
export function amqpTlsSocketOptions(tls: AmqpTls | undefined): { ca?: Buffer[]; cert?: Buffer; key?: Buffer } {
  if (!tls) return {};
  return {
    ...(tls.caFile !== undefined ? { ca: [readPem(tls.caFile, 'caFile')] } : {}),
    ...(tls.certFile !== undefined ? { cert: readPem(tls.certFile, 'certFile') } : {}),
    ...(tls.keyFile !== undefined ? { key: readPem(tls.keyFile, 'keyFile') } : {}),
  };
}

function readPem(file: string, key: keyof AmqpTls): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    throw new Error(`cannot read ${file} (${AMQP_TLS_VARIABLES[key]}): ${(error as Error).message}`, { cause: error });
  }
}

/**
 * Every AMQP connection of the bus library is opened here, so that each honours the TLS settings:
 * the bus, the admin helpers (deleteTopology, requireBroker). A TLS failure (unknown CA, a broker that
 * wants a client certificate) is said as such, the raw one kept as the cause.
 */
export async function connectAmqp(
  url: string,
  tls: AmqpTls | undefined,
  socketOptions: Record<string, unknown> = {},
): Promise<ChannelModel> {
  try {
    return await amqp.connect(url, { ...socketOptions, ...amqpTlsSocketOptions(tls) });
  } catch (error) {
    const hint = tlsHint(error as NodeJS.ErrnoException, tls);
    if (!hint) throw error;
    throw new Error(`${(error as Error).message}: ${hint}`, { cause: error });
  }
}

/** What to do about a TLS handshake failure; undefined for any other error. */
function tlsHint(error: NodeJS.ErrnoException, tls: AmqpTls | undefined): string | undefined {
  const code = error.code ?? '';
  const caFile = tls?.caFile ? `${tls.caFile} (${AMQP_TLS_VARIABLES.caFile})` : undefined;
  // The broker's alerts: it wants a client certificate, or does not trust the one it got.
  if (/ALERT_CERTIFICATE_REQUIRED/.test(code) || (!tls?.certFile && /^ERR_SSL_.*ALERT/.test(code))) {
    return `the broker refused the TLS handshake (${code}): it requires a client certificate; set ${AMQP_TLS_VARIABLES.certFile} and ${AMQP_TLS_VARIABLES.keyFile}`;
  }
  if (/^ERR_SSL_.*ALERT/.test(code)) {
    return `the broker refused the TLS handshake (${code}): does it trust the CA that signed ${tls!.certFile} (${AMQP_TLS_VARIABLES.certFile}), and is the certificate valid for client authentication?`;
  }
  // Ours: the broker's certificate.
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return `the broker's certificate does not name the host of AMQP_URL (${code}): use the name the certificate was made for, or add it to the certificate's subjectAltName`;
  }
  if (/CERT|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/.test(code)) {
    return `the broker's certificate is not trusted (${code}): ${caFile ? `is ${caFile} the CA that signed it?` : `set ${AMQP_TLS_VARIABLES.caFile} to the CA that signed it`}`;
  }
  return undefined;
}
