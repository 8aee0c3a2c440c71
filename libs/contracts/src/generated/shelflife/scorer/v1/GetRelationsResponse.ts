// Original file: protos/shelflife/scorer/v1/scorer.proto

import type { ProductRelations as _shelflife_scorer_v1_ProductRelations, ProductRelations__Output as _shelflife_scorer_v1_ProductRelations__Output } from '../../../shelflife/scorer/v1/ProductRelations';

export interface GetRelationsResponse {
  'relations'?: (_shelflife_scorer_v1_ProductRelations)[];
}

export interface GetRelationsResponse__Output {
  'relations': (_shelflife_scorer_v1_ProductRelations__Output)[];
}
