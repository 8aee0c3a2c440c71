import {
  ADMIN_PORTS,
  commonSettings,
  grpcTargets,
  grpcTlsSettings,
  integer,
  loadConfig,
  oneOf,
  optionalString,
  port,
  storeSettings,
  string,
  url,
  type Setting,
} from '@shelflife/config';

/** One scrape target: a service's admin base URL (its /metrics and /readyz); `dns+http://` scrapes every address the name resolves to. */
export interface MetricsTarget {
  name: string;
  url: string;
  /** Every address of the host is a replica (a headless Kubernetes Service). */
  everyAddress: boolean;
}

/** Each service's default admin port (libs/config ADMIN_PORTS): what a local run without settings finds. */
export const LOCAL_METRICS_TARGETS = Object.entries(ADMIN_PORTS)
  .map(([service, port]) => `${service}=http://localhost:${port}`)
  .join(',');

function metricsTargets(variable: string, defaultValue: string, description: string): Setting<MetricsTarget[]> {
  return {
    variable,
    defaultValue,
    description,
    parse(raw) {
      const targets: MetricsTarget[] = [];
      for (const item of raw
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean)) {
        const match = /^([A-Za-z0-9_.@-]+)=(.+)$/.exec(item);
        if (!match) throw new Error(`"${item}" is not name=url (e.g. stream-scorer=http://stream-scorer-admin:9464)`);
        const [, name, address] = match as unknown as [string, string, string];
        const everyAddress = address.startsWith('dns+');
        let parsed: URL;
        try {
          parsed = new URL(everyAddress ? address.slice(4) : address);
        } catch {
          throw new Error(`the URL of "${name}" (${address}) is not a URL`);
        }
        if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
          throw new Error(`the URL of "${name}" must be http:// or https:// (or dns+http:// for every address of a headless Service)`);
        targets.push({ name, url: parsed.origin, everyAddress });
      }
      if (targets.length === 0) throw new Error('names no target; give at least one name=url');
      return targets;
    },
  };
}

export const consoleSettings = {
  logLevel: commonSettings.logLevel,
  // No bus: the console changes nothing itself. Replay, discard and approve go to the services that own
  // the quarantine and the batch runs (their gRPC APIs), which publish on their own bus.
  drainTimeoutMs: commonSettings.drainTimeoutMs,
  // TLS towards the scorer, sentinel and aggregator, as every service has it.
  ...grpcTlsSettings,
  ...storeSettings,
  port: port(
    'SHELFLIFE_CONSOLE_PORT',
    8090,
    'HTTP port of the console (pages, API, /healthz, /readyz, /metrics, and the OTLP/HTTP receiver at /v1/traces)',
  ),
  host: string(
    'SHELFLIFE_CONSOLE_HOST',
    '0.0.0.0',
    'address the console listens on; the console has no login: keep it internal (ClusterIP, or 127.0.0.1 on a shared machine)',
  ),
  ingestKey: optionalString(
    'SHELFLIFE_CONSOLE_INGEST_KEY',
    "the key the storefront page sends with its clicks (Authorization: Bearer) when the gateway asks for keys (SHELFLIFE_INGEST_KEYS_FILE); the key's source is the clicks' source",
  ),
  gatewayUrl: url(
    'SHELFLIFE_GATEWAY_URL',
    'http://localhost:8080',
    ['http:', 'https:'],
    'storefront-gateway base URL: the storefront page posts its clicks and asks for recommendations there',
  ),
  scorerAddr: grpcTargets.scorerAddr,
  sentinelAddr: {
    ...grpcTargets.sentinelAddr,
    description: 'quality-sentinel gRPC address: alerts, and the quarantine (list, replay, discard)',
  },
  aggregatorAddr: {
    ...grpcTargets.aggregatorAddr,
    description: 'batch-aggregator gRPC address: the batch runs, and approving a held one by hand',
  },
  metricsTargets: metricsTargets(
    'SHELFLIFE_CONSOLE_METRICS_TARGETS',
    LOCAL_METRICS_TARGETS,
    'admin URLs of the services, scraped for /metrics and /readyz: name=url, comma-separated; dns+http://host:port scrapes every address a headless Service resolves to',
  ),
  scrapeIntervalMs: integer('SHELFLIFE_CONSOLE_SCRAPE_INTERVAL_MS', 1_000, "how often the pipeline page's figures are scraped", {
    min: 200,
    max: 60_000,
  }),
  storeAccess: oneOf(
    'SHELFLIFE_CONSOLE_STORE_ACCESS',
    'auto',
    ['auto', 'shared', 'read-only-copy', 'none'] as const,
    "how the console reads the store for the revenue page and the click path (the quality page asks the services): shared (MONGO_URL), read-only-copy (copies of the services' embedded store folders, re-read every few seconds), none; auto picks shared with MONGO_URL, else read-only-copy",
  ),
  aggregatorStoreDir: optionalString(
    'SHELFLIFE_CONSOLE_AGGREGATOR_STORE_DIR',
    "the batch aggregator's embedded store folder to read without MONGO_URL (default STORE_DIR/aggregator)",
  ),
  jaegerUiUrl: optionalString('JAEGER_UI_URL', 'Jaeger UI base URL; set: each trace on the click-path page links to it'),
  approver: string(
    'SHELFLIFE_CONSOLE_APPROVER',
    'console user',
    "the name recorded on a batch approved by hand (put the operator's name or team)",
  ),
  webDir: optionalString(
    'SHELFLIFE_CONSOLE_WEB_DIR',
    'folder of the built pages (default: dist/apps/console/web, built by `nx build console`)',
  ),
};

export type ConsoleConfig = ReturnType<typeof loadConsoleConfig>;

export function loadConsoleConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(consoleSettings, env);
}
