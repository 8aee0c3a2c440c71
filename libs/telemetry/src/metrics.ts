import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Every Shelflife metric, defined once (names and labels by Prometheus conventions) and shared by
 * whichever services run in this process, so the all-in-one mode exposes one consistent registry.
 */
export function createMetrics(registry: Registry) {
  const registers = [registry];
  return {
    registry,
    events: new Counter({
      name: 'shelflife_events_total',
      help: 'Events handled, by pipeline stage and outcome',
      labelNames: ['stage', 'outcome'] as const,
      registers,
    }),
    rejected: new Counter({
      name: 'shelflife_events_rejected_total',
      help: 'Events rejected, by stage and reason code',
      labelNames: ['stage', 'reason'] as const,
      registers,
    }),
    publishConfirms: new Counter({
      name: 'shelflife_publish_confirms_total',
      help: 'Broker publisher confirms, by result (ack, nack, error)',
      labelNames: ['exchange', 'result'] as const,
      registers,
    }),
    deadLettered: new Counter({
      name: 'shelflife_dead_lettered_total',
      help: 'Messages sent to the dead-letter route, by queue and reason',
      labelNames: ['queue', 'reason'] as const,
      registers,
    }),
    controlRejected: new Counter({
      name: 'shelflife_control_messages_rejected_total',
      help: 'Control messages (quarantine verdicts, model announcements, alert changes) a consumer could not read, by consumer and schema',
      labelNames: ['consumer', 'schema'] as const,
      registers,
    }),
    queueDepth: new Gauge({
      name: 'shelflife_queue_messages',
      help: 'Messages ready in a queue (consumer lag)',
      labelNames: ['queue'] as const,
      registers,
    }),
    freshness: new Histogram({
      name: 'shelflife_freshness_seconds',
      help: 'Time from the collector ingest to a consumer having applied the event',
      labelNames: ['consumer'] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    recommendations: new Histogram({
      name: 'shelflife_recommendation_duration_seconds',
      help: 'Recommendation latency, by who answered and from which source',
      labelNames: ['server', 'source'] as const,
      buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers,
    }),
    httpRequests: new Histogram({
      name: 'shelflife_http_request_duration_seconds',
      help: 'Gateway HTTP requests',
      labelNames: ['route', 'method', 'status'] as const,
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    }),
    gatewayBuffered: new Gauge({
      name: 'shelflife_gateway_buffered_events',
      help: 'Events waiting in the gateway for the collector',
      registers,
    }),
    gatewayShed: new Counter({
      name: 'shelflife_gateway_shed_total',
      help: 'POST /v1/events answered 503 GATEWAY_OVERLOADED at once, by the bound that was full (requests, bytes, events)',
      labelNames: ['reason'] as const,
      registers,
    }),
    gatewayRateLimited: new Counter({
      name: 'shelflife_gateway_rate_limited_total',
      help: 'Requests answered 429 RATE_LIMITED by the gateway, by the bucket that was empty (key, address)',
      labelNames: ['scope'] as const,
      registers,
    }),
    gatewayAuthRefused: new Counter({
      name: 'shelflife_gateway_auth_refused_total',
      help: "POST /v1/events refused for its ingest key: missing or unknown (401), or events naming another source than the key's (403)",
      labelNames: ['reason'] as const,
      registers,
    }),
    gatewayKeyReloads: new Counter({
      name: 'shelflife_gateway_ingest_key_reloads_total',
      help: 'Ingest keys file reads after a change, by result (loaded; invalid or unreadable: the previous keys stay in force)',
      labelNames: ['result'] as const,
      registers,
    }),
    gatewayIngestKeys: new Gauge({
      name: 'shelflife_gateway_ingest_keys',
      help: 'Ingest keys in force, by source',
      labelNames: ['source'] as const,
      registers,
    }),
    alerts: new Counter({
      name: 'shelflife_sentinel_alerts_total',
      help: 'Sentinel alerts raised and cleared, by kind',
      labelNames: ['kind', 'change'] as const,
      registers,
    }),
    activeAlerts: new Gauge({
      name: 'shelflife_sentinel_active_alerts',
      help: 'Sentinel alerts active now, by kind',
      labelNames: ['kind'] as const,
      registers,
    }),
    retracted: new Counter({
      name: 'shelflife_scorer_events_retracted_total',
      help: 'Events whose learning the scorer took back because a new quarantine verdict covered them, by alert kind',
      labelNames: ['kind'] as const,
      registers,
    }),
    batchRuns: new Counter({
      name: 'shelflife_batch_runs_total',
      help: 'Batch runs, by verdict (published, held, failed)',
      labelNames: ['verdict'] as const,
      registers,
    }),
    batchHeldRuns: new Gauge({
      name: 'shelflife_batch_held_runs',
      help: 'Held batch runs no later published run covers: days whose audited truth waits for a person (approve or fix and rerun)',
      registers,
    }),
    modelDivergence: new Gauge({
      name: 'shelflife_model_divergence',
      help: 'How far the last batch model is from the live model (0 = same top items, 1 = nothing in common)',
      registers,
    }),
    streamLag: new Gauge({
      name: 'shelflife_stream_lag_seconds',
      help: 'How far a stream reader is behind: now minus the ingest time of the last event it applied (0 when it has read everything)',
      labelNames: ['consumer'] as const,
      registers,
    }),
    streamOffset: new Gauge({
      name: 'shelflife_stream_offset',
      help: 'Offset of the last stream message a reader settled',
      labelNames: ['consumer'] as const,
      registers,
    }),
    streamGap: new Counter({
      name: 'shelflife_stream_gap_messages_total',
      labelNames: ['consumer'] as const,
      registers,
      help: 'Stream messages a reader never saw because the stream had dropped them (its snapshot was older than the retention)',
    }),
    sentinelActive: new Gauge({
      name: 'shelflife_sentinel_active',
      help: '1 when this sentinel replica is the active consumer of its queue, 0 on standby',
      registers,
    }),
    batchDuration: new Histogram({
      name: 'shelflife_batch_run_duration_seconds',
      help: 'Batch run duration',
      buckets: [1, 5, 15, 60, 300, 900, 3600],
      registers,
    }),
  };
}

export type ShelflifeMetrics = ReturnType<typeof createMetrics>;

let processMetrics: ShelflifeMetrics | undefined;

/** The process-wide metrics (with Node's default process metrics). */
export function metrics(): ShelflifeMetrics {
  if (!processMetrics) {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    processMetrics = createMetrics(registry);
  }
  return processMetrics;
}
