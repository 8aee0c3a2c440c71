import type { Click } from '../session';
import { columnIndexes, textLines } from './csv-line';

/** The session-rec layout: header SessionId<TAB>ItemId<TAB>Time (Unix seconds), one click per line. */
export function parseSessionTsv(content: string, source = 'session-tsv'): Click[] {
  const [header, ...rows] = textLines(content);
  if (!header) throw new Error(`${source}: empty file, expected a header SessionId<TAB>ItemId<TAB>Time`);
  const columns = columnIndexes(header.split('\t'), ['SessionId', 'ItemId', 'Time'] as const, source);
  return rows.map((row, i) => {
    const fields = row.split('\t');
    const seconds = Number(fields[columns.Time]);
    if (!Number.isFinite(seconds))
      throw new Error(`${source} line ${i + 2}: Time ${JSON.stringify(fields[columns.Time])} is not a number of Unix seconds`);
    return { sessionId: fields[columns.SessionId]!, userId: '', itemId: fields[columns.ItemId]!, time: seconds * 1000, type: 'view' };
  });
}
