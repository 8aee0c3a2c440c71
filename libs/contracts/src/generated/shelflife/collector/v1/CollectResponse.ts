// Original file: protos/shelflife/collector/v1/collector.proto

import type { Outcome as _shelflife_collector_v1_Outcome, Outcome__Output as _shelflife_collector_v1_Outcome__Output } from '../../../shelflife/collector/v1/Outcome';

export interface CollectResponse {
  'outcome'?: (_shelflife_collector_v1_Outcome);
  'eventId'?: (string);
  /**
   * Why it was rejected, for OUTCOME_REJECTED.
   */
  'reason'?: (string);
}

export interface CollectResponse__Output {
  'outcome': (_shelflife_collector_v1_Outcome__Output);
  'eventId': (string);
  /**
   * Why it was rejected, for OUTCOME_REJECTED.
   */
  'reason': (string);
}
