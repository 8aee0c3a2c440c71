import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { GetRecommendationsRequest as _shelflife_scorer_v1_GetRecommendationsRequest, GetRecommendationsRequest__Output as _shelflife_scorer_v1_GetRecommendationsRequest__Output } from './shelflife/scorer/v1/GetRecommendationsRequest';
import type { GetRecommendationsResponse as _shelflife_scorer_v1_GetRecommendationsResponse, GetRecommendationsResponse__Output as _shelflife_scorer_v1_GetRecommendationsResponse__Output } from './shelflife/scorer/v1/GetRecommendationsResponse';
import type { ScoredItem as _shelflife_scorer_v1_ScoredItem, ScoredItem__Output as _shelflife_scorer_v1_ScoredItem__Output } from './shelflife/scorer/v1/ScoredItem';
import type { ScorerServiceClient as _shelflife_scorer_v1_ScorerServiceClient, ScorerServiceDefinition as _shelflife_scorer_v1_ScorerServiceDefinition } from './shelflife/scorer/v1/ScorerService';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  shelflife: {
    scorer: {
      v1: {
        GetRecommendationsRequest: MessageTypeDefinition<_shelflife_scorer_v1_GetRecommendationsRequest, _shelflife_scorer_v1_GetRecommendationsRequest__Output>
        GetRecommendationsResponse: MessageTypeDefinition<_shelflife_scorer_v1_GetRecommendationsResponse, _shelflife_scorer_v1_GetRecommendationsResponse__Output>
        ScoredItem: MessageTypeDefinition<_shelflife_scorer_v1_ScoredItem, _shelflife_scorer_v1_ScoredItem__Output>
        /**
         * Serves item-to-item recommendations from the live model.
         */
        ScorerService: SubtypeConstructor<typeof grpc.Client, _shelflife_scorer_v1_ScorerServiceClient> & { service: _shelflife_scorer_v1_ScorerServiceDefinition }
        Source: EnumTypeDefinition
      }
    }
  }
}

