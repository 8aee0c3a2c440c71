// Original file: protos/shelflife/collector/v1/collector.proto

import type { Event as _shelflife_events_v1_Event, Event__Output as _shelflife_events_v1_Event__Output } from '../../../shelflife/events/v1/Event';

export interface CollectRequest {
  'event'?: (_shelflife_events_v1_Event | null);
}

export interface CollectRequest__Output {
  'event': (_shelflife_events_v1_Event__Output | null);
}
