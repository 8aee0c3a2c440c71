import type { EventView } from './event-view';

/** One incoming event as every detector sees it: the monitor's view of it, and where it sits in the stream. */
export interface ObservedEvent extends EventView {
  index: number;
  /**
   * True when this eventId was seen before (a redelivery). Set by the duplicate detector, which runs
   * before the detectors that read it: a redelivered copy says nothing about its source's clock or content.
   */
  repeat?: boolean;
}

export function observedAt(view: EventView, index: number): ObservedEvent {
  return {
    index,
    ingestedAt: view.ingestedAt,
    shape: view.shape,
    event: view.event,
    source: view.source,
    eventType: view.eventType,
    eventId: view.eventId,
    productId: view.productId,
    repeat: undefined,
  };
}
