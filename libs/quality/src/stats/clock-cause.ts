/**
 * Names what went wrong with a source's clock from its recent lags (ingest time − event time) against
 * its learned typical lag. Pure arithmetic on numbers the freshness detector keeps; used only to word an
 * alert, never to decide one (the rate tests decide).
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const QUARTER_HOUR = 15 * MINUTE;
/** A recent median within this of a multiple of 15 minutes is a time-zone offset, not a skew. */
const OFFSET_TOLERANCE = 2 * MINUTE;
/** Time zones run from UTC−12 to UTC+14. */
const MAX_OFFSET_HOURS = 14;
/** Lags of a steady offset stay this close together (or within a few learned spreads). */
const STEADY_SPREAD = MINUTE;

export interface ClockEvidence {
  /** Lags (ms) of the source's events in the alert's run, oldest first. */
  lags: readonly number[];
  /** occurredAt (ms) of the same events. */
  occurred: readonly number[];
  /** Median lag of the source's last few blocks of events and when each block closed (ingest ms), oldest first. */
  blocks: ReadonlyArray<{ at: number; lag: number }>;
  /** Learned typical lag of the source (ms) and the learned spread (interquartile range) of its lags. */
  typicalLag: number;
  typicalSpread: number;
}

export type ClockFault = 'frozen' | 'timezone' | 'drift' | 'skew' | 'backlog' | 'unsteady';

export interface ClockDiagnosis {
  fault: ClockFault;
  /** Median shift of the lag against the learned typical lag (ms): > 0 the events look older. */
  shiftMs: number;
  /** For 'timezone': the source's apparent UTC offset in minutes (lag +5 h = local time of UTC−5). */
  utcOffsetMinutes?: number;
  /** For 'drift': how fast the lag changes, in ms per minute of ingest time. */
  driftMsPerMinute?: number;
  text: string;
}

export function diagnoseClock(evidence: ClockEvidence): ClockDiagnosis {
  const { lags, occurred } = evidence;
  const median = quantile(lags, 0.5);
  const shiftMs = median - evidence.typicalLag;
  const spread = quantile(lags, 0.75) - quantile(lags, 0.25);
  const last = occurred[occurred.length - 1];
  if (occurred.length >= 4 && occurred.filter((t) => t === last).length * 2 >= occurred.length) {
    return {
      fault: 'frozen',
      shiftMs,
      text: `the source repeats one timestamp (${new Date(last).toISOString()}): a frozen or defaulted clock upstream; fix the producer's clock`,
    };
  }
  const steady = spread <= Math.max(STEADY_SPREAD, 4 * evidence.typicalSpread);
  const quarters = Math.round(shiftMs / QUARTER_HOUR);
  if (
    steady &&
    quarters !== 0 &&
    Math.abs(quarters) <= 4 * MAX_OFFSET_HOURS &&
    Math.abs(shiftMs - quarters * QUARTER_HOUR) <= OFFSET_TOLERANCE &&
    Math.abs(shiftMs) >= HOUR - OFFSET_TOLERANCE
  ) {
    // Events that look n hours old come from a clock n hours behind UTC: local time of UTC−n labelled as UTC.
    const offset = -quarters * 15;
    return {
      fault: 'timezone',
      shiftMs,
      utcOffsetMinutes: offset,
      text: `the source's lag jumped by ${formatOffset(quarters * 15)}, a whole time-zone offset: local time sent as UTC (${formatUtc(offset)}); send UTC or an explicit offset`,
    };
  }
  const drift = driftPerMinute(evidence);
  const direction = shiftMs > 0 ? 'behind' : 'ahead';
  if (drift !== undefined) {
    return {
      fault: 'drift',
      shiftMs,
      driftMsPerMinute: drift,
      text: `the source's clock drifts ${drift > 0 ? 'behind' : 'ahead'} by ~${formatDuration(Math.abs(drift))} per minute (now ~${formatDuration(Math.abs(shiftMs))} ${direction}): an unsynchronised clock; enable NTP on the producer`,
    };
  }
  if (steady) {
    return {
      fault: 'skew',
      shiftMs,
      text: `the source's clock is skewed by ~${formatDuration(Math.abs(shiftMs))} (${direction}), not a whole-hour offset: fix the producer's clock (NTP)`,
    };
  }
  if (shiftMs > 0) {
    return {
      fault: 'backlog',
      shiftMs,
      text: `events arrive from the past (lags ${formatDuration(quantile(lags, 0.1))} to ${formatDuration(quantile(lags, 0.9))}): a backlog or a replay of old events upstream`,
    };
  }
  return {
    fault: 'unsteady',
    shiftMs,
    text: `event times jump around the ingest clock by ${formatDuration(spread)}: a producer clock that is wrong in varying ways`,
  };
}

/**
 * A steady trend of the block medians over ingest time (least squares), when it explains most of their
 * spread and amounts to more than a second per minute: a clock running at the wrong rate. A sudden skew
 * is a step, which lands in the last block or two when the alert is raised and fits no line.
 */
function driftPerMinute({ blocks, typicalSpread }: ClockEvidence): number | undefined {
  const n = blocks.length;
  if (n < 6) return undefined;
  let mt = 0;
  let ml = 0;
  for (const block of blocks) {
    mt += block.at / n;
    ml += block.lag / n;
  }
  let stt = 0;
  let stl = 0;
  let sll = 0;
  for (const block of blocks) {
    stt += (block.at - mt) ** 2;
    stl += (block.at - mt) * (block.lag - ml);
    sll += (block.lag - ml) ** 2;
  }
  if (stt === 0 || sll === 0) return undefined;
  const slope = stl / stt;
  const explained = (stl * stl) / (stt * sll);
  const span = blocks[n - 1].at - blocks[0].at;
  // The trend must move the lag by more than the learned spread over the window, not just fit noise.
  if (explained < 0.8 || Math.abs(slope) < 1 / 60 || Math.abs(slope * span) < typicalSpread) return undefined;
  return slope * MINUTE;
}

export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const at = q * (sorted.length - 1);
  const low = Math.floor(at);
  return sorted[low] + (at - low) * ((sorted[Math.min(low + 1, sorted.length - 1)] ?? sorted[low]) - sorted[low]);
}

function formatUtc(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '−' : '+';
  const abs = Math.abs(offsetMinutes);
  const minutes = abs % 60;
  return `UTC${sign}${Math.floor(abs / 60)}${minutes ? `:${String(minutes).padStart(2, '0')}` : ''}`;
}

function formatOffset(minutes: number): string {
  const hours = Math.abs(minutes) / 60;
  return `${minutes < 0 ? '−' : '+'}${Number.isInteger(hours) ? hours : hours.toFixed(2)} h`;
}

export function formatDuration(ms: number): string {
  const abs = Math.abs(ms);
  if (abs < 1000) return `${Math.round(ms)} ms`;
  if (abs < 2 * MINUTE) return `${(ms / 1000).toFixed(abs < 10_000 ? 1 : 0)} s`;
  if (abs < 2 * HOUR) return `${Math.round(ms / MINUTE)} min`;
  return `${(ms / HOUR).toFixed(1)} h`;
}
