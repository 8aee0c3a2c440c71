import type { Click } from '../session';
import { columnIndexes, splitCsvLine, textLines } from './csv-line';

/**
 * CIKM Cup 2016 item views: session_id;user_id;item_id;timeframe;eventdate. timeframe is milliseconds
 * within the session, eventdate its day, so the time is the day plus the offset.
 */
export function parseDiginetica(content: string, source = 'diginetica'): Click[] {
  const [header, ...rows] = textLines(content);
  if (!header) throw new Error(`${source}: empty file, expected a header session_id;user_id;item_id;timeframe;eventdate`);
  const columns = columnIndexes(splitCsvLine(header, ';'), ['session_id', 'user_id', 'item_id', 'timeframe', 'eventdate'] as const, source);
  return rows.map((row, i) => {
    const fields = splitCsvLine(row, ';');
    const day = Date.parse(`${fields[columns.eventdate]}T00:00:00Z`);
    const offset = Number(fields[columns.timeframe]);
    if (!Number.isFinite(day) || !Number.isFinite(offset))
      throw new Error(
        `${source} line ${i + 2}: eventdate/timeframe ${fields[columns.eventdate]}/${fields[columns.timeframe]} are not a date and a number`,
      );
    const user = fields[columns.user_id]!;
    return {
      sessionId: fields[columns.session_id]!,
      userId: user === 'NA' ? '' : user,
      itemId: fields[columns.item_id]!,
      time: day + offset,
      type: 'view',
    };
  });
}
