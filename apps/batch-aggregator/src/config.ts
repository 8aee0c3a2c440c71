import {
  adminPortSetting,
  commonSettings,
  integer,
  loadConfig,
  optionalString,
  port,
  storeSettings,
  type Setting,
} from '@shelflife/config';
import { CronExpressionParser } from 'cron-parser';

function cron(variable: string, defaultValue: string, description: string): Setting<string> {
  return {
    variable,
    defaultValue,
    description,
    parse(raw) {
      try {
        CronExpressionParser.parse(raw, { tz: 'UTC' });
      } catch (error) {
        throw new Error(`is not a cron expression (${(error as Error).message}); e.g. "0 2 * * *" for 02:00 UTC nightly`, { cause: error });
      }
      return raw;
    },
  };
}

/** A share from 0 to 1, written as a decimal (0.5) or a percentage (50%). */
function share(variable: string, defaultValue: number, description: string): Setting<number> {
  return {
    variable,
    defaultValue: String(defaultValue),
    description,
    parse(raw) {
      const text = raw.trim();
      const value = text.endsWith('%') ? Number(text.slice(0, -1)) / 100 : Number(text);
      if (text === '' || text === '%' || !Number.isFinite(value) || value < 0 || value > 1)
        throw new Error('must be a share from 0 to 1 (e.g. 0.5) or a percentage (e.g. 50%)');
      return value;
    },
  };
}

export const aggregatorSettings = {
  ...commonSettings,
  adminPort: adminPortSetting('batch-aggregator'),
  ...storeSettings,
  grpcPort: port('SHELFLIFE_GRPC_PORT', 50054, 'gRPC port of the aggregator (BatchService: its runs, and approving a held one by hand)'),
  sentinelAddr: optionalString(
    'SHELFLIFE_SENTINEL_ADDR',
    'quality-sentinel gRPC address for the batch audit; unset runs the same audit in-process',
  ),
  scorerAddr: optionalString(
    'SHELFLIFE_SCORER_ADDR',
    'stream-scorer gRPC address, to compare the batch model with the live one (divergence); unset skips the figure',
  ),
  batchCron: cron('SHELFLIFE_BATCH_CRON', '0 2 * * *', 'when the batch job runs (cron, UTC)'),
  archiveBatchSize: integer('SHELFLIFE_ARCHIVE_BATCH_SIZE', 500, 'events written to the archive in one bulk insert', {
    min: 1,
    max: 10_000,
  }),
  archiveLingerMs: integer('SHELFLIFE_ARCHIVE_LINGER_MS', 20, 'how long the archive waits to fill a bulk insert', { min: 0, max: 10_000 }),
  auditTimeoutMs: integer('SHELFLIFE_AUDIT_TIMEOUT_MS', 30_000, 'deadline of the AuditBatch call', { min: 100, max: 600_000 }),
  maxRejectedShare: share(
    'SHELFLIFE_BATCH_MAX_REJECTED_SHARE',
    0.5,
    "share of an `--input` file's lines that may be rejected before the batch run is held (nothing archived or published, exit 4); 0 to 1, or a percentage like `50%`",
  ),
};

export type AggregatorConfig = ReturnType<typeof loadAggregatorConfig>;

export function loadAggregatorConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(aggregatorSettings, env);
}
