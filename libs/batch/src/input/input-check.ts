import type { NdjsonReading } from '../ndjson/gateway-ndjson';

/**
 * Whether a file of events is fit to run the batch on. A file whose lines are mostly rejected (an
 * export in another format) or that holds nothing at all would otherwise be computed as a day
 * without sales and published as the new baseline: the silent failure Shelflife exists to stop.
 */
export interface InputCheckOptions {
  /** Share of the file's non-blank lines (0..1) that may be rejected before the run is held. */
  maxRejectedShare: number;
  /** The setting that holds `maxRejectedShare`, named in the message so the reader knows what to raise. */
  maxRejectedShareSetting: string;
  /** What the archive held before the days this input covers: an empty input after busy days is not a quiet day. */
  archivedBefore: { events: number; lastDay: string | null };
}

export interface InputVerdict {
  accepted: boolean;
  /** One sentence: what was wrong and what to do (or what was accepted). */
  reason: string;
  /** The most common problems, with their counts and first line. */
  findings: string[];
  lines: number;
  events: number;
  rejected: number;
}

const FIRST_PROBLEMS = 3;
const TOP_FINDINGS = 5;

export function checkInput(file: string, reading: NdjsonReading, options: InputCheckOptions): InputVerdict {
  const events = reading.events.length;
  const rejected = reading.rejected.length;
  const lines = events + rejected;
  const counts = { lines, events, rejected };
  if (lines === 0) return { accepted: false, reason: emptyReason(file, options.archivedBefore), findings: [], ...counts };

  const share = rejected / lines;
  const findings = commonProblems(reading.rejected);
  if (share > options.maxRejectedShare) {
    const what =
      events === 0
        ? "no line matches the event contract: the file's format does not match the contract"
        : 'most lines do not match the event contract';
    const reason =
      `${count(rejected)} of ${count(lines)} input lines rejected (${percent(share)} > ${percent(options.maxRejectedShare)}): ${what}; ` +
      `first problems: ${firstProblems(reading.rejected)}; ` +
      `nothing was archived or published: fix the input or raise ${options.maxRejectedShareSetting}`;
    return { accepted: false, reason, findings, ...counts };
  }
  const reason =
    rejected === 0
      ? `${count(events)} input lines accepted`
      : `${count(events)} of ${count(lines)} input lines accepted; ${count(rejected)} rejected (${percent(share)} ≤ ${percent(options.maxRejectedShare)}) and left out`;
  return { accepted: true, reason, findings, ...counts };
}

function emptyReason(file: string, before: InputCheckOptions['archivedBefore']): string {
  // With no history an empty file is not a fault of the days before, but there is still nothing to
  // compute: running anyway would publish an empty baseline.
  return before.events > 0
    ? `${file} holds no events, while the days before it did (the archive holds ${count(before.events)} events up to ${before.lastDay}): ` +
        'an empty export is not a day without sales; nothing was published: check the export and rerun with the complete file'
    : `${file} holds no events and nothing was archived before it: there is nothing to compute and nothing was published; check the export`;
}

/** "line 1 INVALID_EVENT price.amount: must be a number; line 2 …" for the first few rejected lines. */
function firstProblems(rejected: NdjsonReading['rejected']): string {
  return rejected
    .slice(0, FIRST_PROBLEMS)
    .map((bad) => `line ${bad.line} ${bad.code} ${describe(bad.problems)}`)
    .join('; ');
}

/** The rejections grouped by what was wrong, most frequent first: one cause usually explains a whole file. */
function commonProblems(rejected: NdjsonReading['rejected']): string[] {
  const groups = new Map<string, { lines: number; first: number }>();
  for (const bad of rejected) {
    for (const problem of bad.problems.length > 0 ? bad.problems : [{ field: '', problem: 'rejected' }]) {
      const key = `${bad.code} ${problem.field ? `${problem.field}: ` : ''}${problem.problem}`;
      const group = groups.get(key) ?? { lines: 0, first: bad.line };
      group.lines += 1;
      groups.set(key, group);
    }
  }
  return [...groups.entries()]
    .sort((a, b) => b[1].lines - a[1].lines || a[1].first - b[1].first)
    .slice(0, TOP_FINDINGS)
    .map(([key, group]) => `${key} (${count(group.lines)} line(s), first line ${group.first})`);
}

function describe(problems: { field: string; problem: string }[]): string {
  return problems.map((p) => (p.field ? `${p.field}: ${p.problem}` : p.problem)).join(', ') || 'rejected';
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** 0.5 → "50 %", 0.123 → "12.3 %": one decimal at most, so 50.4 % is not printed as "50 % > 50 %". */
function percent(share: number): string {
  return `${Number((share * 100).toFixed(1))} %`;
}
