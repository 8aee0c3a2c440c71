// Original file: protos/shelflife/scorer/v1/scorer.proto

import type { ScoredItem as _shelflife_scorer_v1_ScoredItem, ScoredItem__Output as _shelflife_scorer_v1_ScoredItem__Output } from '../../../shelflife/scorer/v1/ScoredItem';
import type { Source as _shelflife_scorer_v1_Source, Source__Output as _shelflife_scorer_v1_Source__Output } from '../../../shelflife/scorer/v1/Source';

export interface GetRecommendationsResponse {
  'items'?: (_shelflife_scorer_v1_ScoredItem)[];
  'source'?: (_shelflife_scorer_v1_Source);
  'modelVersion'?: (string);
}

export interface GetRecommendationsResponse__Output {
  'items': (_shelflife_scorer_v1_ScoredItem__Output)[];
  'source': (_shelflife_scorer_v1_Source__Output);
  'modelVersion': (string);
}
