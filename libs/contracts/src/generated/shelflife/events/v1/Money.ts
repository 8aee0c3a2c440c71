// Original file: protos/shelflife/events/v1/event.proto

import type { Long } from '@grpc/proto-loader';

/**
 * Money without floating point: units plus nanos (as google.type.Money), so 19.99 is units=19, nanos=990000000.
 */
export interface Money {
  /**
   * ISO 4217 code, e.g. "USD".
   */
  'currencyCode'?: (string);
  'units'?: (number | string | Long);
  /**
   * Always in [0, 999999999] for non-negative amounts.
   */
  'nanos'?: (number);
}

/**
 * Money without floating point: units plus nanos (as google.type.Money), so 19.99 is units=19, nanos=990000000.
 */
export interface Money__Output {
  /**
   * ISO 4217 code, e.g. "USD".
   */
  'currencyCode': (string);
  'units': (string);
  /**
   * Always in [0, 999999999] for non-negative amounts.
   */
  'nanos': (number);
}
