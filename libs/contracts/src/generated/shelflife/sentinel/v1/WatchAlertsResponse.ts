// Original file: protos/shelflife/sentinel/v1/sentinel.proto

import type { Alert as _shelflife_sentinel_v1_Alert, Alert__Output as _shelflife_sentinel_v1_Alert__Output } from '../../../shelflife/sentinel/v1/Alert';

export interface WatchAlertsResponse {
  /**
   * "raised" or "cleared".
   */
  'change'?: (string);
  'alert'?: (_shelflife_sentinel_v1_Alert | null);
}

export interface WatchAlertsResponse__Output {
  /**
   * "raised" or "cleared".
   */
  'change': (string);
  'alert': (_shelflife_sentinel_v1_Alert__Output | null);
}
