import * as fs from 'node:fs';
import { address, integer, matching, oneOf, optionalString, port, string, urlList, type Setting } from './env-spec';

/**
 * Each service's own default admin port, so that all five run side by side on one machine (`nx serve`,
 * the demo); Kubernetes sets 9464 for every pod through its ConfigMap.
 */
export const ADMIN_PORTS = {
  'storefront-gateway': 9464,
  'event-collector': 9465,
  'stream-scorer': 9466,
  'quality-sentinel': 9467,
  'batch-aggregator': 9468,
} as const;

/** SHELFLIFE_ADMIN_PORT with the service's own default (ADMIN_PORTS). */
export function adminPortSetting(service: keyof typeof ADMIN_PORTS) {
  return port(
    'SHELFLIFE_ADMIN_PORT',
    ADMIN_PORTS[service],
    `HTTP port of /healthz, /readyz and /metrics (default per service: 9464 gateway, 9465 collector, 9466 scorer, 9467 sentinel, 9468 aggregator)`,
  );
}

/** An address to listen on: an IPv4 or IPv6 address, or a host name ("0.0.0.0" every IPv4 interface, "::" every interface, "127.0.0.1" this machine only). */
function listenHost(variable: string, defaultValue: string, description: string): Setting<string> {
  return matching(
    variable,
    defaultValue,
    /^(?:[0-9]{1,3}(?:\.[0-9]{1,3}){3}|[0-9a-fA-F:]*:[0-9a-fA-F:.]*|[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?)$/,
    'an address to listen on: 0.0.0.0 (every IPv4 interface), :: (every interface), 127.0.0.1 (this machine only) or a host name, without a port',
    description,
  );
}

/**
 * TLS on the gRPC links between services, from certificate files (docs/operations.md, "Certificates and
 * TLS between services"). All unset: plaintext. The files are read again every SHELFLIFE_GRPC_TLS_RELOAD_MS,
 * so a certificate renewed in place (cert-manager) is served without a restart.
 */
export const grpcTlsSettings = {
  grpcTlsCertFile: optionalString(
    'SHELFLIFE_GRPC_TLS_CERT_FILE',
    'PEM certificate (chain) of this service: its gRPC server serves TLS with it, and its clients present it when the servers ask (mutual TLS); needs SHELFLIFE_GRPC_TLS_KEY_FILE; unset with the other TLS variables: plaintext gRPC',
  ),
  grpcTlsKeyFile: optionalString('SHELFLIFE_GRPC_TLS_KEY_FILE', 'PEM private key of SHELFLIFE_GRPC_TLS_CERT_FILE'),
  grpcTlsCaFile: optionalString(
    'SHELFLIFE_GRPC_TLS_CA_FILE',
    "PEM certificate(s) of the CA that signs the services' certificates: clients verify servers with it (unset: the system's roots), and a server with it set requires and verifies client certificates (mutual TLS)",
  ),
  grpcTlsServerName: optionalString(
    'SHELFLIFE_GRPC_TLS_SERVER_NAME',
    "name a client expects in the server's certificate instead of the host of its target (for targets given as IP addresses)",
  ),
  grpcTlsReloadMs: integer(
    'SHELFLIFE_GRPC_TLS_RELOAD_MS',
    60_000,
    'how often the TLS files are read again, so a renewed certificate is used without a restart',
    { min: 1_000, max: 86_400_000 },
  ),
};

/**
 * An optional path to a file that must exist and be readable by this process when the service starts
 * (a certificate or key mounted from a Secret): a wrong path fails start-up naming the variable, not
 * the first connection attempt, minutes later, deep in a reconnect loop.
 */
function readableFile(variable: string, description: string): Setting<string | undefined> {
  return {
    variable,
    defaultValue: undefined,
    description,
    parse(raw) {
      let stat: fs.Stats;
      try {
        stat = fs.statSync(raw);
        fs.accessSync(raw, fs.constants.R_OK);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        throw new Error(code === 'ENOENT' ? 'no such file' : `cannot be read (${code ?? (error as Error).message})`, { cause: error });
      }
      if (!stat.isFile()) throw new Error('is not a file');
      return raw;
    },
  };
}

/** Settings every service shares; each service adds its own. Documented in the README. */
export const commonSettings = {
  amqpUrl: urlList(
    'AMQP_URL',
    undefined,
    ['amqp:', 'amqps:'],
    "RabbitMQ URL, or the URLs of a cluster's nodes separated by commas (tried in turn, reconnects to any live one); unset in the all-in-one demo means the in-process bus",
  ),
  amqpCaFile: readableFile(
    'SHELFLIFE_AMQP_CA_FILE',
    'PEM file of the CA(s) that signed the broker certificate, trusted for amqps:// instead of the system CAs (AMQP_URL must then use amqps://)',
  ),
  amqpCertFile: readableFile(
    'SHELFLIFE_AMQP_CERT_FILE',
    'PEM client certificate for a broker that requires one (mutual TLS); needs SHELFLIFE_AMQP_KEY_FILE and amqps://',
  ),
  amqpKeyFile: readableFile('SHELFLIFE_AMQP_KEY_FILE', 'PEM private key of SHELFLIFE_AMQP_CERT_FILE; needs it and amqps://'),
  busPrefix: string('SHELFLIFE_BUS_PREFIX', 'shelflife', 'prefix of every exchange and queue name (lets tests share a broker)'),
  queueMaxLength: integer(
    'SHELFLIFE_QUEUE_MAX_LENGTH',
    1_000_000,
    'messages (bundles of up to 100 events) a work queue (scorer, archive, sentinel) holds before the broker refuses publishes (503 at the gateway); set when the queue is declared, a policy for existing queues (docs/operations.md)',
    { min: 1_000, max: 100_000_000 },
  ),
  queueMaxBytes: integer(
    'SHELFLIFE_QUEUE_MAX_BYTES',
    536_870_912,
    'bytes of message bodies a work queue holds before the broker refuses publishes',
    { min: 1_048_576, max: 1_099_511_627_776 },
  ),
  streamMaxAge: matching(
    'SHELFLIFE_STREAM_MAX_AGE',
    '1D',
    /^[1-9][0-9]*[YMDhms]$/,
    'a number followed by Y, M, D, h, m or s (e.g. 1D, 12h)',
    'how long the scorer stream keeps events (RabbitMQ x-max-age): a scorer down longer than this cannot replay what it missed (docs/scaling.md)',
  ),
  streamMaxBytes: integer(
    'SHELFLIFE_STREAM_MAX_BYTES',
    10_000_000_000,
    'bytes the scorer stream keeps at most (x-max-length-bytes); the oldest segments go first',
    { min: 1_048_576, max: 10_000_000_000_000 },
  ),
  streamSegmentBytes: integer(
    'SHELFLIFE_STREAM_SEGMENT_BYTES',
    100_000_000,
    'size of one stream segment file (x-stream-max-segment-size-bytes): retention drops whole segments',
    { min: 1_048_576, max: 3_000_000_000 },
  ),
  maxFutureSkewMs: integer(
    'SHELFLIFE_MAX_FUTURE_SKEW_MS',
    300_000,
    "how far an event's occurredAt may be ahead of the receiving clock: further is refused at the doors (400 / REJECTED) and never moves a learner's clock",
    { min: 0, max: 86_400_000 },
  ),
  lateAfterMs: integer(
    'SHELFLIFE_LATE_AFTER_MS',
    604_800_000,
    'events older than this are accepted but counted as late (shelflife_events_total{outcome="late"})',
    { min: 60_000, max: 31_536_000_000 },
  ),
  adminPort: adminPortSetting('storefront-gateway'),
  adminHost: listenHost(
    'SHELFLIFE_ADMIN_HOST',
    '0.0.0.0',
    'address the admin endpoints (/healthz, /readyz, /metrics) listen on: 0.0.0.0 lets Prometheus and the kubelet reach them in a pod; 127.0.0.1 keeps them on a laptop',
  ),
  grpcHost: listenHost(
    'SHELFLIFE_GRPC_HOST',
    '0.0.0.0',
    'address the gRPC server of the collector, scorer, sentinel and aggregator listens on',
  ),
  ...grpcTlsSettings,
  drainTimeoutMs: integer('SHELFLIFE_DRAIN_TIMEOUT_MS', 10_000, 'how long a SIGTERM drain may take before the process exits anyway', {
    min: 100,
    max: 600_000,
  }),
  logLevel: oneOf('LOG_LEVEL', 'info', ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const, 'log level'),
};

export const storeSettings = {
  mongoUrl: optionalString('MONGO_URL', 'MongoDB URL; unset means the embedded store'),
  storeDir: string('STORE_DIR', '.shelflife-data', 'folder of the embedded store (":memory:" keeps it in memory only)'),
  mongoDb: string('MONGO_DB', 'shelflife', 'MongoDB database name'),
};

export const grpcTargets = {
  collectorAddr: address('SHELFLIFE_COLLECTOR_ADDR', 'localhost:50051', 'event-collector gRPC address'),
  scorerAddr: address('SHELFLIFE_SCORER_ADDR', 'localhost:50052', 'stream-scorer gRPC address'),
  sentinelAddr: address('SHELFLIFE_SENTINEL_ADDR', 'localhost:50053', 'quality-sentinel gRPC address'),
  aggregatorAddr: address('SHELFLIFE_AGGREGATOR_ADDR', 'localhost:50054', 'batch-aggregator gRPC address'),
};
