// Original file: protos/shelflife/sentinel/v1/sentinel.proto

import type { Long } from '@grpc/proto-loader';

export interface DailyRevenueRow {
  'date'?: (string);
  'currencyCode'?: (string);
  'revenue'?: (number | string);
  'units'?: (number | string | Long);
  'orders'?: (number | string | Long);
}

export interface DailyRevenueRow__Output {
  'date': (string);
  'currencyCode': (string);
  'revenue': (number);
  'units': (string);
  'orders': (string);
}
