// Original file: protos/shelflife/sentinel/v1/sentinel.proto


export interface ListAlertsRequest {
  'includeCleared'?: (boolean);
}

export interface ListAlertsRequest__Output {
  'includeCleared': (boolean);
}
