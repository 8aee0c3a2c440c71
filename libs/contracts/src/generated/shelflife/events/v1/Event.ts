// Original file: protos/shelflife/events/v1/event.proto

import type { EventType as _shelflife_events_v1_EventType, EventType__Output as _shelflife_events_v1_EventType__Output } from '../../../shelflife/events/v1/EventType';
import type { Money as _shelflife_events_v1_Money, Money__Output as _shelflife_events_v1_Money__Output } from '../../../shelflife/events/v1/Money';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../../google/protobuf/Timestamp';

/**
 * One storefront event, contract version 1.
 */
export interface Event {
  /**
   * Idempotency key: the same event id is processed at most once per consumer.
   */
  'eventId'?: (string);
  'type'?: (_shelflife_events_v1_EventType);
  'userId'?: (string);
  'sessionId'?: (string);
  'productId'?: (string);
  'price'?: (_shelflife_events_v1_Money | null);
  'quantity'?: (number);
  'occurredAt'?: (_google_protobuf_Timestamp | null);
  /**
   * Where the event came from: "web", "app", a partner feed...
   */
  'source'?: (string);
  /**
   * Top-level JSON fields the gateway did not recognise; kept so that the sentinel can see contract drift.
   */
  'unknownFields'?: (string)[];
}

/**
 * One storefront event, contract version 1.
 */
export interface Event__Output {
  /**
   * Idempotency key: the same event id is processed at most once per consumer.
   */
  'eventId': (string);
  'type': (_shelflife_events_v1_EventType__Output);
  'userId': (string);
  'sessionId': (string);
  'productId': (string);
  'price': (_shelflife_events_v1_Money__Output | null);
  'quantity': (number);
  'occurredAt': (_google_protobuf_Timestamp__Output | null);
  /**
   * Where the event came from: "web", "app", a partner feed...
   */
  'source': (string);
  /**
   * Top-level JSON fields the gateway did not recognise; kept so that the sentinel can see contract drift.
   */
  'unknownFields': (string)[];
}
