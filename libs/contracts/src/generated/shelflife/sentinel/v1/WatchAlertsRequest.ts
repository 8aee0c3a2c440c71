// Original file: protos/shelflife/sentinel/v1/sentinel.proto


export interface WatchAlertsRequest {
}

export interface WatchAlertsRequest__Output {
}
