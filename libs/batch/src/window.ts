/** A batch window: whole UTC days, inclusive at both ends, as 'YYYY-MM-DD'. */
export interface BatchWindow {
  from: string;
  to: string;
  /** Old data being (re)computed: its age is not a fault. Defaults to "ends before yesterday". */
  backfill?: boolean;
}

const DAY_MS = 24 * 3600 * 1000;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The UTC calendar day of an epoch-millisecond instant. */
export function utcDay(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  return utcDay(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS);
}

/** Throws an error naming the bad field when the window is not two valid days in order. */
export function checkWindow(window: BatchWindow): void {
  for (const field of ['from', 'to'] as const) {
    const day = window[field];
    if (typeof day !== 'string' || !DAY.test(day) || utcDay(Date.parse(`${day}T00:00:00Z`)) !== day) {
      throw new RangeError(`batch window ${field} must be a calendar day as YYYY-MM-DD, got ${JSON.stringify(day)}`);
    }
  }
  if (window.from > window.to) throw new RangeError(`batch window from (${window.from}) is after to (${window.to}); swap them`);
}

/** Every day of the window, in order. */
export function daysOf(window: BatchWindow): string[] {
  const days: string[] = [];
  for (let day = window.from; day <= window.to; day = addDays(day, 1)) days.push(day);
  return days;
}

/** The nightly job's window: yesterday, UTC. */
export function nightlyWindow(now: number): BatchWindow {
  const yesterday = addDays(utcDay(now), -1);
  return { from: yesterday, to: yesterday };
}

export function isBackfill(window: BatchWindow, now: number): boolean {
  return window.backfill ?? window.to < nightlyWindow(now).to;
}
