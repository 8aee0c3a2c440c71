import type { DeadLetterPart, HandlerVerdict } from './event-bus';
import { headers as H } from './topology';

/**
 * What happens to a handled message, decided in one place for every transport (the AMQP queues and
 * stream readers, the in-process queues and streams): pure, so each branch is tested on its own
 * (settlement-policy.spec.ts) and the transports only carry the decision out.
 */

/**
 * Why a message went to the dead-letter route, as the `reason` label of shelflife_dead_lettered_total:
 * its retries ran out, or its handler (or a part of an acknowledged bundle) refused it.
 */
export type DeadLetterCause = 'retries_exhausted' | 'rejected';

export type SettlementDecision =
  /** Done with; the parts of a bundle the handler could not use are dead-lettered alone first (each a `rejected`). */
  | { action: 'ack'; deadLetterParts: DeadLetterPart[] }
  /** Handle again after `delayMs`; `attempt` is the number the next delivery carries, `reason` why it failed. */
  | { action: 'retry'; attempt: number; delayMs: number; reason: string }
  /** To the dead-letter route with `reason` in its header; `cause` is the metric's label. */
  | { action: 'dead-letter'; reason: string; cause: DeadLetterCause }
  /** A subscription's private queue has no retry or dead-letter route: the message is dropped. */
  | { action: 'drop' };

export interface SettlementOptions {
  /** After this many failed attempts a message goes to the dead-letter route. */
  maxAttempts: number;
  /** Backoff before attempt n+1, in ms. */
  retryDelayMs: (attempt: number) => number;
  /** False for a subscription's private queue (control messages, alerts): nothing is retried or dead-lettered. */
  deadLetters: boolean;
}

/** A handler that threw asked, in effect, for a retry: the error's message is the reason. */
export function verdictOfError(error: unknown): HandlerVerdict {
  return { action: 'retry', reason: error instanceof Error ? error.message : String(error) };
}

/**
 * The delivery's attempt number from its attempt header: 1 when absent. A header that is not a whole
 * number from 1 up (written by a foreign producer, or damaged) also counts as the first attempt: the
 * retry writes a well-formed one, so the count is bounded from there on, where NaN would dead-letter
 * a message on its first failure with "gave up after NaN attempts".
 */
export function attemptOf(headers: Record<string, unknown>): number {
  const raw = headers[H.attempt];
  const value = typeof raw === 'number' ? raw : typeof raw === 'string' || Buffer.isBuffer(raw) ? Number(raw.toString().trim()) : NaN;
  return Number.isSafeInteger(value) && value >= 1 ? value : 1;
}

/** What to do with a message whose handler returned `verdict` on delivery number `attempt`. */
export function decideSettlement(verdict: HandlerVerdict, attempt: number, options: SettlementOptions): SettlementDecision {
  if (!options.deadLetters) return verdict.action === 'ack' ? { action: 'ack', deadLetterParts: [] } : { action: 'drop' };
  if (verdict.action === 'ack') return { action: 'ack', deadLetterParts: verdict.deadLetterParts ?? [] };
  if (verdict.action === 'dead-letter') return { action: 'dead-letter', reason: verdict.reason, cause: 'rejected' };
  if (attempt < options.maxAttempts) {
    return { action: 'retry', attempt: attempt + 1, delayMs: options.retryDelayMs(attempt), reason: verdict.reason };
  }
  return { action: 'dead-letter', reason: `gave up after ${attempt} attempts: ${verdict.reason}`, cause: 'retries_exhausted' };
}
