import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { initTelemetry, createLogger } from '@shelflife/telemetry';
import { InProcessBus } from '@shelflife/bus';
import { IN_MEMORY, openStore } from '@shelflife/store';
import { BATCH_INDEXES } from '@shelflife/batch';
import type { EventBus } from '@shelflife/bus';
import type { Store } from '@shelflife/store';
import type { ServiceHandle } from '@shelflife/service-kit';
import type { RunningPipeline } from '@shelflife/harness';

export type { RunningPipeline };

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
  // Required after telemetry so that grpc is patched (the only instrumentation loaded).
  const gateway = await import('@shelflife/storefront-gateway');
  const collector = await import('@shelflife/event-collector');
  const scorer = await import('@shelflife/stream-scorer');
  const sentinel = await import('@shelflife/quality-sentinel');
  const aggregator = await import('@shelflife/batch-aggregator');

  // One console for five services: warnings and errors only, unless LOG_LEVEL says otherwise.
  const base = { ...env, SHELFLIFE_GRPC_PORT: '0', AMQP_URL: '', LOG_LEVEL: env.LOG_LEVEL ?? 'warn' };
  const logger = createLogger('all-in-one', { level: env.LOG_LEVEL ?? 'warn' });
  const bus = new InProcessBus({ logger, prefix: env.SHELFLIFE_BUS_PREFIX });
  await bus.start();
  const storeDir = env.STORE_DIR ?? IN_MEMORY;
  const store = await openStore({ storeDir, indexes: BATCH_INDEXES });
  const handles: ServiceHandle[] = [];
  const sentinelHandle = await sentinel.start(sentinel.loadSentinelConfig(base), { bus, store, withAdmin: false });
  handles.push(sentinelHandle);
  const scorerHandle = await scorer.start(
    scorer.loadScorerConfig({ ...base, STORE_DIR: IN_MEMORY, SHELFLIFE_SHARED_SNAPSHOT_INTERVAL_MS: '0' }),
    // This process's in-process stream ends with it: a snapshot on disk would name offsets of a stream gone.
    { bus, store, withAdmin: false, localSnapshots: false },
  );
  handles.push(scorerHandle);
  const aggregatorHandle = await aggregator.start(aggregator.loadAggregatorConfig(base), { bus, store, withAdmin: false });
  handles.push(aggregatorHandle);
  const collectorHandle = await collector.start(collector.loadCollectorConfig(base), { bus, withAdmin: false });
  handles.push(collectorHandle);
  const gatewayHandle = await gateway.start(
    gateway.loadGatewayConfig({
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
