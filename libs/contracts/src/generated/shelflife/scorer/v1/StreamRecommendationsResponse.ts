// Original file: protos/shelflife/scorer/v1/scorer.proto

import type { GetRecommendationsResponse as _shelflife_scorer_v1_GetRecommendationsResponse, GetRecommendationsResponse__Output as _shelflife_scorer_v1_GetRecommendationsResponse__Output } from '../../../shelflife/scorer/v1/GetRecommendationsResponse';

export interface StreamRecommendationsResponse {
  'id'?: (number);
  /**
   * The answer; absent when the question was refused (then error_code is set).
   */
  'response'?: (_shelflife_scorer_v1_GetRecommendationsResponse | null);
  /**
   * A google.rpc.Code (3 INVALID_ARGUMENT...) when the question was refused; 0 with an answer.
   */
  'errorCode'?: (number);
  'errorMessage'?: (string);
}

export interface StreamRecommendationsResponse__Output {
  'id': (number);
  /**
   * The answer; absent when the question was refused (then error_code is set).
   */
  'response': (_shelflife_scorer_v1_GetRecommendationsResponse__Output | null);
  /**
   * A google.rpc.Code (3 INVALID_ARGUMENT...) when the question was refused; 0 with an answer.
   */
  'errorCode': (number);
  'errorMessage': (string);
}
