import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EmbeddedStore, openStore, type Store } from '@shelflife/store';
import type { StoreStatus } from '../shared/api';

/**
 * Where the console reads the aggregator's data (the archive, batch runs and publications) for the
 * revenue page and the click path. Read only: the console never writes a service's data; its actions
 * go to the services that own the data, over their gRPC APIs (quality.ts).
 */
export interface StoreAccess {
  status: StoreStatus;
  /** The store holding the archive, batch runs and publications. */
  aggregator(): Promise<Store>;
  close(): Promise<void>;
}

/** The store the aggregator writes, read in place: MongoDB in Kubernetes, or the all-in-one process's own store. */
export function sharedStore(store: Store, why: string, owned: boolean): StoreAccess {
  return {
    status: { kind: 'shared', why },
    aggregator: async () => store,
    close: async () => {
      if (owned) await store.close();
    },
  };
}

export async function openSharedStore(config: { mongoUrl?: string; mongoDb: string; storeDir: string }): Promise<StoreAccess> {
  const store = await openStore({ mongoUrl: config.mongoUrl, dbName: config.mongoDb, storeDir: config.storeDir });
  return sharedStore(store, config.mongoUrl ? 'MongoDB shared with the services' : `the embedded store in ${config.storeDir}`, true);
}

export function noStore(why: string): StoreAccess {
  const refuse = async (): Promise<Store> => {
    throw new Error(why);
  };
  return { status: { kind: 'none', why }, aggregator: refuse, close: async () => undefined };
}

/**
 * Reads the aggregator's embedded store folder without touching it: an embedded store belongs to the
 * one process that opened it (its writes are in that process's memory and log), so the console
 * copies the log files to a folder of its own and opens the copy, again at most every `refreshMs`.
 */
export function readOnlyCopies(dirs: { aggregator: string }, refreshMs = 3_000): StoreAccess {
  const copy = new FolderCopy(dirs.aggregator, refreshMs);
  return {
    status: {
      kind: 'read-only-copy',
      why: `a copy of the aggregator's embedded store in ${dirs.aggregator}, re-read every ${refreshMs / 1000} s`,
    },
    aggregator: () => copy.current(),
    close: () => copy.close(),
  };
}

class FolderCopy {
  private store: Store | undefined;
  private loadedAt = 0;
  private loading: Promise<Store> | undefined;
  private scratch: string | undefined;

  constructor(
    private readonly source: string,
    private readonly refreshMs: number,
  ) {}

  current(): Promise<Store> {
    if (this.store && Date.now() - this.loadedAt < this.refreshMs) return Promise.resolve(this.store);
    this.loading ??= this.reload().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  private async reload(): Promise<Store> {
    const files = await fs.readdir(this.source).catch((error: NodeJS.ErrnoException) => {
      throw new Error(
        error.code === 'ENOENT'
          ? `no embedded store at ${this.source} yet (has the service started?)`
          : `cannot read ${this.source}: ${error.message}`,
      );
    });
    const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'shelflife-console-'));
    for (const name of files.filter((file) => file.endsWith('.log')))
      await fs.copyFile(path.join(this.source, name), path.join(scratch, name));
    const store = await EmbeddedStore.open(scratch);
    const [previous, previousScratch] = [this.store, this.scratch];
    this.store = store;
    this.scratch = scratch;
    this.loadedAt = Date.now();
    await previous?.close();
    if (previousScratch) await fs.rm(previousScratch, { recursive: true, force: true });
    return store;
  }

  async close(): Promise<void> {
    await this.loading?.catch(() => undefined);
    await this.store?.close();
    if (this.scratch) await fs.rm(this.scratch, { recursive: true, force: true });
  }
}
