import { crc32 } from 'node:zlib';
import type { IndexSpec, StoredDocument } from '../store';

/**
 * A redo record: the resulting state change, never the request (replaying an upsert would depend on
 * what existed), so recovery is a plain replay. Snapshots use the same records.
 */
export type LogRecord =
  | { t: 'put'; c: string; d: StoredDocument[] }
  | { t: 'del'; c: string; ids: unknown[] }
  | { t: 'drop'; c: string }
  | { t: 'index'; c: string; s: IndexSpec }
  | { t: 'snapshot'; nextLog: number }
  | { t: 'end' };

/** `<crc32 hex> <json>\n`: the checksum tells a torn or corrupt line from a whole one. */
export function encodeRecord(record: LogRecord): string {
  const json = JSON.stringify(record);
  return `${crc32(json).toString(16).padStart(8, '0')} ${json}\n`;
}

/** The record on one line (without its newline), or undefined when the line is torn or corrupt. */
export function decodeRecord(line: string): LogRecord | undefined {
  if (line.length < 10 || line[8] !== ' ') return undefined;
  const json = line.slice(9);
  if (crc32(json).toString(16).padStart(8, '0') !== line.slice(0, 8)) return undefined;
  try {
    return JSON.parse(json) as LogRecord;
  } catch {
    return undefined;
  }
}
