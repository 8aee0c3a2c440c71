import type { Collection, Store, StoredDocument } from '../store';
import { DatabaseState } from './database-state';
import { DurableLog } from './durable-log';
import { EmbeddedCollection } from './embedded-collection';
import type { LogRecord } from './log-record';
import { Mutex } from './mutex';

/** STORE_DIR value that keeps everything in memory (tests, throwaway runs). */
export const IN_MEMORY = ':memory:';
const DEFAULT_COMPACT_AFTER_BYTES = 64 * 1024 * 1024;

export interface EmbeddedStoreOptions {
  /** Snapshot and start a new log once the log grows past this size and past the last snapshot's size. */
  compactAfterBytes?: number;
}

/**
 * The embedded adapter: collections in memory, queried with mingo (the same filter, update and
 * pipeline documents MongoDB takes), made durable by a write-ahead log unless opened with `:memory:`.
 */
export class EmbeddedStore implements Store {
  readonly kind = 'embedded' as const;
  private readonly state = new DatabaseState();
  private readonly lock = new Mutex();
  private readonly collections = new Map<string, EmbeddedCollection<StoredDocument>>();
  private log: DurableLog | undefined;
  private failure: Error | undefined;
  private closed = false;

  private constructor(private readonly compactAfterBytes: number) {}

  static async open(storeDir: string, options: EmbeddedStoreOptions = {}): Promise<EmbeddedStore> {
    const store = new EmbeddedStore(options.compactAfterBytes ?? DEFAULT_COMPACT_AFTER_BYTES);
    if (storeDir !== IN_MEMORY) store.log = await DurableLog.open(storeDir, store.state);
    return store;
  }

  collection<T extends StoredDocument = StoredDocument>(name: string): Collection<T> {
    if (!name || name.includes('\0') || name.startsWith('system.')) {
      throw new Error(
        `invalid collection name ${JSON.stringify(name)}: use a non-empty name without NUL that does not start with "system."`,
      );
    }
    let collection = this.collections.get(name);
    if (!collection) {
      collection = new EmbeddedCollection(name, this);
      this.collections.set(name, collection);
    }
    return collection as unknown as Collection<T>;
  }

  async listCollections(): Promise<string[]> {
    return [...this.readState().collections.keys()].sort();
  }

  async ping(): Promise<void> {
    this.readState();
    if (this.failure) throw this.failure;
  }

  async close(): Promise<void> {
    await this.lock.run(async () => {
      if (this.closed) return;
      this.closed = true;
      await this.log?.close();
    });
  }

  /** Writes a snapshot now and starts a new log (also done automatically as the log grows). */
  async compact(): Promise<void> {
    await this.lock.run(async () => {
      this.assertWritable();
      await this.log?.compact(this.state);
    });
  }

  /** @internal the current state, for reads. */
  readState(): DatabaseState {
    if (this.closed) throw new Error('the embedded store is closed; open it again to use it');
    return this.state;
  }

  /**
   * @internal Runs one write under the lock. `change` applies its records to the state as it goes
   * and pushes them to `records`; they are appended to the log (and fsync'd) before the write resolves.
   */
  write<R>(change: (state: DatabaseState, records: LogRecord[]) => R): Promise<R> {
    return this.lock.run(async () => {
      this.assertWritable();
      const records: LogRecord[] = [];
      let result: R;
      try {
        result = change(this.state, records);
      } finally {
        if (records.length > 0) await this.persist(records); // what was applied must be logged, even if change threw later
      }
      if (this.log?.shouldCompact(this.compactAfterBytes)) await this.log.compact(this.state);
      return result;
    });
  }

  private async persist(records: LogRecord[]): Promise<void> {
    if (!this.log) return;
    try {
      await this.log.append(records);
    } catch (error) {
      // Memory now holds a change the disk may not: refuse further writes rather than acknowledge on a lie.
      this.failure = new Error(
        `embedded store: writing the log failed (${(error as Error).message}); reopen the store to recover from disk`,
      );
      throw this.failure;
    }
  }

  private assertWritable(): void {
    if (this.closed) throw new Error('the embedded store is closed; open it again to use it');
    if (this.failure) throw this.failure;
  }
}
