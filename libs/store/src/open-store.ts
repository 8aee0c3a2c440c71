import { EmbeddedStore } from './embedded/embedded-store';
import { MongoStore } from './mongo/mongo-store';
import type { IndexDeclarations, Store } from './store';

export interface StoreConfig {
  /** When set, MongoDB is used; otherwise the embedded store. */
  mongoUrl?: string;
  /** The embedded store's directory, or IN_MEMORY. Ignored for MongoDB. */
  storeDir: string;
  /** MongoDB database name (default "shelflife"). */
  dbName?: string;
  /** Indexes to create at start-up (idempotent). */
  indexes?: IndexDeclarations;
}

// The settings (MONGO_URL, STORE_DIR, MONGO_DB) and their defaults are read by libs/config, in one place.
export const DEFAULT_DB_NAME = 'shelflife';

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
