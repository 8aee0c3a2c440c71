import { buildCatalog } from './catalog';
import type { FaultSwitch } from './faults';
import { LatencyRecorder } from './latency-recorder';
import { generateSession, seededRandom, type SimEvent } from './session-generator';

export interface DriverOptions {
  gatewayUrl: string;
  durationMs: number;
  /** New shopping sessions started per second (open loop). */
  sessionsPerSecond: number;
  maxConcurrentSessions: number;
  /** Pause between a shopper's clicks. */
  thinkTimeMs: number;
  seed: number;
  reportEveryMs: number;
  onReport: (line: string) => void;
  /** Stops starting sessions early (Ctrl-C). */
  signal?: AbortSignal;
  /** A fault applied to every event sent while it is on (switchable during the run). */
  faults?: FaultSwitch;
  /**
   * Ingest keys by source, for a gateway that asks for them (SHELFLIFE_INGEST_KEYS_FILE): each event is
   * sent with its source's key (Authorization: Bearer). Unset: events go without a key.
   */
  ingestKeys?: Readonly<Record<string, string>>;
}

export interface DriverSummary {
  events: { sent: number; accepted: number; retried503: number; failed: number };
  recommendations: { served: number; bySource: Record<string, number> };
  post: { count: number; p50: number; p99: number };
  get: { count: number; p50: number; p99: number };
  seconds: number;
}

/**
 * Shoppers against the gateway's public API: each click is a POST /v1/events (retried with the same
 * eventId on 503, as a storefront should), and each product view asks for recommendations, as a
 * product page's widget does.
 */
export async function runShoppers(options: DriverOptions): Promise<DriverSummary> {
  const random = seededRandom(options.seed);
  const catalog = buildCatalog();
  const postLatency = new LatencyRecorder();
  const getLatency = new LatencyRecorder();
  const summary: DriverSummary = {
    events: { sent: 0, accepted: 0, retried503: 0, failed: 0 },
    recommendations: { served: 0, bySource: {} },
    post: { count: 0, p50: 0, p99: 0 },
    get: { count: 0, p50: 0, p99: 0 },
    seconds: 0,
  };
  const started = Date.now();
  const until = started + options.durationMs;
  let active = 0;
  let lastReport = started;
  let lastAccepted = 0;
  let recsInWindow = 0;

  const sendEvent = async (clean: SimEvent) => {
    const event = options.faults ? options.faults.apply(clean) : clean;
    const key = options.ingestKeys?.[event.source];
    if (options.ingestKeys && !key)
      throw new Error(`no ingest key for source "${event.source}": give the simulator one per source it sends`);
    const headers: Record<string, string> = { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) };
    summary.events.sent += 1;
    for (let attempt = 1; attempt <= 6; attempt += 1) {
      const t0 = performance.now();
      try {
        const response = await fetch(`${options.gatewayUrl}/v1/events`, {
          method: 'POST',
          headers,
          body: JSON.stringify(event),
        });
        postLatency.record(performance.now() - t0);
        await response.arrayBuffer();
        if (response.status === 202) {
          summary.events.accepted += 1;
          return;
        }
        if (response.status !== 503) break;
        summary.events.retried503 += 1;
        // As a storefront should: wait what Retry-After says (GATEWAY_OVERLOADED 1 s, PIPELINE_UNAVAILABLE
        // 2 s), with jitter so that refused clients do not all come back in the same instant.
        const retryAfterS = Number(response.headers.get('retry-after'));
        if (Number.isFinite(retryAfterS) && retryAfterS > 0) {
          await sleep(retryAfterS * 1000 * (0.5 + Math.random()));
          continue;
        }
      } catch {
        summary.events.retried503 += 1;
      }
      await sleep(100 * 2 ** attempt);
    }
    summary.events.failed += 1;
  };

  const askRecommendations = async (event: SimEvent) => {
    const t0 = performance.now();
    try {
      const response = await fetch(
        `${options.gatewayUrl}/v1/recommendations?productId=${encodeURIComponent(event.productId)}&sessionId=${encodeURIComponent(event.sessionId)}&limit=5`,
      );
      const body = (await response.json()) as { source?: string };
      getLatency.record(performance.now() - t0);
      summary.recommendations.served += 1;
      recsInWindow += 1;
      const source = body.source ?? 'error';
      summary.recommendations.bySource[source] = (summary.recommendations.bySource[source] ?? 0) + 1;
    } catch {
      summary.recommendations.bySource.error = (summary.recommendations.bySource.error ?? 0) + 1;
    }
  };

  const shop = async () => {
    active += 1;
    try {
      for (const event of generateSession(random, catalog)) {
        if (Date.now() > until || options.signal?.aborted) break;
        event.occurredAt = new Date().toISOString();
        await sendEvent(event);
        if (event.type === 'view') await askRecommendations(event);
        await sleep(options.thinkTimeMs * (0.5 + random()));
      }
    } finally {
      active -= 1;
    }
  };

  const sessions: Promise<void>[] = [];
  const interval = 1000 / options.sessionsPerSecond;
  let nextStart = Date.now();
  while (Date.now() < until && !options.signal?.aborted) {
    const now = Date.now();
    if (now >= nextStart) {
      if (active < options.maxConcurrentSessions) sessions.push(shop());
      nextStart += interval;
    }
    if (now - lastReport >= options.reportEveryMs) {
      const seconds = (now - lastReport) / 1000;
      const post = postLatency.window();
      const get = getLatency.window();
      options.onReport(
        `t=${Math.round((now - started) / 1000)}s events/s=${((summary.events.accepted - lastAccepted) / seconds).toFixed(0)} accepted=${summary.events.accepted} retried=${summary.events.retried503} recs/s=${(recsInWindow / seconds).toFixed(0)} sources=${JSON.stringify(summary.recommendations.bySource)} POST p50/p99=${post.p50.toFixed(1)}/${post.p99.toFixed(1)}ms GET p50/p99=${get.p50.toFixed(1)}/${get.p99.toFixed(1)}ms`,
      );
      lastReport = now;
      lastAccepted = summary.events.accepted;
      recsInWindow = 0;
    }
    await sleep(Math.max(1, Math.min(nextStart - Date.now(), 50)));
  }
  await Promise.all(sessions);
  summary.post = postLatency.total();
  summary.get = getLatency.total();
  summary.seconds = (Date.now() - started) / 1000;
  return summary;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
