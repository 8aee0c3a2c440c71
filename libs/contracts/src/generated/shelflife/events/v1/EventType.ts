// Original file: protos/shelflife/events/v1/event.proto

/**
 * What the shopper did. New values may be added; consumers must treat unknown values as opaque.
 */
export const EventType = {
  EVENT_TYPE_UNSPECIFIED: 'EVENT_TYPE_UNSPECIFIED',
  EVENT_TYPE_VIEW: 'EVENT_TYPE_VIEW',
  EVENT_TYPE_ADD_TO_CART: 'EVENT_TYPE_ADD_TO_CART',
  EVENT_TYPE_REMOVE_FROM_CART: 'EVENT_TYPE_REMOVE_FROM_CART',
  EVENT_TYPE_PURCHASE: 'EVENT_TYPE_PURCHASE',
} as const;

/**
 * What the shopper did. New values may be added; consumers must treat unknown values as opaque.
 */
export type EventType =
  | 'EVENT_TYPE_UNSPECIFIED'
  | 0
  | 'EVENT_TYPE_VIEW'
  | 1
  | 'EVENT_TYPE_ADD_TO_CART'
  | 2
  | 'EVENT_TYPE_REMOVE_FROM_CART'
  | 3
  | 'EVENT_TYPE_PURCHASE'
  | 4

/**
 * What the shopper did. New values may be added; consumers must treat unknown values as opaque.
 */
export type EventType__Output = typeof EventType[keyof typeof EventType]
