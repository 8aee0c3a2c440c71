import os from 'node:os';
import path from 'node:path';
import { EmbeddedStore } from './embedded/embedded-store';
import { MongoStore } from './mongo/mongo-store';
import type { IndexDeclarations, Store } from './store';

export interface StoreConfig {
  /** When set, MongoDB is used; otherwise the embedded store. */
  mongoUrl?: string;
  /** The embedded store's directory, or ':memory:'. Ignored for MongoDB. */
  storeDir: string;
  /** MongoDB database name (default "shelflife"). */
  dbName?: string;
  /** Indexes to create at start-up (idempotent). */
  indexes?: IndexDeclarations;
}

export const DEFAULT_DB_NAME = 'shelflife';
/** Default embedded store directory: outside any checkout (no data in the repository) and not in a temp dir that may be wiped. */
export const DEFAULT_STORE_DIR = path.join(os.homedir(), '.shelflife', 'store');

/** Reads MONGO_URL, STORE_DIR and MONGO_DB (empty values count as unset). */
export function storeConfigFromEnv(env: NodeJS.ProcessEnv = process.env): StoreConfig {
  return {
    mongoUrl: env.MONGO_URL || undefined,
    storeDir: env.STORE_DIR || DEFAULT_STORE_DIR,
    dbName: env.MONGO_DB || DEFAULT_DB_NAME,
  };
}

/** Opens MongoDB when `mongoUrl` is set, the embedded store otherwise, and creates the declared indexes. */
export async function openStore(config: StoreConfig): Promise<Store> {
  const store = config.mongoUrl
    ? await MongoStore.open(config.mongoUrl, config.dbName ?? DEFAULT_DB_NAME)
    : await EmbeddedStore.open(config.storeDir);
  try {
    for (const [name, indexes] of Object.entries(config.indexes ?? {})) await store.collection(name).createIndexes(indexes);
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}
