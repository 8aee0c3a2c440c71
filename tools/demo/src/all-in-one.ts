import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { initTelemetry, createLogger } from '@shelflife/telemetry';
import { InProcessBus } from '@shelflife/bus';
import { IN_MEMORY, openStore } from '@shelflife/store';
import { BATCH_INDEXES } from '@shelflife/batch';
import type { EventBus } from '@shelflife/bus';
import type { Store } from '@shelflife/store';
import type { ServiceHandle } from '@shelflife/service-kit';

export interface RunningPipeline {
  gatewayUrl: string;
  adminUrl?: string;
  /** gRPC addresses of the scorer, the sentinel and the aggregator (what the console reads and acts through). */
  scorerAddr?: string;
  sentinelAddr?: string;
  aggregatorAddr?: string;
  /** Every service's admin URL by name, scraped by the console's pipeline page. */
  metricsTargets?: Record<string, string>;
  stop(): Promise<void>;
}

/** The all-in-one pipeline also hands out its bus and store: the console beside it reads the store in place (it acts through the services' gRPC APIs, as anywhere). */
export interface AllInOnePipeline extends RunningPipeline {
  bus: EventBus;
  store: Store;
  /** Runs the aggregator's nightly job now. */
  runNightly(): Promise<void>;
}

/**
 * The embedded default: the five services in this process on the in-process bus and the embedded
 * store, composed through the same start(config) functions that their own processes use.
 */
export async function startAllInOne(
  env: NodeJS.ProcessEnv = process.env,
  options: { spanProcessors?: SpanProcessor[] } = {},
): Promise<AllInOnePipeline> {
  initTelemetry({ serviceName: 'shelflife-all-in-one', spanProcessors: options.spanProcessors });
  // Required after telemetry so that express and grpc are patched.
  const gateway = await import('../../../apps/storefront-gateway/src/app');
  const collector = await import('../../../apps/event-collector/src/app');
  const scorer = await import('../../../apps/stream-scorer/src/app');
  const sentinel = await import('../../../apps/quality-sentinel/src/app');
  const aggregator = await import('../../../apps/batch-aggregator/src/app');
  const { loadGatewayConfig } = await import('../../../apps/storefront-gateway/src/config');
  const { loadCollectorConfig } = await import('../../../apps/event-collector/src/config');
  const { loadScorerConfig } = await import('../../../apps/stream-scorer/src/config');
  const { loadSentinelConfig } = await import('../../../apps/quality-sentinel/src/config');
  const { loadAggregatorConfig } = await import('../../../apps/batch-aggregator/src/config');

  // One console for five services: warnings and errors only, unless LOG_LEVEL says otherwise.
  const base = { ...env, SHELFLIFE_GRPC_PORT: '0', AMQP_URL: '', LOG_LEVEL: env.LOG_LEVEL ?? 'warn' };
  const logger = createLogger('all-in-one', { level: env.LOG_LEVEL ?? 'warn' });
  const bus = new InProcessBus({ logger, prefix: env.SHELFLIFE_BUS_PREFIX });
  await bus.start();
  const storeDir = env.STORE_DIR ?? IN_MEMORY;
  const store = await openStore({ storeDir, indexes: BATCH_INDEXES });
  const handles: ServiceHandle[] = [];
  const sentinelHandle = await sentinel.start(loadSentinelConfig(base), { bus, store, withAdmin: false });
  handles.push(sentinelHandle);
  const scorerHandle = await scorer.start(
    loadScorerConfig({ ...base, STORE_DIR: IN_MEMORY, SHELFLIFE_SHARED_SNAPSHOT_INTERVAL_MS: '0' }),
    // This process's in-process stream ends with it: a snapshot on disk would name offsets of a stream gone.
    { bus, store, withAdmin: false, localSnapshots: false },
  );
  handles.push(scorerHandle);
  const aggregatorHandle = await aggregator.start(loadAggregatorConfig(base), { bus, store, withAdmin: false });
  handles.push(aggregatorHandle);
  const collectorHandle = await collector.start(loadCollectorConfig(base), { bus, withAdmin: false });
  handles.push(collectorHandle);
  const gatewayHandle = await gateway.start(
    loadGatewayConfig({
      ...base,
      SHELFLIFE_COLLECTOR_ADDR: `127.0.0.1:${collectorHandle.grpcPort}`,
      SHELFLIFE_SCORER_ADDR: `127.0.0.1:${scorerHandle.grpcPort}`,
    }),
  );
  handles.push(gatewayHandle);
  const adminUrl = gatewayHandle.adminPort ? `http://localhost:${gatewayHandle.adminPort}` : undefined;
  return {
    gatewayUrl: `http://localhost:${gatewayHandle.httpPort}`,
    adminUrl,
    scorerAddr: `127.0.0.1:${scorerHandle.grpcPort}`,
    sentinelAddr: `127.0.0.1:${sentinelHandle.grpcPort}`,
    aggregatorAddr: `127.0.0.1:${aggregatorHandle.grpcPort}`,
    // One process, one metrics registry: the gateway's admin port serves every service's figures.
    metricsTargets: adminUrl ? { 'all-in-one': adminUrl } : {},
    bus,
    store,
    runNightly: () => aggregatorHandle.runNightly(),
    async stop() {
      // Intake first, then the consumers, so that nothing accepted is left unprocessed.
      for (const handle of handles.reverse()) await handle.stop();
      await bus.close();
      await store.close();
    },
  };
}
