// Original file: protos/shelflife/sentinel/v1/sentinel.proto

import type { Alert as _shelflife_sentinel_v1_Alert, Alert__Output as _shelflife_sentinel_v1_Alert__Output } from '../../../shelflife/sentinel/v1/Alert';

export interface ListAlertsResponse {
  'alerts'?: (_shelflife_sentinel_v1_Alert)[];
}

export interface ListAlertsResponse__Output {
  'alerts': (_shelflife_sentinel_v1_Alert__Output)[];
}
