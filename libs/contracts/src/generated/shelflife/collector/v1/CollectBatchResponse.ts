// Original file: protos/shelflife/collector/v1/collector.proto

import type { CollectResponse as _shelflife_collector_v1_CollectResponse, CollectResponse__Output as _shelflife_collector_v1_CollectResponse__Output } from '../../../shelflife/collector/v1/CollectResponse';

export interface CollectBatchResponse {
  /**
   * One result per event, in request order.
   */
  'results'?: (_shelflife_collector_v1_CollectResponse)[];
}

export interface CollectBatchResponse__Output {
  /**
   * One result per event, in request order.
   */
  'results': (_shelflife_collector_v1_CollectResponse__Output)[];
}
