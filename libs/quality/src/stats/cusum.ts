/**
 * A one-sided CUSUM of log-likelihood ratios, kept as plain data so that it snapshots as JSON.
 * Hysteresis: it raises when the sum reaches h and clears only when the sum falls back to 0;
 * the sum is capped at CAP_FACTOR * h so that recovery takes a bounded number of clean events.
 */
export interface CusumState {
  s: number;
  active: boolean;
  /** Index and id of the first event of the current positive run: the first affected event. */
  runStart: number;
  runStartId: string;
}

export type CusumChange = 'raised' | 'cleared' | undefined;

const CAP_FACTOR = 2;

export function newCusum(): CusumState {
  return { s: 0, active: false, runStart: -1, runStartId: '' };
}

export function stepCusum(c: CusumState, llr: number, h: number, index: number, eventId: string): CusumChange {
  const before = c.s;
  const s = Math.min(Math.max(0, before + llr), CAP_FACTOR * h);
  if (before === 0 && s > 0) {
    c.runStart = index;
    c.runStartId = eventId;
  }
  c.s = s;
  if (!c.active && s >= h) {
    c.active = true;
    return 'raised';
  }
  if (c.active && s === 0) {
    c.active = false;
    return 'cleared';
  }
  return undefined;
}

/** 0..1: posterior probability of a real change with prior odds chosen so that the threshold reads 0.9. */
export function cusumConfidence(s: number, h: number): number {
  return 1 / (1 + Math.exp(h - s - Math.log(9)));
}
