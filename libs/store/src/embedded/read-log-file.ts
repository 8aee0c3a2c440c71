import { createReadStream } from 'node:fs';
import { decodeRecord, type LogRecord } from './log-record';

export interface LogFileReading {
  /** Bytes up to the end of the last whole, valid line. */
  validBytes: number;
  /** True when something followed the last valid line (a write cut short by a crash, or corruption). */
  damagedTail: boolean;
}

/**
 * Streams the records of a log file in order. Reading stops at the first line that is torn or fails
 * its checksum; the caller decides whether that may only be a crash's unacknowledged tail.
 */
export async function readLogFile(path: string, onRecord: (record: LogRecord) => void): Promise<LogFileReading> {
  let validBytes = 0;
  let pending: Buffer = Buffer.alloc(0);
  let damaged = false;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    if (damaged) break;
    pending = pending.length === 0 ? (chunk as Buffer) : Buffer.concat([pending, chunk as Buffer]);
    let start = 0;
    for (let newline = pending.indexOf(10, start); newline !== -1; newline = pending.indexOf(10, start)) {
      const record = decodeRecord(pending.toString('utf8', start, newline));
      if (!record) {
        damaged = true;
        break;
      }
      onRecord(record);
      validBytes += newline + 1 - start;
      start = newline + 1;
    }
    pending = pending.subarray(start);
  }
  return { validBytes, damagedTail: damaged || pending.length > 0 };
}
