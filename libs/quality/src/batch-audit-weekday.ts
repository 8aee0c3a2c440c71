/**
 * The week in the batch audit's row-count check. A shop that never trades on Saturdays has an empty
 * Saturday every week: against the median of all past runs that is "row count 0" every time, a hold
 * nobody can act on. So a one-day batch is compared with past approved batches of the same weekday
 * once there are enough of them; before that the caller falls back to its all-days rule.
 */

/** One approved one-day batch, kept compactly for the weekday profile (no prices, no revenue). */
export interface ApprovedDay {
  kind: string;
  /** YYYY-MM-DD, the one day the batch covered. */
  date: string;
  rowCount: number;
}

export interface WeekdayRuleOptions {
  /** Past approved batches of the same weekday needed before the weekday is judged on its own. */
  minSameWeekdayRuns: number;
  /** Row count may move within [1/x, x] of the same-weekday median. */
  rowCountFactor: number;
}

/** What the weekday rule concluded; `undefined` from {@link checkRowCountByWeekday} means "not enough history: use the all-days rule". */
export interface WeekdayJudgement {
  findings: string[];
  /** How the row count was judged, for the verdict's reason. */
  basis: string;
}

export const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 24 * 3600 * 1000;

export function weekdayOf(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/**
 * The single day a batch covers: its window when that is one day, else its only revenue date. An
 * empty day has no revenue rows, so without the window its weekday is unknown.
 */
export function singleDayOf(request: { window?: { from: string; to: string }; revenue: { date: string }[] }): string | undefined {
  if (request.window) return request.window.from === request.window.to && DAY.test(request.window.from) ? request.window.from : undefined;
  const dates = new Set(request.revenue.map((row) => row.date));
  const [only] = dates;
  return dates.size === 1 && DAY.test(only) ? only : undefined;
}

/** The weekday profile after approving a one-day batch: at most `keptPerKind` days per kind, newest last. */
export function recordApprovedDay(days: readonly ApprovedDay[], day: ApprovedDay, keptPerKind: number): ApprovedDay[] {
  // A rerun of the same day (late events) replaces the earlier figure instead of counting twice.
  const others = days.filter((d) => !(d.kind === day.kind && d.date === day.date));
  const sameKind = others.filter((d) => d.kind === day.kind);
  const dropped = new Set(sameKind.slice(0, Math.max(0, sameKind.length + 1 - keptPerKind)));
  return [...others.filter((d) => !dropped.has(d)), day];
}

/**
 * Judges the row count of a one-day batch against past approved days of the same kind and weekday:
 * - with at least `minSameWeekdayRuns` of them, against their median: a weekday whose median is 0 is
 *   a day the shop does not trade (an empty one passes), a normally busy weekday that is empty is held;
 * - with fewer, but when the approved days span at least `minSameWeekdayRuns` of that weekday and
 *   none of those had a row (the empty ones were held, so they never entered the history), the
 *   weekday is closed: an empty day passes, and once approved it counts as a same-weekday run;
 * - otherwise `undefined`: the caller uses its all-days rule.
 */
export function checkRowCountByWeekday(
  request: { kind: string; rowCount: number; window?: { from: string; to: string }; revenue: { date: string }[] },
  days: readonly ApprovedDay[],
  options: WeekdayRuleOptions,
): WeekdayJudgement | undefined {
  const date = singleDayOf(request);
  if (date === undefined) return undefined;
  const weekday = weekdayOf(date);
  const name = WEEKDAY_NAMES[weekday];
  const past = days.filter((d) => d.kind === request.kind && d.date !== date);
  const same = past.filter((d) => weekdayOf(d.date) === weekday);

  if (same.length >= options.minSameWeekdayRuns) {
    const expected = median(same.map((d) => d.rowCount));
    const basis = `row count judged against ${same.length} approved ${name}s (median ${expected.toFixed(0)})`;
    if (expected === 0) return { findings: [], basis: `${basis}: a day the shop does not usually trade` };
    const ratio = request.rowCount / expected;
    const outside = ratio > options.rowCountFactor || ratio < 1 / options.rowCountFactor;
    return {
      basis,
      findings: outside
        ? [
            `row count ${request.rowCount} on ${name} ${date} is x${ratio.toFixed(2)} the median of ${same.length} approved ${name}s (${expected.toFixed(0)}); check the input window and joins (an empty day on a trading weekday usually means missing data)`,
          ]
        : [],
    };
  }

  const spanned = weekdaysSpanned(
    past.map((d) => d.date),
    weekday,
  );
  if (spanned >= options.minSameWeekdayRuns && same.every((d) => d.rowCount === 0) && request.rowCount === 0) {
    return {
      findings: [],
      basis: `no approved ${name} had any row over ${spanned} ${name}s of approved history: the shop does not trade on ${name}s`,
    };
  }
  return undefined;
}

/** How many days of this weekday lie between the first and last of `dates` (inclusive). */
function weekdaysSpanned(dates: string[], weekday: number): number {
  if (dates.length === 0) return 0;
  const sorted = [...dates].sort();
  const first = Date.parse(`${sorted[0]}T00:00:00Z`);
  const last = Date.parse(`${sorted[sorted.length - 1]}T00:00:00Z`);
  const firstMatch = first + ((weekday - new Date(first).getUTCDay() + 7) % 7) * DAY_MS;
  return firstMatch > last ? 0 : Math.floor((last - firstMatch) / (7 * DAY_MS)) + 1;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
