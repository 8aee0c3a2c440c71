// Original file: protos/shelflife/collector/v1/collector.proto


export interface CollectStreamResponse {
  'accepted'?: (number);
  'duplicates'?: (number);
  'rejected'?: (number);
}

export interface CollectStreamResponse__Output {
  'accepted': (number);
  'duplicates': (number);
  'rejected': (number);
}
