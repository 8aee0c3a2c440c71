import { commonSettings, integer, loadConfig, optionalString, storeSettings, type Setting } from '@shelflife/config';
import { CronExpressionParser } from 'cron-parser';

function cron(variable: string, defaultValue: string, description: string): Setting<string> {
  return {
    variable, defaultValue, description,
    parse(raw) {
      try {
        CronExpressionParser.parse(raw, { tz: 'UTC' });
      } catch (error) {
        throw new Error(`is not a cron expression (${(error as Error).message}); e.g. "0 2 * * *" for 02:00 UTC nightly`);
      }
      return raw;
    },
  };
}

export const aggregatorSettings = {
  ...commonSettings,
  ...storeSettings,
  sentinelAddr: optionalString('SHELFLIFE_SENTINEL_ADDR', 'quality-sentinel gRPC address for the batch audit; unset runs the same audit in-process'),
  scorerAddr: optionalString('SHELFLIFE_SCORER_ADDR', 'stream-scorer gRPC address, to compare the batch model with the live one (divergence); unset skips the figure'),
  batchCron: cron('SHELFLIFE_BATCH_CRON', '0 2 * * *', 'when the batch job runs (cron, UTC)'),
  archiveBatchSize: integer('SHELFLIFE_ARCHIVE_BATCH_SIZE', 500, 'events written to the archive in one bulk insert', { min: 1, max: 10_000 }),
  archiveLingerMs: integer('SHELFLIFE_ARCHIVE_LINGER_MS', 20, 'how long the archive waits to fill a bulk insert', { min: 0, max: 10_000 }),
  auditTimeoutMs: integer('SHELFLIFE_AUDIT_TIMEOUT_MS', 30_000, 'deadline of the AuditBatch call', { min: 100, max: 600_000 }),
};

export type AggregatorConfig = ReturnType<typeof loadAggregatorConfig>;

export function loadAggregatorConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(aggregatorSettings, env);
}
