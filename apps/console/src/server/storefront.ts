import { randomBytes, randomUUID } from 'node:crypto';
import { EVENTS } from '@shelflife/batch';
import { moneyToNumber, type Money } from '@shelflife/contracts';
import type { Logger } from '@shelflife/telemetry';
import type { CatalogueProduct, ClickRequest, ClickResponse, Evidence, RecentClick, RecommendationsAnswer } from '../shared/api';
import type { ScorerClient } from './grpc-clients';
import type { StoreAccess } from './store-access';

const RECENT_CLICKS = 200;
const RELATIONS_K = 50;
const GATEWAY_TIMEOUT_MS = 5_000;

/** "phone-aurora-x1" -> "Phone Aurora X1": the simulator's ids are readable enough to name products. */
export function productName(id: string): string {
  return id
    .split('-')
    .map((word) => (/^\d/.test(word) ? word : word.charAt(0).toUpperCase() + word.slice(1)))
    .join(' ')
    .replace(/\bX(\d)/g, 'X$1');
}

/**
 * The storefront page's server side: real clicks through the gateway's public API (with a sampled
 * traceparent, so the click-path page can find the trace), and recommendations with the evidence
 * for each item (which product of the session it comes from, and how strongly the scorer relates them).
 */
export class Storefront {
  private readonly clicks: RecentClick[] = [];

  constructor(
    private readonly deps: {
      gatewayUrl: string;
      ingestKey?: string;
      scorer: ScorerClient;
      stores: StoreAccess;
      catalogue?: CatalogueProduct[];
      logger: Logger;
    },
  ) {}

  recentClicks(): RecentClick[] {
    return [...this.clicks].reverse();
  }

  clickByEvent(eventId: string): RecentClick | undefined {
    return this.clicks.find((click) => click.eventId === eventId);
  }

  /** The simulator's catalogue when the demo gives it; otherwise the most bought products of the archive. */
  async catalogue(): Promise<CatalogueProduct[]> {
    if (this.deps.catalogue) return this.deps.catalogue;
    const store = await this.deps.stores.aggregator();
    const rows = await store
      .collection(EVENTS)
      .aggregate<{ _id: string; count: number; price: Money | null }>([
        { $match: { type: 'purchase' } },
        { $group: { _id: '$productId', count: { $sum: 1 }, price: { $last: '$price' } } },
        { $sort: { count: -1, _id: 1 } },
        { $limit: 24 },
      ]);
    return rows.map((row) => ({
      id: row._id,
      name: productName(row._id),
      price: row.price ? moneyToNumber(row.price) : 0,
      currency: row.price?.currency ?? 'USD',
      accessories: [],
    }));
  }

  async click(request: ClickRequest): Promise<ClickResponse> {
    const product = (await this.catalogue().catch(() => [] as CatalogueProduct[])).find((p) => p.id === request.productId);
    const eventId = randomUUID();
    const traceId = randomBytes(16).toString('hex');
    // Sampled (flags 01): the services keep the whole trace of a click the console asked about.
    const traceparent = `00-${traceId}-${randomBytes(8).toString('hex')}-01`;
    const event = {
      eventId,
      type: request.type,
      sessionId: request.sessionId,
      productId: request.productId,
      quantity: 1,
      occurredAt: new Date().toISOString(),
      // With a key, the key names the source (the gateway refuses an event naming another one).
      ...(this.deps.ingestKey ? {} : { source: 'web' }),
      ...(product ? { price: { amount: product.price, currency: product.currency } } : {}),
    };
    const sentAt = Date.now();
    const started = performance.now();
    try {
      const response = await fetch(`${this.deps.gatewayUrl}/v1/events`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          traceparent,
          ...(this.deps.ingestKey ? { authorization: `Bearer ${this.deps.ingestKey}` } : {}),
        },
        body: JSON.stringify(event),
        signal: AbortSignal.timeout(GATEWAY_TIMEOUT_MS),
      });
      const text = await response.text();
      const postMs = performance.now() - started;
      this.remember({ eventId, traceId, productId: request.productId, type: request.type, sentAt });
      return {
        eventId,
        traceId,
        status: response.status,
        postMs,
        sentAt,
        ...(response.status === 202 ? {} : { error: `the gateway answered ${response.status}: ${text.slice(0, 300)}` }),
      };
    } catch (error) {
      return {
        eventId,
        traceId,
        status: 0,
        postMs: performance.now() - started,
        sentAt,
        error: `the gateway at ${this.deps.gatewayUrl} did not answer: ${(error as Error).message}`,
      };
    }
  }

  /**
   * The "customers also bought" panel for a session: the gateway's answer (timed: query latency),
   * and for each item the session product whose relations hold it, with the scorer's score and rank.
   */
  async recommendations(query: { sessionId: string; productId?: string; seeds: string[]; limit: number }): Promise<RecommendationsAnswer> {
    const params = new URLSearchParams({ sessionId: query.sessionId, limit: String(query.limit), excludeInCart: 'true' });
    if (query.productId) params.set('productId', query.productId);
    const started = performance.now();
    const response = await fetch(`${this.deps.gatewayUrl}/v1/recommendations?${params}`, {
      signal: AbortSignal.timeout(GATEWAY_TIMEOUT_MS),
    });
    const body = (await response.json()) as {
      items?: { productId: string; score: number }[];
      source?: string;
      modelVersion?: string;
      fallbackReason?: string;
      message?: string;
    };
    const queryMs = performance.now() - started;
    if (response.status !== 200 || !body.items)
      throw new Error(`the gateway answered ${response.status}: ${body.message ?? JSON.stringify(body).slice(0, 200)}`);
    const seeds = [...new Set([...(query.productId ? [query.productId] : []), ...query.seeds])].slice(0, 20);
    const relations =
      seeds.length > 0
        ? await this.deps.scorer.relations(seeds, RELATIONS_K).catch((error: Error) => {
            this.deps.logger.warn({ err: error.message }, 'scorer relations unavailable: recommendations shown without evidence');
            return new Map<string, { productId: string; score: number }[]>();
          })
        : new Map<string, { productId: string; score: number }[]>();
    return {
      items: body.items.map((item) => ({ ...item, because: evidenceFor(item.productId, seeds, relations) })),
      source: body.source ?? 'unknown',
      modelVersion: body.modelVersion ?? '',
      fallbackReason: body.fallbackReason,
      queryMs,
    };
  }

  private remember(click: RecentClick): void {
    this.clicks.push(click);
    if (this.clicks.length > RECENT_CLICKS) this.clicks.shift();
  }
}

/** The seed whose relations rank the item highest (ties: the stronger score). */
export function evidenceFor(
  item: string,
  seeds: string[],
  relations: Map<string, { productId: string; score: number }[]>,
): Evidence | null {
  let best: Evidence | null = null;
  for (const seed of seeds) {
    const related = relations.get(seed) ?? [];
    const index = related.findIndex((r) => r.productId === item);
    if (index === -1) continue;
    const candidate = { seed, relationScore: related[index]!.score, rank: index + 1, of: related.length };
    if (!best || candidate.rank < best.rank || (candidate.rank === best.rank && candidate.relationScore > best.relationScore))
      best = candidate;
  }
  return best;
}
