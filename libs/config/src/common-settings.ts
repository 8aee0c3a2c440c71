import { address, integer, oneOf, optionalString, port, string, url } from './env-spec';

/** Settings every service shares; each service adds its own. Documented in the README. */
export const commonSettings = {
  amqpUrl: url('AMQP_URL', undefined, ['amqp:', 'amqps:'], 'RabbitMQ URL; unset in the all-in-one demo means the in-process bus'),
  busPrefix: string('SHELFLIFE_BUS_PREFIX', 'shelflife', 'prefix of every exchange and queue name (lets tests share a broker)'),
  queueMaxLength: integer('SHELFLIFE_QUEUE_MAX_LENGTH', 1_000_000, 'messages (bundles of up to 100 events) a work queue (scorer, archive, sentinel) holds before the broker refuses publishes (503 at the gateway); set when the queue is declared, a policy for existing queues (docs/operations.md)', { min: 1_000, max: 100_000_000 }),
  queueMaxBytes: integer('SHELFLIFE_QUEUE_MAX_BYTES', 536_870_912, 'bytes of message bodies a work queue holds before the broker refuses publishes', { min: 1_048_576, max: 1_099_511_627_776 }),
  maxFutureSkewMs: integer('SHELFLIFE_MAX_FUTURE_SKEW_MS', 300_000, 'how far an event\'s occurredAt may be ahead of the receiving clock: further is refused at the doors (400 / REJECTED) and never moves a learner\'s clock', { min: 0, max: 86_400_000 }),
  lateAfterMs: integer('SHELFLIFE_LATE_AFTER_MS', 604_800_000, 'events older than this are accepted but counted as late (shelflife_events_total{outcome="late"})', { min: 60_000, max: 31_536_000_000 }),
  adminPort: port('SHELFLIFE_ADMIN_PORT', 9464, 'HTTP port of /healthz, /readyz and /metrics on the gRPC services'),
  drainTimeoutMs: integer('SHELFLIFE_DRAIN_TIMEOUT_MS', 10_000, 'how long a SIGTERM drain may take before the process exits anyway', { min: 100, max: 600_000 }),
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
};
