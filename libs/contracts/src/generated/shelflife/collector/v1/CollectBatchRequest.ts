// Original file: protos/shelflife/collector/v1/collector.proto

import type { Event as _shelflife_events_v1_Event, Event__Output as _shelflife_events_v1_Event__Output } from '../../../shelflife/events/v1/Event';

export interface CollectBatchRequest {
  'events'?: (_shelflife_events_v1_Event)[];
  /**
   * W3C traceparent of each event, in the order of events (may be empty): a batch that gathers
   * several storefront requests still continues each request's own trace.
   */
  'traceparents'?: (string)[];
}

export interface CollectBatchRequest__Output {
  'events': (_shelflife_events_v1_Event__Output)[];
  /**
   * W3C traceparent of each event, in the order of events (may be empty): a batch that gathers
   * several storefront requests still continues each request's own trace.
   */
  'traceparents': (string)[];
}
