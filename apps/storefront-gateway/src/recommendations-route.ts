import * as grpc from '@grpc/grpc-js';
import type { Request, Response } from 'express';
import { RecommendationSource, type GetRecommendationsRequest, type GetRecommendationsResponse } from '@shelflife/contracts';
import { metrics, type Logger } from '@shelflife/telemetry';
import { sendError } from './http-errors';
import type { RecentPopularity } from './recent-popularity';

const SOURCES: Partial<Record<RecommendationSource, string>> = {
  [RecommendationSource.SOURCE_REALTIME]: 'realtime',
  [RecommendationSource.SOURCE_BLENDED]: 'blended',
  [RecommendationSource.SOURCE_FALLBACK]: 'fallback',
};
const MAX_LIMIT = 100;

/** Asks the scorer one question within a deadline; rejects with a gRPC status error. */
export type AskScorer = (request: GetRecommendationsRequest, deadlineMs: number) => Promise<GetRecommendationsResponse>;

/**
 * GET /v1/recommendations: asks the scorer within a deadline; when it is slow or down, answers from
 * the gateway's own recently-popular list rather than failing the page.
 */
export function recommendationsRoute(deps: { ask: AskScorer; popularity: RecentPopularity; deadlineMs: number; logger: Logger }) {
  return async (request: Request, response: Response): Promise<void> => {
    const started = process.hrtime.bigint();
    const query = request.query as Record<string, unknown>;
    const text = (name: string) => (typeof query[name] === 'string' ? (query[name] as string) : '');
    const productId = text('productId');
    const sessionId = text('sessionId');
    const userId = text('userId');
    const limitText = text('limit') || '10';
    const limit = Number(limitText);
    if (!/^\d+$/.test(limitText) || limit < 1 || limit > MAX_LIMIT) {
      return sendError(response, 400, 'INVALID_QUERY', `limit must be a whole number from 1 to ${MAX_LIMIT}`, [
        { field: 'limit', problem: 'out of range' },
      ]);
    }
    for (const [field, value] of Object.entries({ productId, sessionId, userId })) {
      if (value.length > 128)
        return sendError(response, 400, 'INVALID_QUERY', `${field} is longer than 128 characters`, [{ field, problem: 'too long' }]);
    }
    const flag = (name: string) => text(name) === 'true' || text(name) === '1';
    const observe = (source: string) =>
      metrics().recommendations.observe({ server: 'gateway', source }, Number(process.hrtime.bigint() - started) / 1e9);
    try {
      const answer = await deps.ask(
        {
          productId,
          sessionId,
          userId,
          limit,
          excludeViewed: flag('excludeViewed'),
          excludeInCart: flag('excludeInCart'),
          excludePurchased: flag('excludePurchased'),
        },
        deps.deadlineMs,
      );
      const source = SOURCES[answer.source] ?? 'realtime';
      observe(source);
      const items = answer.items.map((i) => ({ productId: i.productId, score: i.score }));
      // Two fallbacks look alike in `source`: say which one answered. The scorer's means it knows nothing
      // related to this product or session yet (its popular items); the gateway's, that the scorer did not answer.
      response.json(
        source === 'fallback'
          ? { items, source, modelVersion: answer.modelVersion, answeredBy: 'scorer', fallbackReason: 'nothing_related_yet' }
          : { items, source, modelVersion: answer.modelVersion, answeredBy: 'scorer' },
      );
    } catch (error) {
      const reason = (error as grpc.ServiceError).code === grpc.status.DEADLINE_EXCEEDED ? 'scorer_timeout' : 'scorer_unavailable';
      // Per request at debug: under an outage every request takes this path; the metric counts them.
      deps.logger.debug({ err: (error as Error).message, reason }, 'answering recommendations from the fallback');
      observe('fallback');
      const items = deps.popularity.top(limit, new Set(productId ? [productId] : []));
      response.json({ items, source: 'fallback', modelVersion: 'gateway-popularity', answeredBy: 'gateway', fallbackReason: reason });
    }
  };
}
