import * as fs from 'node:fs';
import type * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import express, { type Request, type Response } from 'express';
import type { Store } from '@shelflife/store';
import { Readiness, grpcChannel, type ServiceHandle } from '@shelflife/service-kit';
import { createLogger, metrics } from '@shelflife/telemetry';
import type { ConsoleConfig } from './config';
import type { CatalogueProduct, ClickPathView, ConsoleStatus } from './shared/api';
import { hopTimeline } from './server/click-path';
import { AggregatorClient, ScorerClient, SentinelClient } from './server/grpc-clients';
import { BadRequest, oneOfValues, optionalText, requireId, sendFailure } from './server/http-validation';
import { PipelineMonitor } from './server/pipeline-monitor';
import { Quality } from './server/quality';
import { revenueView } from './server/revenue';
import type { SimulatorControl } from './server/simulator-control';
import { SpanStore } from './server/span-receiver';
import { noStore, openSharedStore, readOnlyCopies, sharedStore, type StoreAccess } from './server/store-access';
import { Storefront } from './server/storefront';

export interface ConsoleHandle extends ServiceHandle {
  port: number;
  url: string;
  spans: SpanStore;
}

export interface ConsoleDeps {
  /** The all-in-one demo's own store (read in place). */
  store?: Store;
  /** The simulator's catalogue, for the product grid. */
  catalogue?: CatalogueProduct[];
  simulator?: SimulatorControl;
}

/** The built pages: SHELFLIFE_CONSOLE_WEB_DIR, else dist/apps/console/web found above this file (source or bundle). */
export function findWebDir(configured: string | undefined): string {
  if (configured) return configured;
  const candidates = [
    path.join(__dirname, 'web'),
    path.resolve(__dirname, '../../../dist/apps/console/web'),
    path.resolve(process.cwd(), 'dist/apps/console/web'),
  ];
  return candidates.find((dir) => fs.existsSync(path.join(dir, 'index.html'))) ?? candidates[1]!;
}

async function storeAccessFor(config: ConsoleConfig, deps: ConsoleDeps): Promise<StoreAccess> {
  if (deps.store) return sharedStore(deps.store, "the all-in-one process's own store", false);
  const mode = config.storeAccess === 'auto' ? (config.mongoUrl ? 'shared' : 'read-only-copy') : config.storeAccess;
  if (mode === 'none') return noStore('SHELFLIFE_CONSOLE_STORE_ACCESS=none: the quarantine, the batch audits and the revenue need a store');
  if (mode === 'shared') return openSharedStore(config);
  return readOnlyCopies({ aggregator: config.aggregatorStoreDir ?? path.join(config.storeDir, 'aggregator') });
}

/**
 * The console: built pages plus a thin JSON API over the services' own APIs (gateway HTTP; scorer,
 * sentinel and aggregator gRPC; their /metrics), a read of the aggregator's store (revenue), and the
 * local OTLP/HTTP receiver for the click path. It acts only through the services' APIs.
 */
export async function start(config: ConsoleConfig, deps: ConsoleDeps = {}): Promise<ConsoleHandle> {
  const logger = createLogger('console', { level: config.logLevel });
  const gatewayUrl = config.gatewayUrl.replace(/\/+$/, '');
  const stores = await storeAccessFor(config, deps);
  const channel = grpcChannel(config, logger);
  const scorer = new ScorerClient(config.scorerAddr, channel);
  const sentinel = new SentinelClient(config.sentinelAddr, channel);
  const aggregator = new AggregatorClient(config.aggregatorAddr, channel);
  const spans = new SpanStore();
  const storefront = new Storefront({ gatewayUrl, ingestKey: config.ingestKey, scorer, stores, catalogue: deps.catalogue, logger });
  const actsThrough = `replay and discard go to the sentinel (${config.sentinelAddr}), approval to the batch aggregator (${config.aggregatorAddr}): the services that own the quarantine and the batch runs act on their own store and bus`;
  const quality = new Quality({ sentinel, aggregator, actsThrough, approver: config.approver, logger });
  const pipeline = new PipelineMonitor({ targets: config.metricsTargets, intervalMs: config.scrapeIntervalMs, logger });
  pipeline.start();
  const webDir = findWebDir(config.webDir);
  if (!fs.existsSync(path.join(webDir, 'index.html')))
    logger.warn({ webDir }, 'the console pages are not built: run `npx nx build console` (the API answers meanwhile)');

  const readiness = new Readiness().add('pages', () => {
    if (!fs.existsSync(path.join(webDir, 'index.html'))) throw new Error(`no built pages in ${webDir}: run \`npx nx build console\``);
  });
  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => void res.json({ status: 'ok' }));
  app.get('/readyz', async (_req, res) => {
    const report = await readiness.report();
    res.status(report.ready ? 200 : 503).json(report);
  });
  app.get('/metrics', async (_req, res) => {
    res.type(metrics().registry.contentType).send(await metrics().registry.metrics());
  });
  // OTLP/HTTP JSON: the services' exporters post here when OTEL_EXPORTER_OTLP_ENDPOINT names the console.
  app.post('/v1/traces', express.json({ limit: '8mb', type: ['application/json'] }), (req, res) => {
    try {
      spans.ingest(req.body);
      res.json({});
    } catch (error) {
      res.status(400).json({ error: 'NOT_OTLP_JSON', message: (error as Error).message });
    }
  });
  app.post(
    '/v1/traces',
    (req, res) =>
      void res.status(415).json({
        error: 'UNSUPPORTED_MEDIA_TYPE',
        message: `the console receives OTLP over HTTP as JSON only (got ${req.headers['content-type'] ?? 'no content type'}); set OTEL_EXPORTER_OTLP_PROTOCOL=http/json`,
      }),
  );

  const api = express.Router();
  api.use(express.json({ limit: '16kb' }));
  const route = (handler: (req: Request, res: Response) => Promise<unknown>) => (req: Request, res: Response) => {
    handler(req, res).then(
      (body) => {
        if (!res.headersSent) res.json(body);
      },
      (error: unknown) => sendFailure(res, error),
    );
  };
  api.get(
    '/status',
    route(async (): Promise<ConsoleStatus> => ({
      gatewayUrl,
      jaegerUiUrl: config.jaegerUiUrl ?? null,
      store: stores.status,
      spansReceived: spans.received,
      simulator: deps.simulator
        ? { available: true, fault: deps.simulator.fault(), faults: [...deps.simulator.faults()] }
        : { available: false, fault: 'none', faults: [] },
    })),
  );
  api.get(
    '/catalogue',
    route(() => storefront.catalogue()),
  );
  api.post(
    '/storefront/click',
    route(async (req) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      return storefront.click({
        sessionId: requireId(body.sessionId, 'sessionId'),
        productId: requireId(body.productId, 'productId'),
        type: oneOfValues(body.type, 'type', ['view', 'add_to_cart'] as const),
      });
    }),
  );
  api.get(
    '/storefront/recommendations',
    route(async (req) => {
      const query = req.query as Record<string, unknown>;
      const seeds = optionalText(query.seeds, 'seeds', 2_000)
        .split(',')
        .filter(Boolean)
        .map((seed) => requireId(seed, 'seeds'));
      const productId = query.productId ? requireId(query.productId, 'productId') : undefined;
      return storefront.recommendations({ sessionId: requireId(query.sessionId, 'sessionId'), productId, seeds, limit: 6 });
    }),
  );
  api.get(
    '/storefront/clicks',
    route(async () => storefront.recentClicks()),
  );
  api.get(
    '/pipeline/samples',
    route(async () => pipeline.samples()),
  );
  api.get('/pipeline/stream', (req, res) => {
    // Server-sent events: the page's charts append each scrape as it happens.
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    res.write(`event: history\ndata: ${JSON.stringify(pipeline.samples())}\n\n`);
    const unsubscribe = pipeline.subscribe((sample) => res.write(`event: sample\ndata: ${JSON.stringify(sample)}\n\n`));
    req.on('close', unsubscribe);
  });
  api.get(
    '/quality',
    route(() => quality.view()),
  );
  api.post(
    '/quality/quarantine/:alertId/:action',
    route(async (req) => {
      const alertId = requireId(req.params.alertId, 'alertId');
      const action = oneOfValues(req.params.action, 'action', ['replay', 'discard'] as const);
      return action === 'replay' ? quality.replay(alertId) : quality.discard(alertId);
    }),
  );
  api.post(
    '/quality/batches/:version/approve',
    route(async (req) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      return quality.approve(requireId(req.params.version, 'version'), optionalText(body.note, 'note', 500));
    }),
  );
  api.get(
    '/revenue',
    route(() => revenueView(stores)),
  );
  api.get(
    '/click-path/:traceId',
    route(async (req): Promise<ClickPathView> => {
      const traceId = String(req.params.traceId);
      if (!/^[0-9a-f]{32}$/.test(traceId)) throw new BadRequest('traceId must be 32 lower-case hex digits (a W3C trace id)');
      const trace = spans.trace(traceId);
      const click = storefront.recentClicks().find((c) => c.traceId === traceId) ?? null;
      let archivedAt: number | null = null;
      if (click) {
        const archived = await stores.aggregator().then(
          (store) => store.collection<{ ingestedAt: number } & Record<string, unknown>>('events').findOne({ _id: click.eventId }),
          () => null,
        );
        archivedAt = archived?.ingestedAt ?? null;
      }
      return {
        traceId,
        eventId: click?.eventId ?? null,
        startedAt: trace.length > 0 ? Math.min(...trace.map((s) => s.startMs)) : (click?.sentAt ?? null),
        hops: hopTimeline(trace),
        spans: trace.length,
        archivedAt,
        jaegerUrl: config.jaegerUiUrl ? `${config.jaegerUiUrl.replace(/\/+$/, '')}/trace/${traceId}` : null,
        note:
          trace.length === 0
            ? 'no spans of this trace yet: the services export in batches (a few seconds), and only when OTEL_EXPORTER_OTLP_ENDPOINT points at this console (the demo does)'
            : undefined,
      };
    }),
  );
  api.post(
    '/simulator/fault',
    route(async (req) => {
      if (!deps.simulator) throw new BadRequest('no shopper simulator runs beside this console (the demo starts one: npm run demo)');
      const fault = oneOfValues((req.body as Record<string, unknown> | undefined)?.fault, 'fault', ['none', ...deps.simulator.faults()]);
      deps.simulator.setFault(fault);
      logger.info({ fault }, 'simulator fault switched from the console');
      return { fault };
    }),
  );
  api.use((req, res) => void res.status(404).json({ error: 'NOT_FOUND', message: `no console API ${req.method} ${req.path}` }));
  app.use('/api', api);
  app.use(
    express.static(webDir, {
      index: 'index.html',
      maxAge: '1h',
      setHeaders: (res, file) => file.endsWith('index.html') && res.setHeader('cache-control', 'no-cache'),
    }),
  );
  // The pages route on the client: any other GET is the single page.
  app.get(/^\/(?!api\/|v1\/).*/, (_req, res) =>
    res.sendFile(path.join(webDir, 'index.html'), (error) => {
      if (error && !res.headersSent)
        res.status(503).type('text/plain').send(`the console pages are not built in ${webDir}: run \`npx nx build console\`\n`);
    }),
  );

  const server: http.Server = await new Promise((resolve, reject) => {
    const listening = app.listen(config.port, config.host, () => resolve(listening));
    listening.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new Error(error.code === 'EADDRINUSE' ? `port ${config.port} is in use: set SHELFLIFE_CONSOLE_PORT to a free port` : error.message),
      ),
    );
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://localhost:${port}`;
  logger.info({ url, gatewayUrl, store: stores.status.kind, metricsTargets: config.metricsTargets.map((t) => t.name) }, 'console started');
  return {
    port,
    url,
    spans,
    async stop() {
      readiness.startDraining();
      pipeline.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      scorer.close();
      sentinel.close();
      aggregator.close();
      await stores.close();
    },
  };
}
