import * as path from 'node:path';
import { startProcesses, type ProcessLayout, type RunningPipeline } from '@shelflife/harness';
import { startAllInOne, type AllInOnePipeline } from './all-in-one';
import type { DemoMode } from './choose-mode';

export type DemoPipeline =
  { kind: 'rabbitmq'; pipeline: RunningPipeline; dataDir: string } | { kind: 'embedded'; pipeline: AllInOnePipeline };

/**
 * The demo's five services in the chosen mode, the gateway asking for the run's ingest keys
 * (SHELFLIFE_INGEST_KEYS_FILE): separate processes on RabbitMQ (logs under the data folder), or all
 * in this process on the in-process bus and the embedded store.
 */
export async function startDemoPipeline(options: {
  mode: DemoMode;
  root: string;
  env: NodeJS.ProcessEnv;
  keysFile: string;
  /** Separate processes only: their ports (default: the usual 8080, 50051-50054, 9464-9468) and data folder. */
  layout?: ProcessLayout;
  dataDir?: string;
}): Promise<DemoPipeline> {
  if (options.mode.kind === 'rabbitmq') {
    const dataDir = options.dataDir ?? options.env.STORE_DIR ?? path.join(options.root, '.shelflife-data');
    const pipeline = await startProcesses({
      root: options.root,
      env: { ...options.env, AMQP_URL: options.mode.amqpUrl },
      envFor: { 'storefront-gateway': { SHELFLIFE_INGEST_KEYS_FILE: options.keysFile } },
      layout: options.layout,
      logDir: path.join(dataDir, 'logs'),
      storeDir: dataDir,
    });
    return { kind: 'rabbitmq', pipeline, dataDir };
  }
  // Only the gateway reads the keys file; the other services ignore the variable.
  const pipeline = await startAllInOne({ ...options.env, SHELFLIFE_INGEST_KEYS_FILE: options.keysFile });
  return { kind: 'embedded', pipeline };
}
