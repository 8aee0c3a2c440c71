import type * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type RequestHandler } from 'express';
import cors from 'cors';
import helmet from 'helmet';
import * as grpc from '@grpc/grpc-js';
import {
  CollectorServiceClient,
  ScorerServiceClient,
  type GetRecommendationsRequest,
  type GetRecommendationsResponse,
} from '@shelflife/contracts';
import {
  MultiplexedStreamPool,
  callUnary,
  composeService,
  createExpressServer,
  grpcChannel,
  withTimeout,
  type ServiceDeps,
  type ServiceHandle,
} from '@shelflife/service-kit';
import { httpServerSpans, traceResponseValue } from '@shelflife/telemetry';
import type { GatewayConfig } from './config';
import { CollectorForwarder } from './collector-forwarder';
import { RecentPopularity } from './recent-popularity';
import { intakeAdmission } from './intake-admission';
import { eventsRoute } from './events-route';
import { recommendationsRoute } from './recommendations-route';
import { methodNotAllowed, quotingTrace, sendError } from './http-errors';
import { authenticate, callerOf, IngestKeys } from './ingest-keys';
import { addressBucket, rateLimit, TokenBuckets } from './rate-limit';
import { bodyErrorHandler, continueBeforeReading, isClientAbort, jsonBody, refuseDeclaredOversize } from './body-parsing';
import { observeRequestOutcomes } from './request-outcomes';
import { guardServerEdge } from './server-edge';

export interface GatewayHandle extends ServiceHandle {
  httpPort: number;
  adminPort?: number;
}

/** The storefront's HTTP API: fast event intake that never hangs the shop, recommendations with a fallback. */
export async function start(config: GatewayConfig, deps: Pick<ServiceDeps, 'withAdmin' | 'logger'> = {}): Promise<GatewayHandle> {
  const service = await composeService({ name: 'storefront-gateway', config, deps, bus: false });
  const { logger, readiness } = service;
  // Keys first: a keys file that cannot be used stops the start, before any port is open.
  const keys = config.ingestKeysFile ? new IngestKeys(config.ingestKeysFile, logger).start() : undefined;
  if (!keys) {
    logger.warn(
      'ingest keys are off (SHELFLIFE_INGEST_KEYS_FILE is unset): POST /v1/events takes events from anyone, with the source they name; set it to a keys file (docs/operations.md, "Ingest keys and rotation")',
    );
  }
  const channel = grpcChannel(config, logger);
  const collector = new CollectorServiceClient(config.collectorAddr, channel.credentials, channel.options);
  const scorer = new ScorerServiceClient(config.scorerAddr, channel.credentials, channel.options);
  const forwarder = new CollectorForwarder(collector, {
    batchMaxEvents: config.batchMaxEvents,
    batchLingerMs: config.batchLingerMs,
    maxCallsInFlight: config.maxCallsInFlight,
    maxEventsInFlight: config.maxEventsInFlight,
    maxBufferedEvents: config.maxBufferedEvents,
    maxQueueDelayMs: config.maxQueueDelayMs,
  });
  const popularity = new RecentPopularity();
  // Recommendation questions share a few open streams to the scorer: a unary call per page view costs
  // the gateway more CPU than everything else it does for that request (docs/benchmarks.md). Several
  // streams, because each is pinned to the replica it was opened on (stream-pool.ts).
  const scorerStream = new MultiplexedStreamPool<GetRecommendationsRequest, GetRecommendationsResponse>(
    config.scorerStreams,
    {
      open: () => scorer.streamRecommendations(),
      method: 'shelflife.scorer.v1.ScorerService/StreamRecommendations',
      peer: 'the scorer',
      maxInFlight: Math.max(1, Math.floor(config.maxScorerQuestionsInFlight / config.scorerStreams)),
      // While the stream is down (a scorer restarting, or one older than the stream during a rolling
      // upgrade), ask with the plain unary call; the popular fallback stays the last resort.
      whenClosed: (request, deadlineMs) => callUnary(scorer.getRecommendations.bind(scorer), request, deadlineMs),
    },
    config.scorerStreamRebalanceMs,
  ).start();
  // Ready when the collector answers: without it no event can be confirmed. The scorer is not
  // required: recommendations fall back without it.
  readiness.add('collector', () => withTimeout(waitForReady(collector, 500), 600, 'collector not reachable'));

  const keyLimit = config.rateLimitKeyPerSec > 0 && keys ? limiter(config.rateLimitKeyPerSec, config.rateLimitKeyBurst) : undefined;
  const addressLimit = config.rateLimitAddressPerSec > 0 ? limiter(config.rateLimitAddressPerSec, config.rateLimitAddressBurst) : undefined;
  const sweeper = setInterval(() => {
    keyLimit?.buckets.sweep();
    addressLimit?.buckets.sweep();
  }, 10_000).unref();

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');
  app.set('trust proxy', config.trustProxy);
  const routeOf = (request: http.IncomingMessage) => (request as express.Request).route?.path as string | undefined;
  const isHealthCheck = (path: string) => path === '/healthz' || path === '/readyz';
  const spans = httpServerSpans({ ignore: isHealthCheck, routeOf });
  // Log lines about a request from outside its handlers (aborts, failures, the access line) carry its trace id.
  const inRequestContext = (request: http.IncomingMessage, response: http.ServerResponse, log: () => void) =>
    spans.activate(request, response, log);
  app.use(spans.start);
  // Every answer names its trace (W3C traceresponse), errors and 404s included, so a client can quote it.
  const nameTrace = (request: http.IncomingMessage, response: http.ServerResponse) => {
    const trace = spans.traceOf(request);
    if (trace) response.setHeader('traceresponse', traceResponseValue(trace));
    return trace;
  };
  app.use(((request, response, next) => {
    const trace = nameTrace(request, response);
    if (trace) response.locals.traceId = trace.traceId;
    next();
  }) as RequestHandler);
  app.use(
    observeRequestOutcomes({
      routeOf,
      logger,
      inRequestContext,
      accessLog: {
        perSec: config.accessLogPerSec,
        sampleRatio: config.accessLogSampleRatio,
        skip: isHealthCheck,
        fields: (_request, response) => {
          const caller = callerOf(response as express.Response);
          return caller ? { source: caller.source, key_id: caller.keyId } : {};
        },
      },
    }),
  );
  app.use(securityHeaders);
  // Browsers on the storefront's origins: preflights answered here, and every answer (errors included)
  // carries the CORS headers, so the page can read a 401 or a 429 and its Retry-After.
  const corsOrigins = config.corsOrigins ?? [];
  if (corsOrigins.length > 0) {
    app.use(
      cors({
        origin: corsOrigins,
        methods: ['GET', 'HEAD', 'POST'],
        allowedHeaders: ['Content-Type', 'Content-Encoding', 'Authorization', 'traceparent', 'tracestate'],
        exposedHeaders: ['traceresponse', 'Retry-After'],
        maxAge: 600,
      }),
    );
  }
  // The cheapest refusals first: an address over its rate, then a body too large to ever accept, then
  // (events) a missing or unknown key and a key over its rate, then admission (too many bodies at once);
  // all before the body parser, so they cost no parsing and no memory for the body.
  if (addressLimit) {
    app.use(
      rateLimit({
        scope: 'address',
        buckets: addressLimit.buckets,
        ratePerSec: addressLimit.ratePerSec,
        burst: addressLimit.burst,
        bucketOf: (request) => (isHealthCheck(request.path) ? undefined : addressBucket(request.ip)),
        describe: () => 'your address',
      }),
    );
  }
  app.use(refuseDeclaredOversize(config.maxBodyBytes));
  if (keys) app.post('/v1/events', authenticate(keys));
  if (keyLimit) {
    app.post(
      '/v1/events',
      rateLimit({
        scope: 'key',
        buckets: keyLimit.buckets,
        ratePerSec: keyLimit.ratePerSec,
        burst: keyLimit.burst,
        bucketOf: (_request, response) => callerOf(response)?.keyId,
        describe: (_request, response) => `the key of source "${callerOf(response)?.source}"`,
      }),
    );
  }
  app.post(
    '/v1/events',
    intakeAdmission({
      maxPendingRequests: config.maxPendingPosts,
      maxPendingBytes: config.maxPendingBodyBytes,
      maxBodyBytes: config.maxBodyBytes,
      downstream: () => forwarder.overloaded(),
    }),
  );
  app.use(continueBeforeReading);
  app.use(jsonBody({ maxBodyBytes: config.maxBodyBytes, maxJsonDepth: config.maxJsonDepth }));
  app.use(bodyErrorHandler);
  // After the body parser: handlers run inside the request's span (see httpServerSpans).
  app.use(spans.activate);
  app.post(
    '/v1/events',
    eventsRoute({
      forwarder,
      popularity,
      maxEvents: config.maxEventsPerRequest,
      ackDeadlineMs: config.ackDeadlineMs,
      eventTime: { maxFutureSkewMs: config.maxFutureSkewMs, lateAfterMs: config.lateAfterMs },
      logger,
    }),
  );
  app.get(
    '/v1/recommendations',
    recommendationsRoute({
      ask: (request, deadlineMs) => scorerStream.ask(request, deadlineMs),
      popularity,
      deadlineMs: config.recsDeadlineMs,
      logger,
    }),
  );
  // The public port faces the internet: alive, and ready or not, nothing more. Which check fails and
  // why (addresses, gRPC errors) is on the admin port's /readyz.
  app.get('/healthz', (_request, response) => {
    response.json({ status: 'alive' });
  });
  app.get('/readyz', (_request, response, next) => {
    readiness
      .report()
      .then((report) => {
        if (report.ready) response.json({ ready: true });
        else
          response.status(503).json({
            ready: false,
            error: {
              code: 'NOT_READY',
              message: 'not ready to take events; the load balancer sends requests to another replica, retry shortly',
              details: [],
            },
          });
      })
      .catch(next);
  });
  app.all('/v1/events', methodNotAllowed(['POST']));
  app.all(['/v1/recommendations', '/healthz', '/readyz'], methodNotAllowed(['GET', 'HEAD']));
  app.use((request, response) =>
    sendError(response, 404, 'NOT_FOUND', `no route ${request.path}; see POST /v1/events and GET /v1/recommendations`),
  );
  app.use(((error, request, response, _next) => {
    // The client left: nothing to answer, and counted as 499 (request-outcomes.ts), not an error.
    if (isClientAbort(error, request)) return;
    inRequestContext(request, response, () =>
      logger.error({ err: (error as Error).message, method: request.method, path: request.path }, 'unhandled request error'),
    );
    if (response.headersSent) {
      response.destroy();
      return;
    }
    sendError(
      response,
      500,
      'INTERNAL',
      `the gateway failed on this request; it has been logged: report the trace id if it persists${quotingTrace(response)}`,
    );
  }) as express.ErrorRequestHandler);

  // Requests born with express's prototypes: see createExpressServer for what re-prototyping costs.
  const server = createExpressServer(app);
  guardServerEdge(server, app, logger, {
    aroundAnswer: (request, response, answer) =>
      spans.start(request, response, () => {
        nameTrace(request, response);
        answer();
      }),
  });
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.requestTimeout = 30_000;
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(config.httpPort, '0.0.0.0', resolve));
  // /metrics on the admin port only: the public port faces the internet.
  const handle = await service.ready({
    async drain() {
      keys?.stop();
      clearInterval(sweeper);
      // Stop taking requests, let those in flight get their confirms, then close the clients.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await forwarder.drain(config.ackDeadlineMs);
      await withTimeout(closed, config.drainTimeoutMs / 2, 'http drain').catch(() => server.closeAllConnections());
      // After the HTTP drain: requests still being answered keep asking the scorer.
      scorerStream.close();
    },
    afterDrain() {
      collector.close();
      scorer.close();
    },
  });
  const httpPort = (server.address() as AddressInfo).port;
  logger.info(
    {
      httpPort,
      adminPort: handle.adminPort,
      collector: config.collectorAddr,
      scorer: config.scorerAddr,
      ingestKeys: keys ? config.ingestKeysFile : 'off',
      rateLimits: {
        key: keyLimit ? `${keyLimit.ratePerSec}/s burst ${keyLimit.burst}` : 'off',
        address: addressLimit ? `${addressLimit.ratePerSec}/s burst ${addressLimit.burst}` : 'off',
      },
      trustProxy: config.trustProxy,
      corsOrigins,
    },
    'storefront-gateway started',
  );
  return { ...handle, httpPort };
}

/** Token buckets of one scope: `burst` unset is twice the rate. */
function limiter(ratePerSec: number, burst: number | undefined) {
  const size = burst ?? ratePerSec * 2;
  return { ratePerSec, burst: size, buckets: new TokenBuckets({ ratePerSec, burst: size }) };
}

/**
 * Security headers for a JSON API (helmet): no content may run or be framed (CSP default-src 'none',
 * frame-ancestors 'none'), no MIME sniffing, no referrer, HSTS for when TLS terminates in front; and
 * no caching of answers that carry a shopper's recommendations.
 */
const helmetHeaders = helmet({
  contentSecurityPolicy: { useDefaults: false, directives: { 'default-src': ["'none'"], 'frame-ancestors': ["'none'"] } },
  frameguard: { action: 'deny' },
  referrerPolicy: { policy: 'no-referrer' },
});
const securityHeaders: RequestHandler = (request, response, next) => {
  response.setHeader('Cache-Control', 'no-store');
  helmetHeaders(request, response, next);
};

function waitForReady(client: grpc.Client, ms: number): Promise<void> {
  return new Promise((resolve, reject) => client.waitForReady(Date.now() + ms, (error) => (error ? reject(error) : resolve())));
}
