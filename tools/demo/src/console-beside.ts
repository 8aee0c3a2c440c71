import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import type { Store } from '@shelflife/store';
import type { ConsoleHandle, CatalogueProduct } from '@shelflife/console';
import { buildCatalog, type FaultSwitch } from '@shelflife/shopper-sim';
import type { RunningPipeline } from './all-in-one';

/** Builds the console's pages (Vite, about a second): the demo always serves what the sources say. */
export function buildConsolePages(root: string): void {
  const result = spawnSync(
    path.join(root, 'node_modules/.bin/vite'),
    ['build', '--config', path.join(root, 'apps/console/vite.config.mts'), '--logLevel', 'error'],
    { cwd: root, stdio: 'inherit' },
  );
  if (result.status !== 0)
    throw new Error(`building the console pages failed (vite exit ${result.status}); run \`npx nx build console\` to see why`);
}

/** The simulator's catalogue as the storefront page shows it: the anchor products and their accessories. */
export function simulatorCatalogue(): CatalogueProduct[] {
  const { anchors, byId } = buildCatalog();
  const products: CatalogueProduct[] = [];
  for (const anchor of anchors) {
    for (const id of [anchor.id, ...anchor.accessories]) {
      if (products.some((p) => p.id === id)) continue;
      const product = byId.get(id)!;
      products.push({ id, name: displayName(id), price: product.price, currency: 'USD', accessories: product.accessories });
    }
  }
  return products;
}

function displayName(id: string): string {
  return id
    .split('-')
    .map((word) => (/^\d/.test(word) ? word : word.charAt(0).toUpperCase() + word.slice(1)))
    .join(' ');
}

/**
 * The console next to a running pipeline, in this process: it reads and acts through the services' APIs
 * (gateway; scorer, sentinel and aggregator gRPC; admin /metrics), receives their spans, and switches
 * the simulator's faults. For the revenue page it reads the all-in-one pipeline's store in place, or,
 * beside separate processes, a copy of the aggregator's embedded store.
 */
export async function startConsoleBeside(
  pipeline: RunningPipeline,
  options: {
    env: NodeJS.ProcessEnv;
    port: number;
    faults: FaultSwitch;
    store?: Store;
    aggregatorStoreDir?: string;
  },
): Promise<ConsoleHandle> {
  const { start, loadConsoleConfig } = await import('@shelflife/console');
  const config = loadConsoleConfig({
    ...options.env,
    SHELFLIFE_CONSOLE_PORT: String(options.port),
    SHELFLIFE_CONSOLE_HOST: options.env.SHELFLIFE_CONSOLE_HOST ?? '127.0.0.1',
    SHELFLIFE_GATEWAY_URL: pipeline.gatewayUrl,
    SHELFLIFE_SCORER_ADDR: pipeline.scorerAddr,
    SHELFLIFE_SENTINEL_ADDR: pipeline.sentinelAddr,
    SHELFLIFE_AGGREGATOR_ADDR: pipeline.aggregatorAddr,
    SHELFLIFE_CONSOLE_METRICS_TARGETS: Object.entries(pipeline.metricsTargets ?? {})
      .map(([name, url]) => `${name}=${url}`)
      .join(','),
    SHELFLIFE_CONSOLE_AGGREGATOR_STORE_DIR: options.aggregatorStoreDir,
    LOG_LEVEL: options.env.LOG_LEVEL ?? 'warn',
  });
  return start(config, { store: options.store, catalogue: simulatorCatalogue(), simulator: options.faults });
}

/**
 * What the services need to send their spans to the console (its OTLP/HTTP receiver): every click the
 * console makes is sampled (its traceparent says so), the simulator's own traffic 5 % of the time.
 */
export function spansToConsole(env: NodeJS.ProcessEnv, consolePort: number): NodeJS.ProcessEnv {
  if (env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) return env; // someone else's collector (Jaeger) wins
  return {
    ...env,
    OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${consolePort}`,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    OTEL_TRACES_SAMPLER: env.OTEL_TRACES_SAMPLER ?? 'parentbased_traceidratio',
    OTEL_TRACES_SAMPLER_ARG: env.OTEL_TRACES_SAMPLER_ARG ?? '0.05',
    OTEL_BSP_SCHEDULE_DELAY: env.OTEL_BSP_SCHEDULE_DELAY ?? '500',
  };
}
