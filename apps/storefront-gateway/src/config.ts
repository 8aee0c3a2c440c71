import express from 'express';
import { commonSettings, grpcTargets, integer, loadConfig, optionalString, port, type Setting } from '@shelflife/config';

export const gatewaySettings = {
  ...commonSettings,
  collectorAddr: grpcTargets.collectorAddr,
  scorerAddr: grpcTargets.scorerAddr,
  httpPort: port('SHELFLIFE_HTTP_PORT', 8080, 'public HTTP port of the storefront API'),
  ackDeadlineMs: integer(
    'SHELFLIFE_ACK_DEADLINE_MS',
    2_000,
    'longest wait for the broker confirm (through the collector) before answering 503',
    { min: 50, max: 30_000 },
  ),
  maxBufferedEvents: integer(
    'SHELFLIFE_MAX_BUFFERED_EVENTS',
    20_000,
    'events waiting for the collector beyond which new requests get 503 GATEWAY_OVERLOADED at once',
    { min: 1, max: 1_000_000 },
  ),
  maxQueueDelayMs: integer(
    'SHELFLIFE_MAX_QUEUE_DELAY_MS',
    500,
    'how long events may wait in the gateway for a call to the collector before new requests get 503 GATEWAY_OVERLOADED (sheds a spike before it times out)',
    { min: 1, max: 30_000 },
  ),
  maxPendingPosts: integer(
    'SHELFLIFE_MAX_PENDING_POSTS',
    1_000,
    'POST /v1/events requests being received or waiting for confirms beyond which new ones get 503 GATEWAY_OVERLOADED before their body is read',
    { min: 1, max: 100_000 },
  ),
  maxPendingBodyBytes: integer(
    'SHELFLIFE_MAX_PENDING_BODY_BYTES',
    67_108_864,
    'bytes of POST bodies held at once (declared Content-Length, else the body limit) beyond which new ones get 503 GATEWAY_OVERLOADED',
    { min: 1_024, max: 4_294_967_296 },
  ),
  maxEventsPerRequest: integer('SHELFLIFE_MAX_EVENTS_PER_REQUEST', 500, 'events accepted in one POST /v1/events', { min: 1, max: 5_000 }),
  maxBodyBytes: integer('SHELFLIFE_MAX_BODY_BYTES', 1_048_576, 'largest request body; larger ones get 413', {
    min: 1_024,
    max: 16_777_216,
  }),
  maxJsonDepth: integer(
    'SHELFLIFE_MAX_JSON_DEPTH',
    8,
    'deepest nesting of arrays and objects in a JSON body (a batch of events needs 4); deeper bodies get 400 JSON_TOO_DEEP before they are parsed',
    { min: 4, max: 64 },
  ),
  batchMaxEvents: integer('SHELFLIFE_BATCH_MAX_EVENTS', 500, 'events per CollectBatch call to the collector', { min: 1, max: 5_000 }),
  batchLingerMs: integer('SHELFLIFE_BATCH_LINGER_MS', 2, 'how long the gateway waits to fill a batch', { min: 0, max: 1_000 }),
  maxCallsInFlight: integer('SHELFLIFE_MAX_COLLECTOR_CALLS', 8, 'concurrent CollectBatch calls', { min: 1, max: 256 }),
  maxEventsInFlight: integer(
    'SHELFLIFE_MAX_COLLECTOR_EVENTS',
    2_000,
    'events in calls to the collector at once (more wait in the gateway, where a spike is shed cheaply)',
    { min: 1, max: 100_000 },
  ),
  scorerStreams: integer(
    'SHELFLIFE_SCORER_STREAMS',
    4,
    'open recommendation streams to the scorer, asked in turn; each lands on a replica by round_robin, so at least the number of scorer replicas',
    { min: 1, max: 64 },
  ),
  scorerStreamRebalanceMs: integer(
    'SHELFLIFE_SCORER_STREAM_REBALANCE_MS',
    30_000,
    'every this often one recommendation stream is reopened, so the streams follow scorer replicas that started or stopped (0: never)',
    { min: 0, max: 3_600_000 },
  ),
  maxScorerQuestionsInFlight: integer(
    'SHELFLIFE_MAX_SCORER_QUESTIONS',
    2_000,
    'recommendation questions waiting for the scorer beyond which new ones get the fallback at once',
    { min: 1, max: 100_000 },
  ),
  ingestKeysFile: optionalString(
    'SHELFLIFE_INGEST_KEYS_FILE',
    'file of ingest keys, one "<source> <sha256 hex of the key>" per line (# comments): POST /v1/events then needs Authorization: Bearer <key>, and the key sets the events\' source; re-read when it changes, no restart; unset: no keys asked (a warning at start)',
  ),
  rateLimitKeyPerSec: integer(
    'SHELFLIFE_RATE_LIMIT_KEY_PER_SEC',
    2_000,
    'requests per second one ingest key may send to POST /v1/events (a token bucket; beyond it 429 RATE_LIMITED); 0: no limit per key',
    { min: 0, max: 1_000_000 },
  ),
  rateLimitKeyBurst: optionalInteger(
    'SHELFLIFE_RATE_LIMIT_KEY_BURST',
    "requests one ingest key may send at once above its rate (the bucket's size); unset: twice the rate",
    { min: 1, max: 10_000_000 },
  ),
  rateLimitAddressPerSec: integer(
    'SHELFLIFE_RATE_LIMIT_ADDRESS_PER_SEC',
    0,
    'requests per second one client address (an IPv6 /64) may send to the public API (a token bucket; beyond it 429 RATE_LIMITED); 0: no limit per address (behind a proxy, set SHELFLIFE_TRUST_PROXY first)',
    { min: 0, max: 1_000_000 },
  ),
  rateLimitAddressBurst: optionalInteger(
    'SHELFLIFE_RATE_LIMIT_ADDRESS_BURST',
    'requests one client address may send at once above its rate; unset: twice the rate',
    { min: 1, max: 10_000_000 },
  ),
  trustProxy: trustProxy(
    'SHELFLIFE_TRUST_PROXY',
    'which proxies in front of the gateway may name the client address (X-Forwarded-For), for the per-address limit: false (none: the connection\'s address), a number of hops, or addresses and subnets separated by commas (10.0.0.0/8, loopback, uniquelocal); never "true"',
  ),
  corsOrigins: origins(
    'SHELFLIFE_CORS_ORIGINS',
    'storefront origins allowed to call the API from a browser (CORS), separated by commas, e.g. https://shop.example.com; unset: no CORS headers, browsers on other origins are refused',
  ),
  accessLogPerSec: integer(
    'SHELFLIFE_ACCESS_LOG_PER_SEC',
    100,
    'access-log lines (one per request, at info) written per second before sampling starts; 5xx answers are always written',
    { min: 0, max: 1_000_000 },
  ),
  accessLogSampleRatio: ratio(
    'SHELFLIFE_ACCESS_LOG_SAMPLE_RATIO',
    '0.01',
    'share of requests beyond SHELFLIFE_ACCESS_LOG_PER_SEC in a second that still get their access-log line (0 to 1; sampled lines say so in sample_ratio)',
  ),
  recsDeadlineMs: integer('SHELFLIFE_RECS_DEADLINE_MS', 150, 'deadline of the scorer call before the fallback answers', {
    min: 5,
    max: 10_000,
  }),
};

/** A whole number, or unset (the caller decides what unset means). */
function optionalInteger(variable: string, description: string, range: { min: number; max: number }): Setting<number | undefined> {
  const checked = integer(variable, 0, description, range);
  return { variable, defaultValue: undefined, description, parse: (raw) => checked.parse(raw) };
}

/** A number from 0 to 1. */
function ratio(variable: string, defaultValue: string, description: string): Setting<number> {
  return {
    variable,
    defaultValue,
    description,
    parse(raw) {
      const value = Number(raw.trim());
      if (raw.trim() === '' || !Number.isFinite(value) || value < 0 || value > 1)
        throw new Error('must be a number from 0 to 1, e.g. 0.01');
      return value;
    },
  };
}

/** Browser origins (scheme://host[:port]), separated by commas. */
function origins(variable: string, description: string): Setting<string[] | undefined> {
  return {
    variable,
    defaultValue: undefined,
    description,
    parse(raw) {
      const list = raw
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part.length > 0);
      for (const origin of list) {
        let parsed: URL | undefined;
        try {
          parsed = new URL(origin);
        } catch {
          parsed = undefined;
        }
        if (!parsed || !/^https?:$/.test(parsed.protocol) || parsed.origin !== origin.replace(/\/$/, '')) {
          throw new Error(
            `"${origin}" is not an origin: write scheme://host[:port] with nothing after it, e.g. https://shop.example.com (no "*": name each storefront)`,
          );
        }
      }
      return list.map((origin) => origin.replace(/\/$/, ''));
    },
  };
}

/**
 * express's "trust proxy": false, a hop count, or addresses and subnets (express checks them). "true"
 * is refused: it would let any client name its own address and so walk around the per-address limit.
 */
function trustProxy(variable: string, description: string): Setting<boolean | number | string> {
  return {
    variable,
    defaultValue: 'false',
    description,
    parse(raw) {
      const text = raw.trim();
      if (/^false$/i.test(text)) return false;
      if (/^true$/i.test(text))
        throw new Error('"true" trusts every address, so any client could name its own; give the hop count or the proxies\' addresses');
      if (/^\d+$/.test(text)) {
        const hops = Number(text);
        if (hops < 1 || hops > 10) throw new Error('a hop count must be from 1 to 10');
        return hops;
      }
      const list = text
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part.length > 0)
        .join(',');
      try {
        express().set('trust proxy', list);
      } catch (error) {
        throw new Error(`must be false, a hop count, or addresses and subnets separated by commas (${(error as Error).message})`, {
          cause: error,
        });
      }
      return list;
    },
  };
}

export type GatewayConfig = ReturnType<typeof loadGatewayConfig>;

export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(gatewaySettings, env);
}
