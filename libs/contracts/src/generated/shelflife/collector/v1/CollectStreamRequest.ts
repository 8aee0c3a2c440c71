// Original file: protos/shelflife/collector/v1/collector.proto

import type { Event as _shelflife_events_v1_Event, Event__Output as _shelflife_events_v1_Event__Output } from '../../../shelflife/events/v1/Event';

export interface CollectStreamRequest {
  'events'?: (_shelflife_events_v1_Event)[];
  /**
   * As in CollectBatchRequest.
   */
  'traceparents'?: (string)[];
}

export interface CollectStreamRequest__Output {
  'events': (_shelflife_events_v1_Event__Output)[];
  /**
   * As in CollectBatchRequest.
   */
  'traceparents': (string)[];
}
