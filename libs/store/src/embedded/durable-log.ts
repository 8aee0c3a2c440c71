import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { DatabaseState } from './database-state';
import { encodeRecord, type LogRecord } from './log-record';
import { readLogFile } from './read-log-file';

const SNAPSHOT = 'snapshot.log';
const WAL = /^wal-(\d{8})\.log$/;
const DOCUMENTS_PER_SNAPSHOT_RECORD = 1000;

function walName(generation: number): string {
  return `wal-${String(generation).padStart(8, '0')}.log`;
}

/**
 * The embedded store's persistence: a snapshot plus append-only write-ahead logs in one directory.
 * A write is acknowledged only after its records are appended and fdatasync'd, so a kill -9 can
 * lose at most a write that was never acknowledged (a torn last line, dropped on recovery).
 */
export class DurableLog {
  private constructor(
    private readonly directory: string,
    private handle: fs.FileHandle,
    private generation: number,
    private bytes: number,
    private snapshotBytes: number,
  ) {}

  /** Loads the directory into `state` and opens the log for appending. */
  static async open(directory: string, state: DatabaseState): Promise<DurableLog> {
    await fs.mkdir(directory, { recursive: true });
    const nextLog = await loadSnapshot(path.join(directory, SNAPSHOT), state);
    const generations = (await fs.readdir(directory))
      .map((name) => WAL.exec(name))
      .filter((match): match is RegExpExecArray => match !== null)
      .map((match) => Number(match[1]))
      .sort((a, b) => a - b);
    for (const stale of generations.filter((generation) => generation < nextLog)) {
      await fs.rm(path.join(directory, walName(stale)), { force: true }); // already inside the snapshot
    }
    const live = generations.filter((generation) => generation >= nextLog);
    let bytes = 0;
    for (const [position, generation] of live.entries()) {
      const file = path.join(directory, walName(generation));
      const reading = await readLogFile(file, (record) => state.apply(record));
      if (reading.damagedTail) {
        if (position !== live.length - 1) {
          throw new Error(
            `embedded store: ${file} is damaged before its end (byte ${reading.validBytes}) and a later log exists; restore the directory from a backup`,
          );
        }
        // Only the newest log can end in a write cut short by a crash; that write was never acknowledged.
        await fs.truncate(file, reading.validBytes);
      }
      bytes = reading.validBytes;
    }
    const generation = live.length > 0 ? live[live.length - 1] : nextLog;
    const handle = await fs.open(path.join(directory, walName(generation)), 'a');
    if (live.length === 0) await syncDirectory(directory);
    const snapshotBytes = await fs.stat(path.join(directory, SNAPSHOT)).then(
      (stat) => stat.size,
      () => 0,
    );
    return new DurableLog(directory, handle, generation, bytes, snapshotBytes);
  }

  get sizeBytes(): number {
    return this.bytes;
  }

  /**
   * True once the log is past `minimumBytes` and at least as large as the last snapshot: each compaction
   * then rewrites no more than the log added since the last one, so the cost stays linear in writes.
   */
  shouldCompact(minimumBytes: number): boolean {
    return this.bytes > Math.max(minimumBytes, this.snapshotBytes);
  }

  async append(records: LogRecord[]): Promise<void> {
    const buffer = Buffer.from(records.map(encodeRecord).join(''), 'utf8');
    await this.handle.write(buffer);
    await this.handle.datasync();
    this.bytes += buffer.length;
  }

  /** Writes a snapshot of `state` and starts a fresh log; the caller must hold the write lock. */
  async compact(state: DatabaseState): Promise<void> {
    const next = this.generation + 1;
    const nextHandle = await fs.open(path.join(this.directory, walName(next)), 'a');
    const temporary = path.join(this.directory, `${SNAPSHOT}.tmp`);
    const out = await fs.open(temporary, 'w');
    try {
      await out.write(encodeRecord({ t: 'snapshot', nextLog: next }));
      for (const record of state.records(DOCUMENTS_PER_SNAPSHOT_RECORD)) await out.write(encodeRecord(record));
      await out.write(encodeRecord({ t: 'end' }));
      await out.sync();
      this.snapshotBytes = (await out.stat()).size;
    } finally {
      await out.close();
    }
    await fs.rename(temporary, path.join(this.directory, SNAPSHOT));
    await syncDirectory(this.directory);
    await this.handle.close();
    await fs.rm(path.join(this.directory, walName(this.generation)), { force: true });
    this.handle = nextHandle;
    this.generation = next;
    this.bytes = 0;
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}

/** Applies the snapshot, if any, and returns the first log generation that follows it. */
async function loadSnapshot(file: string, state: DatabaseState): Promise<number> {
  let nextLog = 0;
  let complete = false;
  try {
    await fs.access(file);
  } catch {
    return 0;
  }
  const reading = await readLogFile(file, (record) => {
    if (record.t === 'snapshot') nextLog = record.nextLog;
    else if (record.t === 'end') complete = true;
    else state.apply(record);
  });
  // A snapshot is renamed into place only once complete, so damage here is not a crash artefact.
  if (reading.damagedTail || !complete) {
    throw new Error(
      `embedded store: snapshot ${file} is damaged (valid up to byte ${reading.validBytes}); restore the directory from a backup`,
    );
  }
  return nextLog;
}

async function syncDirectory(directory: string): Promise<void> {
  const handle = await fs.open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
