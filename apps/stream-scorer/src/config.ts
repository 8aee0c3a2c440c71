import { adminPortSetting, commonSettings, integer, loadConfig, port, storeSettings } from '@shelflife/config';

export const scorerSettings = {
  ...commonSettings,
  adminPort: adminPortSetting('stream-scorer'),
  ...storeSettings,
  grpcPort: port('SHELFLIFE_GRPC_PORT', 50052, 'gRPC port of the scorer'),
  prefetch: integer(
    'SHELFLIFE_SCORER_PREFETCH',
    256,
    'stream messages (bundles) the broker sends the scorer ahead of the one it is applying',
    { min: 1, max: 10_000 },
  ),
  readyLagMs: integer(
    'SHELFLIFE_SCORER_READY_LAG_MS',
    5_000,
    'a scorer replica reports ready only once the last event it applied was ingested less than this long ago (or it has read everything)',
    { min: 100, max: 86_400_000 },
  ),
  snapshotIntervalMs: integer(
    'SHELFLIFE_SNAPSHOT_INTERVAL_MS',
    300_000,
    'how often the scorer snapshots its model (0 = only at shutdown); a snapshot blocks for ~2 s at 100k products',
    { min: 0, max: 86_400_000 },
  ),
  sharedSnapshotIntervalMs: integer(
    'SHELFLIFE_SHARED_SNAPSHOT_INTERVAL_MS',
    1_800_000,
    'how often a scorer copies its model to the shared store (MongoDB) for new replicas to start from, when one is configured (0 = never); each replica writes only when it is further along than the copy there',
    { min: 0, max: 86_400_000 },
  ),
  defaultLimit: integer('SHELFLIFE_DEFAULT_LIMIT', 10, 'recommendations returned when the request says limit 0', { min: 1, max: 100 }),
};

export type ScorerConfig = ReturnType<typeof loadScorerConfig>;

export function loadScorerConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(scorerSettings, env);
}
