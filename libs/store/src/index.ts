export * from './store';
export { openStore, storeConfigFromEnv, DEFAULT_DB_NAME, DEFAULT_STORE_DIR, type StoreConfig } from './open-store';
export { EmbeddedStore, IN_MEMORY, type EmbeddedStoreOptions } from './embedded/embedded-store';
export { MongoStore } from './mongo/mongo-store';
