// Original file: protos/shelflife/sentinel/v1/sentinel.proto

import type { DailyRevenueRow as _shelflife_sentinel_v1_DailyRevenueRow, DailyRevenueRow__Output as _shelflife_sentinel_v1_DailyRevenueRow__Output } from '../../../shelflife/sentinel/v1/DailyRevenueRow';
import type { Long } from '@grpc/proto-loader';

export interface AuditBatchRequest {
  'version'?: (string);
  /**
   * "model" or "revenue".
   */
  'kind'?: (string);
  'rowCount'?: (number | string | Long);
  'revenue'?: (_shelflife_sentinel_v1_DailyRevenueRow)[];
  /**
   * Per product median unit price in this batch, as JSON {productId: price}.
   */
  'priceSummaryJson'?: (string);
  /**
   * True when the window is a backfill of old data: its age is not a fault.
   */
  'backfill'?: (boolean);
}

export interface AuditBatchRequest__Output {
  'version': (string);
  /**
   * "model" or "revenue".
   */
  'kind': (string);
  'rowCount': (string);
  'revenue': (_shelflife_sentinel_v1_DailyRevenueRow__Output)[];
  /**
   * Per product median unit price in this batch, as JSON {productId: price}.
   */
  'priceSummaryJson': (string);
  /**
   * True when the window is a backfill of old data: its age is not a fault.
   */
  'backfill': (boolean);
}
