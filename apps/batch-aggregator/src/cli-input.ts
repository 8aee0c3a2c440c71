import * as fs from 'node:fs';
import {
  archiveEvents,
  archivedBefore,
  checkInput,
  isBackfill,
  parseGatewayNdjson,
  recordInputHold,
  utcDay,
  type BatchOutcome,
} from '@shelflife/batch';
import type { Store } from '@shelflife/store';
import type { Logger } from '@shelflife/telemetry';

const LOGGED_REJECTIONS = 20;

export type InputIntake =
  /** The file was archived; a run without dates covers exactly these days (sorted, distinct). */
  | { held: false; days: string[] }
  /** Nothing was archived: the run is recorded as held for its input, and nothing else may run. */
  | { held: true; outcome: BatchOutcome };

/**
 * Reads `--input`, checks it before anything is written (a file mostly rejected or empty is held:
 * nothing archived, computed or published), then archives its valid events.
 */
export async function takeInput(
  store: Store,
  logger: Logger,
  options: {
    file: string;
    requested?: { from: string; to: string };
    maxRejectedShare: number;
    maxRejectedShareSetting: string;
    now: number;
  },
): Promise<InputIntake> {
  const text = fs.readFileSync(options.file, 'utf8');
  const reading = parseGatewayNdjson(text, options.now);
  for (const bad of reading.rejected.slice(0, LOGGED_REJECTIONS))
    logger.warn({ line: bad.line, code: bad.code, problems: bad.problems }, 'input line rejected');
  const days = [...new Set(reading.events.map((event) => utcDay(event.occurredAt)))].sort();
  // "The days before" are the days before the first one this input covers: those asked for, else the file's own.
  const before = await archivedBefore(store, options.requested?.from ?? days[0]);
  const verdict = checkInput(options.file, reading, {
    maxRejectedShare: options.maxRejectedShare,
    maxRejectedShareSetting: options.maxRejectedShareSetting,
    archivedBefore: before,
  });
  const summary = {
    file: options.file,
    lines: verdict.lines,
    events: verdict.events,
    rejected: verdict.rejected,
    findings: verdict.findings,
  };
  if (!verdict.accepted) {
    const window =
      options.requested ??
      (days.length > 0 ? { from: days[0]!, to: days[days.length - 1]! } : { from: utcDay(options.now), to: utcDay(options.now) });
    const outcome = await recordInputHold(store, {
      file: options.file,
      text,
      window,
      backfill: isBackfill({ ...window, backfill: options.requested ? undefined : true }, options.now),
      verdict,
      now: options.now,
    });
    logger.error({ ...summary, version: outcome.version, reason: verdict.reason }, 'batch input held');
    return { held: true, outcome };
  }
  const written = await archiveEvents(store, reading.events);
  logger.info({ ...summary, reason: verdict.reason, ...written }, 'input archived');
  return { held: false, days };
}
