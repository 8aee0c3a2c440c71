import * as grpc from '@grpc/grpc-js';
import type { ScorerServiceHandlers } from '@shelflife/contracts';
import { MAX_LIMIT, type RecommendationModel } from '@shelflife/recs';
import { grpcError } from '@shelflife/service-kit';
import { metrics } from '@shelflife/telemetry';

const MAX_RELATION_PRODUCTS = 5_000;
const SOURCES = { realtime: 'SOURCE_REALTIME', blended: 'SOURCE_BLENDED', fallback: 'SOURCE_FALLBACK' } as const;

export function scorerHandlers(model: RecommendationModel, defaultLimit: number): ScorerServiceHandlers {
  return {
    GetRecommendations(call, callback) {
      const started = process.hrtime.bigint();
      const request = call.request;
      const limit = request.limit || defaultLimit;
      if (limit > MAX_LIMIT) return callback(grpcError(grpc.status.INVALID_ARGUMENT, `limit must be at most ${MAX_LIMIT}`));
      const answer = model.recommend({
        productId: request.productId || undefined,
        sessionId: request.sessionId || undefined,
        userId: request.userId || undefined,
        limit,
        excludeViewed: request.excludeViewed,
        excludeInCart: request.excludeInCart,
        excludePurchased: request.excludePurchased,
      });
      metrics().recommendations.observe({ server: 'scorer', source: answer.source }, Number(process.hrtime.bigint() - started) / 1e9);
      callback(null, { items: answer.items, source: SOURCES[answer.source], modelVersion: answer.modelVersion });
    },
    GetRelations(call, callback) {
      const { productIds, k } = call.request;
      if (productIds.length > MAX_RELATION_PRODUCTS) return callback(grpcError(grpc.status.INVALID_ARGUMENT, `at most ${MAX_RELATION_PRODUCTS} products per call; split the list`));
      const limit = Math.min(k || 10, MAX_LIMIT);
      // Only the live relations: no popular padding, or the comparison would measure the padding.
      const relations = productIds.map((productId) => ({ productId, items: model.recommend({ productId, limit, fillWithPopular: false }).items }));
      callback(null, { relations });
    },
  };
}
