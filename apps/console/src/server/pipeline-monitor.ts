import { promises as dns } from 'node:dns';
import type { Logger } from '@shelflife/telemetry';
import type { MetricsTarget } from '../config';
import type { PipelineSample, ReplicaStatus } from '../shared/api';
import { histogramBuckets, parsePrometheusText, sumBy, windowQuantile, type PromSample } from './prometheus-text';

const HISTORY = 600;
const FETCH_TIMEOUT_MS = 2_000;

interface Scrape {
  t: number;
  samples: PromSample[];
}

/**
 * Scrapes every service's /metrics and /readyz on an interval and turns consecutive scrapes into
 * rates and windowed quantiles: the pipeline page's time series. Keeps the last HISTORY samples so a
 * page opened late still draws a few minutes of history.
 */
export class PipelineMonitor {
  private readonly history: PipelineSample[] = [];
  private readonly listeners = new Set<(sample: PipelineSample) => void>();
  private previous: Map<string, Scrape> = new Map();
  private timer: NodeJS.Timeout | undefined;
  private scraping = false;

  constructor(private readonly options: { targets: MetricsTarget[]; intervalMs: number; logger: Logger; fetch?: typeof fetch }) {}

  start(): void {
    const tick = () =>
      void this.scrapeOnce().catch((error: Error) => this.options.logger.warn({ err: error.message }, 'pipeline scrape failed'));
    tick();
    this.timer = setInterval(tick, this.options.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.listeners.clear();
  }

  samples(): PipelineSample[] {
    return [...this.history];
  }

  subscribe(listener: (sample: PipelineSample) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** One scrape of every target; exposed for tests. */
  async scrapeOnce(): Promise<PipelineSample | undefined> {
    if (this.scraping) return undefined; // a slow target must not pile up scrapes
    this.scraping = true;
    try {
      const addresses = await this.expandTargets();
      const t = Date.now();
      const results = await Promise.all(addresses.map((target) => this.scrapeTarget(target.service, target.url)));
      const sample = this.reduce(t, results);
      this.history.push(sample);
      if (this.history.length > HISTORY) this.history.shift();
      for (const listener of this.listeners) listener(sample);
      return sample;
    } finally {
      this.scraping = false;
    }
  }

  /** `dns+http://name:port` targets become one per address (each replica behind a headless Service). */
  private async expandTargets(): Promise<{ service: string; url: string }[]> {
    const expanded: { service: string; url: string }[] = [];
    for (const target of this.options.targets) {
      if (!target.everyAddress) {
        expanded.push({ service: target.name, url: target.url });
        continue;
      }
      const parsed = new URL(target.url);
      try {
        const found = await dns.lookup(parsed.hostname, { all: true, family: 4 });
        for (const { address } of found) expanded.push({ service: target.name, url: `${parsed.protocol}//${address}:${parsed.port}` });
      } catch (error) {
        expanded.push({ service: target.name, url: target.url }); // reported as unreachable by the scrape
        this.options.logger.debug({ err: (error as Error).message, target: target.url }, 'metrics target did not resolve');
      }
    }
    return expanded;
  }

  private async scrapeTarget(
    service: string,
    url: string,
  ): Promise<{ service: string; url: string; scrape?: Scrape; replica: ReplicaStatus; error?: string }> {
    const doFetch = this.options.fetch ?? fetch;
    const address = new URL(url).host;
    let replica: ReplicaStatus;
    try {
      const ready = await doFetch(`${url}/readyz`, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
      const text = await ready.text();
      replica = { service, address, ready: ready.status === 200, detail: ready.status === 200 ? 'ready' : summarize(text) };
    } catch (error) {
      replica = { service, address, ready: false, detail: `unreachable: ${(error as Error).message}` };
    }
    try {
      const response = await doFetch(`${url}/metrics`, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
      if (response.status !== 200) return { service, url, replica, error: `${service} ${url}/metrics answered ${response.status}` };
      return { service, url, replica, scrape: { t: Date.now(), samples: parsePrometheusText(await response.text()) } };
    } catch (error) {
      return { service, url, replica, error: `${service} ${url}/metrics: ${(error as Error).message}` };
    }
  }

  private reduce(
    t: number,
    results: { service: string; url: string; scrape?: Scrape; replica: ReplicaStatus; error?: string }[],
  ): PipelineSample {
    const sample: PipelineSample = {
      t,
      eventsPerSecond: {},
      queueDepth: {},
      freshness: {},
      recommendation: { p50: null, p99: null, perSecond: 0 },
      fallbackShare: null,
      deadLettered: {},
      replicas: results.map((r) => r.replica),
      scrapeErrors: results.flatMap((r) => (r.error ? [r.error] : [])),
    };
    const freshBefore = new Map<string, [number, number][]>();
    const freshAfter = new Map<string, [number, number][]>();
    const recsBefore: [number, number][][] = [];
    const recsAfter: [number, number][][] = [];
    let answers = 0;
    let fallbacks = 0;
    const next = new Map<string, Scrape>();
    for (const result of results) {
      if (!result.scrape) continue;
      next.set(result.url, result.scrape);
      const now = result.scrape.samples;
      add(sample.queueDepth, sumBy(now, 'shelflife_queue_messages', 'queue'));
      add(sample.deadLettered, sumBy(now, 'shelflife_dead_lettered_total', 'queue'));
      const before = this.previous.get(result.url);
      if (!before) continue;
      const seconds = Math.max(0.001, (result.scrape.t - before.t) / 1000);
      add(
        sample.eventsPerSecond,
        rate(sumBy(before.samples, 'shelflife_events_total', 'stage'), sumBy(now, 'shelflife_events_total', 'stage'), seconds),
      );
      for (const consumer of Object.keys(sumBy(now, 'shelflife_freshness_seconds_count', 'consumer'))) {
        const only = (labels: Record<string, string>) => labels.consumer === consumer;
        freshBefore.set(
          consumer,
          mergeBuckets(freshBefore.get(consumer), histogramBuckets(before.samples, 'shelflife_freshness_seconds', only)),
        );
        freshAfter.set(consumer, mergeBuckets(freshAfter.get(consumer), histogramBuckets(now, 'shelflife_freshness_seconds', only)));
      }
      const gateway = (labels: Record<string, string>) => labels.server === 'gateway';
      recsBefore.push(histogramBuckets(before.samples, 'shelflife_recommendation_duration_seconds', gateway));
      recsAfter.push(histogramBuckets(now, 'shelflife_recommendation_duration_seconds', gateway));
      const bySourceBefore = sumBy(before.samples, 'shelflife_recommendation_duration_seconds_count', 'source', gateway);
      const bySourceNow = sumBy(now, 'shelflife_recommendation_duration_seconds_count', 'source', gateway);
      for (const [source, count] of Object.entries(bySourceNow)) {
        const delta = Math.max(0, count - (bySourceBefore[source] ?? 0));
        answers += delta;
        if (source === 'fallback') fallbacks += delta;
      }
      const answered = Object.values(bySourceNow).reduce((a, b) => a + b, 0) - Object.values(bySourceBefore).reduce((a, b) => a + b, 0);
      sample.recommendation.perSecond += Math.max(0, answered) / seconds;
    }
    for (const [consumer, after] of freshAfter) {
      const before = freshBefore.get(consumer) ?? [];
      sample.freshness[consumer] = { p50: windowQuantile(before, after, 0.5), p99: windowQuantile(before, after, 0.99) };
    }
    const recsB = recsBefore.reduce<[number, number][] | undefined>((a, b) => mergeBuckets(a, b), undefined) ?? [];
    const recsA = recsAfter.reduce<[number, number][] | undefined>((a, b) => mergeBuckets(a, b), undefined) ?? [];
    sample.recommendation.p50 = windowQuantile(recsB, recsA, 0.5);
    sample.recommendation.p99 = windowQuantile(recsB, recsA, 0.99);
    sample.fallbackShare = answers > 0 ? fallbacks / answers : null;
    this.previous = next;
    return sample;
  }
}

function add(into: Record<string, number>, from: Record<string, number>): void {
  for (const [key, value] of Object.entries(from)) into[key] = (into[key] ?? 0) + value;
}

/** Per-second increase of counters; a counter that went down (a restarted service) counts from zero. */
function rate(before: Record<string, number>, after: Record<string, number>, seconds: number): Record<string, number> {
  const rates: Record<string, number> = {};
  for (const [key, value] of Object.entries(after)) {
    const previous = before[key] ?? 0;
    rates[key] = (value >= previous ? value - previous : value) / seconds;
  }
  return rates;
}

function mergeBuckets(a: [number, number][] | undefined, b: [number, number][]): [number, number][] {
  if (!a) return b;
  const merged = new Map(a);
  for (const [bound, count] of b) merged.set(bound, (merged.get(bound) ?? 0) + count);
  return [...merged].sort((x, y) => x[0] - y[0]);
}

function summarize(text: string): string {
  return text.replace(/\s+/g, ' ').slice(0, 200) || 'not ready';
}
