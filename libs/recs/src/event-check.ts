import { isEventType, type ShopEvent } from '@shelflife/contracts';

/**
 * The fields the model relies on; a bad one would poison counts (a NaN time makes every weight NaN),
 * so it is refused with the field named. The service should dead-letter such an event.
 */
export function checkLearnableEvent(event: ShopEvent): void {
  const problem = problemWith(event);
  if (problem) throw new TypeError(`cannot learn from event ${event?.eventId ?? '(no id)'}: ${problem}`);
}

function problemWith(event: ShopEvent): string | null {
  if (!event) return 'event is missing';
  if (typeof event.eventId !== 'string' || event.eventId === '') return 'eventId must be a non-empty string';
  if (!isEventType(event.type)) return `type ${JSON.stringify(event.type)} is not one of view, add_to_cart, remove_from_cart, purchase`;
  if (typeof event.productId !== 'string' || event.productId === '') return 'productId must be a non-empty string';
  if (typeof event.sessionId !== 'string' || event.sessionId === '') return 'sessionId must be a non-empty string';
  if (!Number.isFinite(event.occurredAt)) return `occurredAt must be epoch milliseconds, got ${event.occurredAt}`;
  if (typeof event.userId !== 'string') return 'userId must be a string (empty for anonymous shoppers)';
  return null;
}
