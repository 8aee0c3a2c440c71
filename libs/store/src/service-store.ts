import * as path from 'node:path';
import { IN_MEMORY } from './embedded/embedded-store';
import { openStore } from './open-store';
import type { IndexDeclarations, Store } from './store';

/** The store settings every service reads (libs/config `storeSettings`: MONGO_URL, MONGO_DB, STORE_DIR). */
export interface StoreSettings {
  mongoUrl?: string;
  mongoDb: string;
  storeDir: string;
}

export interface ServiceStoreOptions {
  /**
   * The service's own folder under STORE_DIR for the embedded store ("sentinel", "aggregator"), or null
   * for a service whose store is of use only when shared: the scorer reads batch models and snapshots
   * other processes wrote, which an embedded store of its own would never hold.
   */
  embeddedFolder: string | null;
  /** Created at start-up (idempotent). */
  indexes?: IndexDeclarations;
}

/**
 * Where a service keeps its state, chosen in this one place: MongoDB when MONGO_URL is set (shared by
 * every service and replica); else the embedded store in the service's folder under STORE_DIR, in
 * memory only when STORE_DIR says IN_MEMORY (tests and the demo ask for that); else none.
 */
export function openServiceStore(settings: StoreSettings, options: ServiceStoreOptions & { embeddedFolder: string }): Promise<Store>;
export function openServiceStore(settings: StoreSettings, options: ServiceStoreOptions): Promise<Store | undefined>;
export async function openServiceStore(settings: StoreSettings, options: ServiceStoreOptions): Promise<Store | undefined> {
  if (!settings.mongoUrl && options.embeddedFolder === null) return undefined;
  return openStore({
    mongoUrl: settings.mongoUrl,
    dbName: settings.mongoDb,
    storeDir: options.embeddedFolder === null ? settings.storeDir : serviceStoreDir(settings.storeDir, options.embeddedFolder),
    indexes: options.indexes,
  });
}

/** A service's folder of the embedded store under STORE_DIR (IN_MEMORY stays in memory). */
export function serviceStoreDir(storeDir: string, folder: string): string {
  return storeDir === IN_MEMORY ? IN_MEMORY : path.join(storeDir, folder);
}
