export * from './store';
export { openStore, DEFAULT_DB_NAME, type StoreConfig } from './open-store';
export { EmbeddedStore, IN_MEMORY, type EmbeddedStoreOptions } from './embedded/embedded-store';
export { MongoStore } from './mongo/mongo-store';
export { ChunkedTextSlot, type ChunkedTextHeader, type ChunkedTextOptions, type ChunkedTextWrite } from './chunked-text';
export { openServiceStore, serviceStoreDir, type ServiceStoreOptions, type StoreSettings } from './service-store';
