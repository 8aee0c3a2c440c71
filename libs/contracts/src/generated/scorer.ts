import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { GetRecommendationsRequest as _shelflife_scorer_v1_GetRecommendationsRequest, GetRecommendationsRequest__Output as _shelflife_scorer_v1_GetRecommendationsRequest__Output } from './shelflife/scorer/v1/GetRecommendationsRequest';
import type { GetRecommendationsResponse as _shelflife_scorer_v1_GetRecommendationsResponse, GetRecommendationsResponse__Output as _shelflife_scorer_v1_GetRecommendationsResponse__Output } from './shelflife/scorer/v1/GetRecommendationsResponse';
import type { GetRelationsRequest as _shelflife_scorer_v1_GetRelationsRequest, GetRelationsRequest__Output as _shelflife_scorer_v1_GetRelationsRequest__Output } from './shelflife/scorer/v1/GetRelationsRequest';
import type { GetRelationsResponse as _shelflife_scorer_v1_GetRelationsResponse, GetRelationsResponse__Output as _shelflife_scorer_v1_GetRelationsResponse__Output } from './shelflife/scorer/v1/GetRelationsResponse';
import type { ProductRelations as _shelflife_scorer_v1_ProductRelations, ProductRelations__Output as _shelflife_scorer_v1_ProductRelations__Output } from './shelflife/scorer/v1/ProductRelations';
import type { ScoredItem as _shelflife_scorer_v1_ScoredItem, ScoredItem__Output as _shelflife_scorer_v1_ScoredItem__Output } from './shelflife/scorer/v1/ScoredItem';
import type { ScorerServiceClient as _shelflife_scorer_v1_ScorerServiceClient, ScorerServiceDefinition as _shelflife_scorer_v1_ScorerServiceDefinition } from './shelflife/scorer/v1/ScorerService';
import type { StreamRecommendationsRequest as _shelflife_scorer_v1_StreamRecommendationsRequest, StreamRecommendationsRequest__Output as _shelflife_scorer_v1_StreamRecommendationsRequest__Output } from './shelflife/scorer/v1/StreamRecommendationsRequest';
import type { StreamRecommendationsResponse as _shelflife_scorer_v1_StreamRecommendationsResponse, StreamRecommendationsResponse__Output as _shelflife_scorer_v1_StreamRecommendationsResponse__Output } from './shelflife/scorer/v1/StreamRecommendationsResponse';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  shelflife: {
    scorer: {
      v1: {
        GetRecommendationsRequest: MessageTypeDefinition<_shelflife_scorer_v1_GetRecommendationsRequest, _shelflife_scorer_v1_GetRecommendationsRequest__Output>
        GetRecommendationsResponse: MessageTypeDefinition<_shelflife_scorer_v1_GetRecommendationsResponse, _shelflife_scorer_v1_GetRecommendationsResponse__Output>
        GetRelationsRequest: MessageTypeDefinition<_shelflife_scorer_v1_GetRelationsRequest, _shelflife_scorer_v1_GetRelationsRequest__Output>
        GetRelationsResponse: MessageTypeDefinition<_shelflife_scorer_v1_GetRelationsResponse, _shelflife_scorer_v1_GetRelationsResponse__Output>
        ProductRelations: MessageTypeDefinition<_shelflife_scorer_v1_ProductRelations, _shelflife_scorer_v1_ProductRelations__Output>
        ScoredItem: MessageTypeDefinition<_shelflife_scorer_v1_ScoredItem, _shelflife_scorer_v1_ScoredItem__Output>
        /**
         * Serves item-to-item recommendations from the live model.
         */
        ScorerService: SubtypeConstructor<typeof grpc.Client, _shelflife_scorer_v1_ScorerServiceClient> & { service: _shelflife_scorer_v1_ScorerServiceDefinition }
        Source: EnumTypeDefinition
        StreamRecommendationsRequest: MessageTypeDefinition<_shelflife_scorer_v1_StreamRecommendationsRequest, _shelflife_scorer_v1_StreamRecommendationsRequest__Output>
        StreamRecommendationsResponse: MessageTypeDefinition<_shelflife_scorer_v1_StreamRecommendationsResponse, _shelflife_scorer_v1_StreamRecommendationsResponse__Output>
      }
    }
  }
}

