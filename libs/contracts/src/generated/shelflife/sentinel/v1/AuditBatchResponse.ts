// Original file: protos/shelflife/sentinel/v1/sentinel.proto


export interface AuditBatchResponse {
  'approved'?: (boolean);
  'reason'?: (string);
  'findings'?: (string)[];
}

export interface AuditBatchResponse__Output {
  'approved': (boolean);
  'reason': (string);
  'findings': (string)[];
}
