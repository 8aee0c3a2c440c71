// Original file: protos/shelflife/sentinel/v1/sentinel.proto


export interface GetStreamStatsRequest {
}

export interface GetStreamStatsRequest__Output {
}
