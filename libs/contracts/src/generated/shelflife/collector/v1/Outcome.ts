// Original file: protos/shelflife/collector/v1/collector.proto

/**
 * What happened to one event.
 */
export const Outcome = {
  OUTCOME_UNSPECIFIED: 'OUTCOME_UNSPECIFIED',
  /**
   * Confirmed by the broker on the events exchange.
   */
  OUTCOME_ACCEPTED: 'OUTCOME_ACCEPTED',
  /**
   * Already accepted before (same event id): not published again.
   */
  OUTCOME_DUPLICATE: 'OUTCOME_DUPLICATE',
  /**
   * Violates the contract; confirmed on the dead-letter route with the reason.
   */
  OUTCOME_REJECTED: 'OUTCOME_REJECTED',
} as const;

/**
 * What happened to one event.
 */
export type Outcome =
  | 'OUTCOME_UNSPECIFIED'
  | 0
  /**
   * Confirmed by the broker on the events exchange.
   */
  | 'OUTCOME_ACCEPTED'
  | 1
  /**
   * Already accepted before (same event id): not published again.
   */
  | 'OUTCOME_DUPLICATE'
  | 2
  /**
   * Violates the contract; confirmed on the dead-letter route with the reason.
   */
  | 'OUTCOME_REJECTED'
  | 3

/**
 * What happened to one event.
 */
export type Outcome__Output = typeof Outcome[keyof typeof Outcome]
