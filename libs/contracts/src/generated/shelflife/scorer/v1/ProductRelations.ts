// Original file: protos/shelflife/scorer/v1/scorer.proto

import type { ScoredItem as _shelflife_scorer_v1_ScoredItem, ScoredItem__Output as _shelflife_scorer_v1_ScoredItem__Output } from '../../../shelflife/scorer/v1/ScoredItem';

export interface ProductRelations {
  'productId'?: (string);
  'items'?: (_shelflife_scorer_v1_ScoredItem)[];
}

export interface ProductRelations__Output {
  'productId': (string);
  'items': (_shelflife_scorer_v1_ScoredItem__Output)[];
}
