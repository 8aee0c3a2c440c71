import { adminPortSetting, commonSettings, integer, loadConfig, port, storeSettings } from '@shelflife/config';

export const sentinelSettings = {
  ...commonSettings,
  adminPort: adminPortSetting('quality-sentinel'),
  ...storeSettings,
  grpcPort: port('SHELFLIFE_GRPC_PORT', 50053, 'gRPC port of the sentinel'),
  prefetch: integer('SHELFLIFE_SENTINEL_PREFETCH', 256, 'unacked events in flight from the sentinel queue', { min: 1, max: 10_000 }),
  stateSaveIntervalMs: integer('SHELFLIFE_SENTINEL_SAVE_INTERVAL_MS', 30_000, 'how often learned baselines are saved to the store', {
    min: 1_000,
    max: 86_400_000,
  }),
};

export type SentinelConfig = ReturnType<typeof loadSentinelConfig>;

export function loadSentinelConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(sentinelSettings, env);
}
