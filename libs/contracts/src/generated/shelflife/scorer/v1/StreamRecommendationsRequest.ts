// Original file: protos/shelflife/scorer/v1/scorer.proto

import type { GetRecommendationsRequest as _shelflife_scorer_v1_GetRecommendationsRequest, GetRecommendationsRequest__Output as _shelflife_scorer_v1_GetRecommendationsRequest__Output } from '../../../shelflife/scorer/v1/GetRecommendationsRequest';

export interface StreamRecommendationsRequest {
  /**
   * Chosen by the client, unique among its questions in flight; echoed in the answer.
   */
  'id'?: (number);
  'request'?: (_shelflife_scorer_v1_GetRecommendationsRequest | null);
  /**
   * W3C trace context of this one question: the stream itself belongs to no request.
   */
  'traceparent'?: (string);
}

export interface StreamRecommendationsRequest__Output {
  /**
   * Chosen by the client, unique among its questions in flight; echoed in the answer.
   */
  'id': (number);
  'request': (_shelflife_scorer_v1_GetRecommendationsRequest__Output | null);
  /**
   * W3C trace context of this one question: the stream itself belongs to no request.
   */
  'traceparent': (string);
}
