// Original file: protos/shelflife/sentinel/v1/sentinel.proto

import type { TypeCount as _shelflife_sentinel_v1_TypeCount, TypeCount__Output as _shelflife_sentinel_v1_TypeCount__Output } from '../../../shelflife/sentinel/v1/TypeCount';
import type { Long } from '@grpc/proto-loader';

export interface GetStreamStatsResponse {
  'counts'?: (_shelflife_sentinel_v1_TypeCount)[];
  'total'?: (number | string | Long);
}

export interface GetStreamStatsResponse__Output {
  'counts': (_shelflife_sentinel_v1_TypeCount__Output)[];
  'total': (string);
}
