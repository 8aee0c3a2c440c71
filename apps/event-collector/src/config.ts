import { adminPortSetting, commonSettings, integer, loadConfig, port } from '@shelflife/config';

export const collectorSettings = {
  ...commonSettings,
  adminPort: adminPortSetting('event-collector'),
  grpcPort: port('SHELFLIFE_GRPC_PORT', 50051, 'gRPC port of the collector'),
  confirmTimeoutMs: integer('SHELFLIFE_CONFIRM_TIMEOUT_MS', 5_000, 'how long a publish waits for the broker confirm', {
    min: 50,
    max: 60_000,
  }),
  dedupCapacity: integer('SHELFLIFE_DEDUP_CAPACITY', 200_000, 'recently confirmed event ids remembered to answer retries as duplicates', {
    min: 0,
    max: 10_000_000,
  }),
};

export type CollectorConfig = ReturnType<typeof loadCollectorConfig>;

export function loadCollectorConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(collectorSettings, env);
}
