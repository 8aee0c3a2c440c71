import * as grpc from '@grpc/grpc-js';
import { propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import {
  RecommendationSource,
  type GetRecommendationsRequest,
  type GetRecommendationsResponse,
  type ScorerServiceServer,
  type StreamRecommendationsRequest,
  type StreamRecommendationsResponse,
} from '@shelflife/contracts';
import { MAX_LIMIT, type RecommendationModel } from '@shelflife/recs';
import { grpcError } from '@shelflife/service-kit';
import { metrics } from '@shelflife/telemetry';

const MAX_RELATION_PRODUCTS = 5_000;
const SOURCES = {
  realtime: RecommendationSource.SOURCE_REALTIME,
  blended: RecommendationSource.SOURCE_BLENDED,
  fallback: RecommendationSource.SOURCE_FALLBACK,
} as const;
const STREAM_METHOD = 'shelflife.scorer.v1.ScorerService/StreamRecommendations';
const tracer = trace.getTracer('stream-scorer');

type Answer = { response: GetRecommendationsResponse } | { code: grpc.status; message: string };

/** One recommendation question, whether it came as a unary call or on a stream. */
function answer(model: RecommendationModel, request: GetRecommendationsRequest, defaultLimit: number): Answer {
  const started = process.hrtime.bigint();
  const limit = request.limit || defaultLimit;
  if (limit > MAX_LIMIT) return { code: grpc.status.INVALID_ARGUMENT, message: `limit must be at most ${MAX_LIMIT}` };
  const result = model.recommend({
    productId: request.productId || undefined,
    sessionId: request.sessionId || undefined,
    userId: request.userId || undefined,
    limit,
    excludeViewed: request.excludeViewed,
    excludeInCart: request.excludeInCart,
    excludePurchased: request.excludePurchased,
  });
  metrics().recommendations.observe({ server: 'scorer', source: result.source }, Number(process.hrtime.bigint() - started) / 1e9);
  return { response: { items: result.items, source: SOURCES[result.source], modelVersion: result.modelVersion } };
}

function answerOnStream(
  model: RecommendationModel,
  question: StreamRecommendationsRequest,
  defaultLimit: number,
): StreamRecommendationsResponse {
  // A server span per question, child of the asker's client span: the stream itself is not traced.
  const parent = question.traceparent ? propagation.extract(ROOT_CONTEXT, { traceparent: question.traceparent }) : ROOT_CONTEXT;
  const span = tracer.startSpan(
    STREAM_METHOD,
    { kind: SpanKind.SERVER, attributes: { 'rpc.system': 'grpc', 'rpc.method': 'StreamRecommendations' } },
    parent,
  );
  try {
    const result = question.request
      ? answer(model, question.request, defaultLimit)
      : { code: grpc.status.INVALID_ARGUMENT, message: 'the question carries no request' };
    if ('response' in result) return { id: question.id, response: result.response, errorCode: 0, errorMessage: '' };
    span.setAttribute('rpc.grpc.status_code', result.code);
    span.setStatus({ code: SpanStatusCode.ERROR, message: result.message });
    return { id: question.id, response: undefined, errorCode: result.code, errorMessage: result.message };
  } catch (error) {
    // A throw in a stream's data listener would take the whole process down (grpc-js guards only
    // unary handlers): this question fails, the stream and the scorer stay.
    span.recordException(error as Error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
    return {
      id: question.id,
      response: undefined,
      errorCode: grpc.status.INTERNAL,
      errorMessage: `the scorer failed on this question: ${(error as Error).message}`,
    };
  } finally {
    span.end();
  }
}

export interface ScorerService {
  handlers: ScorerServiceServer;
  /** Ends every open StreamRecommendations call (drain): clients reopen theirs, elsewhere if they can. */
  endStreams(): void;
}

export function scorerService(model: RecommendationModel, defaultLimit: number): ScorerService {
  const streams = new Set<grpc.ServerDuplexStream<StreamRecommendationsRequest, StreamRecommendationsResponse>>();
  const handlers: ScorerServiceServer = {
    getRecommendations(call, callback) {
      const result = answer(model, call.request, defaultLimit);
      if ('response' in result) callback(null, result.response);
      else callback(grpcError(result.code, result.message));
    },
    getRelations(call, callback) {
      const { productIds, k } = call.request;
      if (productIds.length > MAX_RELATION_PRODUCTS)
        return callback(grpcError(grpc.status.INVALID_ARGUMENT, `at most ${MAX_RELATION_PRODUCTS} products per call; split the list`));
      const limit = Math.min(k || 10, MAX_LIMIT);
      // Only the live relations: no popular padding, or the comparison would measure the padding.
      const relations = productIds.map((productId) => ({
        productId,
        items: model.recommend({ productId, limit, fillWithPopular: false }).items,
      }));
      callback(null, { relations });
    },
    streamRecommendations(call) {
      streams.add(call);
      const forget = () => streams.delete(call);
      call.on('data', (question: StreamRecommendationsRequest) => call.write(answerOnStream(model, question, defaultLimit)));
      call.on('end', () => {
        forget();
        call.end();
      });
      call.on('error', forget);
      call.on('cancelled', forget);
    },
  };
  return {
    handlers,
    endStreams() {
      for (const call of streams) call.end();
      streams.clear();
    },
  };
}
