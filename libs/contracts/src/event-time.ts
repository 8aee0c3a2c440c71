/**
 * Time is data, and it is checked (issue 13): an event's `occurredAt` is compared with the clock of whoever
 * receives it. Both doors (the gateway's JSON parse and the collector's proto check) use these, so the same
 * event gets the same verdict whichever way it came in.
 */

/** How far ahead of the receiving clock `occurredAt` may be (clock skew between a producer and us). */
export const MAX_FUTURE_SKEW_MS = 5 * 60_000;

/** Older than this (against the receiving clock) an event is still accepted, but counted as late. */
export const LATE_AFTER_MS = 7 * 24 * 3600_000;

/** `future`: refused at the door; `late`: accepted, but worth counting (an offline client, a replay, a stuck queue). */
export type EventTimeStatus = 'ok' | 'late' | 'future';

export interface EventTimeOptions {
  /** Default MAX_FUTURE_SKEW_MS; Infinity accepts any future date (a reader that only watches, like the sentinel). */
  maxFutureSkewMs?: number;
  /** Default LATE_AFTER_MS; Infinity never flags an event as late. */
  lateAfterMs?: number;
}

/**
 * Where `occurredAtMs` sits against the receiving clock `now` (both epoch ms): `future` when it is more than
 * maxFutureSkewMs ahead, `late` when it is more than lateAfterMs behind, else `ok`. Pure: no clock is read.
 * A non-finite occurredAt is `future` (it cannot be placed, and must not reach a model's clock).
 */
export function eventTimeStatus(occurredAtMs: number, now: number, options: EventTimeOptions = {}): EventTimeStatus {
  const maxFutureSkewMs = checkedMs('maxFutureSkewMs', options.maxFutureSkewMs ?? MAX_FUTURE_SKEW_MS);
  const lateAfterMs = checkedMs('lateAfterMs', options.lateAfterMs ?? LATE_AFTER_MS);
  if (!Number.isFinite(occurredAtMs)) return 'future';
  if (occurredAtMs - now > maxFutureSkewMs) return 'future';
  if (now - occurredAtMs > lateAfterMs) return 'late';
  return 'ok';
}

/** The problem shown for a refused future-dated event (the field is `occurredAt`): how far ahead, and what to do. */
export function futureEventProblem(occurredAtMs: number, now: number, maxFutureSkewMs: number = MAX_FUTURE_SKEW_MS): string {
  const ahead = Math.round((occurredAtMs - now) / 1000);
  const allowed = Math.round(maxFutureSkewMs / 1000);
  return `is ${ahead} s ahead of the receiving clock (at most ${allowed} s allowed); send UTC with an explicit offset (e.g. 2026-01-31T12:00:00Z), or fix the source's clock`;
}

function checkedMs(name: string, value: number): number {
  if (typeof value !== 'number' || Number.isNaN(value) || value < 0)
    throw new RangeError(`${name} must be a number of milliseconds >= 0 (Infinity turns the check off), got ${value}`);
  return value;
}
