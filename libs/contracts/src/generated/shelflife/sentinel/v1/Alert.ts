// Original file: protos/shelflife/sentinel/v1/sentinel.proto

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../../google/protobuf/Timestamp';

export interface Alert {
  'id'?: (string);
  /**
   * Detector kind, e.g. "price_unit_shift", "null_burst", "volume_drop".
   */
  'kind'?: (string);
  'source'?: (string);
  'field'?: (string);
  'cause'?: (string);
  /**
   * 0..1: how sure the detector is.
   */
  'confidence'?: (number | string);
  'raisedAt'?: (_google_protobuf_Timestamp | null);
  'clearedAt'?: (_google_protobuf_Timestamp | null);
  /**
   * The first event believed affected.
   */
  'firstAffectedEventId'?: (string);
  'sampleProductIds'?: (string)[];
  /**
   * Detector-specific figures as JSON.
   */
  'detailJson'?: (string);
  'active'?: (boolean);
  /**
   * The event type the alert is about ("*" for every type), e.g. "purchase" when one source's purchases stop.
   */
  'eventType'?: (string);
}

export interface Alert__Output {
  'id': (string);
  /**
   * Detector kind, e.g. "price_unit_shift", "null_burst", "volume_drop".
   */
  'kind': (string);
  'source': (string);
  'field': (string);
  'cause': (string);
  /**
   * 0..1: how sure the detector is.
   */
  'confidence': (number);
  'raisedAt': (_google_protobuf_Timestamp__Output | null);
  'clearedAt': (_google_protobuf_Timestamp__Output | null);
  /**
   * The first event believed affected.
   */
  'firstAffectedEventId': (string);
  'sampleProductIds': (string)[];
  /**
   * Detector-specific figures as JSON.
   */
  'detailJson': (string);
  'active': (boolean);
  /**
   * The event type the alert is about ("*" for every type), e.g. "purchase" when one source's purchases stop.
   */
  'eventType': (string);
}
