import { commonSettings, grpcTargets, integer, loadConfig, port } from '@shelflife/config';

export const gatewaySettings = {
  ...commonSettings,
  collectorAddr: grpcTargets.collectorAddr,
  scorerAddr: grpcTargets.scorerAddr,
  httpPort: port('SHELFLIFE_HTTP_PORT', 8080, 'public HTTP port of the storefront API'),
  ackDeadlineMs: integer('SHELFLIFE_ACK_DEADLINE_MS', 2_000, 'longest wait for the broker confirm (through the collector) before answering 503', { min: 50, max: 30_000 }),
  maxBufferedEvents: integer('SHELFLIFE_MAX_BUFFERED_EVENTS', 20_000, 'events waiting for the collector beyond which new requests get 503 GATEWAY_OVERLOADED at once', { min: 1, max: 1_000_000 }),
  maxQueueDelayMs: integer('SHELFLIFE_MAX_QUEUE_DELAY_MS', 500, 'how long events may wait in the gateway for a call to the collector before new requests get 503 GATEWAY_OVERLOADED (sheds a spike before it times out)', { min: 1, max: 30_000 }),
  maxPendingPosts: integer('SHELFLIFE_MAX_PENDING_POSTS', 1_000, 'POST /v1/events requests being received or waiting for confirms beyond which new ones get 503 GATEWAY_OVERLOADED before their body is read', { min: 1, max: 100_000 }),
  maxPendingBodyBytes: integer('SHELFLIFE_MAX_PENDING_BODY_BYTES', 67_108_864, 'bytes of POST bodies held at once (declared Content-Length, else the body limit) beyond which new ones get 503 GATEWAY_OVERLOADED', { min: 1_024, max: 4_294_967_296 }),
  maxEventsPerRequest: integer('SHELFLIFE_MAX_EVENTS_PER_REQUEST', 500, 'events accepted in one POST /v1/events', { min: 1, max: 5_000 }),
  maxBodyBytes: integer('SHELFLIFE_MAX_BODY_BYTES', 1_048_576, 'largest request body; larger ones get 413', { min: 1_024, max: 16_777_216 }),
  maxJsonDepth: integer('SHELFLIFE_MAX_JSON_DEPTH', 8, 'deepest nesting of arrays and objects in a JSON body (a batch of events needs 4); deeper bodies get 400 JSON_TOO_DEEP before they are parsed', { min: 4, max: 64 }),
  batchMaxEvents: integer('SHELFLIFE_BATCH_MAX_EVENTS', 500, 'events per CollectBatch call to the collector', { min: 1, max: 5_000 }),
  batchLingerMs: integer('SHELFLIFE_BATCH_LINGER_MS', 2, 'how long the gateway waits to fill a batch', { min: 0, max: 1_000 }),
  maxCallsInFlight: integer('SHELFLIFE_MAX_COLLECTOR_CALLS', 8, 'concurrent CollectBatch calls', { min: 1, max: 256 }),
  maxEventsInFlight: integer('SHELFLIFE_MAX_COLLECTOR_EVENTS', 2_000, 'events in calls to the collector at once (more wait in the gateway, where a spike is shed cheaply)', { min: 1, max: 100_000 }),
  scorerStreams: integer('SHELFLIFE_SCORER_STREAMS', 4, 'open recommendation streams to the scorer, asked in turn; each lands on a replica by round_robin, so at least the number of scorer replicas', { min: 1, max: 64 }),
  scorerStreamRebalanceMs: integer('SHELFLIFE_SCORER_STREAM_REBALANCE_MS', 30_000, 'every this often one recommendation stream is reopened, so the streams follow scorer replicas that started or stopped (0: never)', { min: 0, max: 3_600_000 }),
  maxScorerQuestionsInFlight: integer('SHELFLIFE_MAX_SCORER_QUESTIONS', 2_000, 'recommendation questions waiting for the scorer beyond which new ones get the fallback at once', { min: 1, max: 100_000 }),
  recsDeadlineMs: integer('SHELFLIFE_RECS_DEADLINE_MS', 150, 'deadline of the scorer call before the fallback answers', { min: 5, max: 10_000 }),
};

export type GatewayConfig = ReturnType<typeof loadGatewayConfig>;

export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(gatewaySettings, env);
}
