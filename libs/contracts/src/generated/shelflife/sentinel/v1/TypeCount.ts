// Original file: protos/shelflife/sentinel/v1/sentinel.proto

import type { Long } from '@grpc/proto-loader';

export interface TypeCount {
  'type'?: (string);
  'schemaVersion'?: (number);
  'count'?: (number | string | Long);
}

export interface TypeCount__Output {
  'type': (string);
  'schemaVersion': (number);
  'count': (string);
}
