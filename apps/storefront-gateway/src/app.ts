import type * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import * as grpc from '@grpc/grpc-js';
import { CollectorServiceClient, ScorerServiceClient, type GetRecommendationsRequest, type GetRecommendationsResponse } from '@shelflife/contracts';
import { GRPC_CLIENT_OPTIONS, MultiplexedStreamPool, callUnary, Readiness, adminRequestListener, createExpressServer, startAdminServer, withTimeout, type ServiceHandle } from '@shelflife/service-kit';
import { createLogger, httpServerSpans, metrics, type Logger } from '@shelflife/telemetry';
import type { GatewayConfig } from './config';
import { CollectorForwarder } from './collector-forwarder';
import { RecentPopularity } from './recent-popularity';
import { intakeAdmission } from './intake-admission';
import { eventsRoute } from './events-route';
import { recommendationsRoute } from './recommendations-route';
import { methodNotAllowed, sendError } from './http-errors';
import { bodyErrorHandler, continueBeforeReading, isClientAbort, jsonBody, refuseDeclaredOversize } from './body-parsing';
import { observeRequestOutcomes } from './request-outcomes';
import { guardServerEdge } from './server-edge';

export interface GatewayHandle extends ServiceHandle {
  httpPort: number;
  adminPort?: number;
}

/** The storefront's HTTP API: fast event intake that never hangs the shop, recommendations with a fallback. */
export async function start(config: GatewayConfig, deps: { withAdmin?: boolean; logger?: Logger } = {}): Promise<GatewayHandle> {
  const logger = deps.logger ?? createLogger('storefront-gateway', { level: config.logLevel });
  const collector = new CollectorServiceClient(config.collectorAddr, grpc.credentials.createInsecure(), GRPC_CLIENT_OPTIONS);
  const scorer = new ScorerServiceClient(config.scorerAddr, grpc.credentials.createInsecure(), GRPC_CLIENT_OPTIONS);
  const forwarder = new CollectorForwarder(collector, {
    batchMaxEvents: config.batchMaxEvents, batchLingerMs: config.batchLingerMs, maxCallsInFlight: config.maxCallsInFlight, maxEventsInFlight: config.maxEventsInFlight, maxBufferedEvents: config.maxBufferedEvents,
    maxQueueDelayMs: config.maxQueueDelayMs,
  });
  const popularity = new RecentPopularity();
  // Recommendation questions share a few open streams to the scorer: a unary call per page view costs
  // the gateway more CPU than everything else it does for that request (docs/benchmarks.md). Several
  // streams, because each is pinned to the replica it was opened on (stream-pool.ts).
  const scorerStream = new MultiplexedStreamPool<GetRecommendationsRequest, GetRecommendationsResponse>(config.scorerStreams, {
    open: () => scorer.streamRecommendations(),
    method: 'shelflife.scorer.v1.ScorerService/StreamRecommendations',
    peer: 'the scorer',
    maxInFlight: Math.max(1, Math.floor(config.maxScorerQuestionsInFlight / config.scorerStreams)),
    // While the stream is down (a scorer restarting, or one older than the stream during a rolling
    // upgrade), ask with the plain unary call; the popular fallback stays the last resort.
    whenClosed: (request, deadlineMs) => callUnary(scorer.getRecommendations.bind(scorer), request, deadlineMs),
  }, config.scorerStreamRebalanceMs).start();
  // Ready when the collector answers: without it no event can be confirmed. The scorer is not
  // required: recommendations fall back without it.
  const readiness = new Readiness().add('collector', () => withTimeout(waitForReady(collector, 500), 600, 'collector not reachable'));

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');
  const routeOf = (request: http.IncomingMessage) => (request as express.Request).route?.path as string | undefined;
  const spans = httpServerSpans({ ignore: (path) => path === '/healthz' || path === '/readyz', routeOf });
  // Log lines about a request from outside its handlers (aborts, failures) carry its trace id.
  const inRequestContext = (request: http.IncomingMessage, response: http.ServerResponse, log: () => void) => spans.activate(request, response, log);
  app.use(spans.start);
  app.use(observeRequestOutcomes({ routeOf, logger, inRequestContext }));
  // Refusals before the body parser cost no parsing (and no memory for the body): first a body too
  // large to ever accept, then admission (too many bodies at once).
  app.use(refuseDeclaredOversize(config.maxBodyBytes));
  app.post('/v1/events', intakeAdmission({ maxPendingRequests: config.maxPendingPosts, maxPendingBytes: config.maxPendingBodyBytes, maxBodyBytes: config.maxBodyBytes, downstream: () => forwarder.overloaded() }));
  app.use(continueBeforeReading);
  app.use(jsonBody({ maxBodyBytes: config.maxBodyBytes, maxJsonDepth: config.maxJsonDepth }));
  app.use(bodyErrorHandler);
  // After the body parser: handlers run inside the request's span (see httpServerSpans).
  app.use(spans.activate);
  app.post('/v1/events', eventsRoute({ forwarder, popularity, maxEvents: config.maxEventsPerRequest, ackDeadlineMs: config.ackDeadlineMs, eventTime: { maxFutureSkewMs: config.maxFutureSkewMs, lateAfterMs: config.lateAfterMs }, logger }));
  app.get('/v1/recommendations', recommendationsRoute({ ask: (request, deadlineMs) => scorerStream.ask(request, deadlineMs), popularity, deadlineMs: config.recsDeadlineMs, logger }));
  const admin = adminRequestListener(readiness, metrics().registry);
  app.get(['/healthz', '/readyz'], (request, response, next) => {
    admin(request, response).catch(next);
  });
  app.all('/v1/events', methodNotAllowed(['POST']));
  app.all(['/v1/recommendations', '/healthz', '/readyz'], methodNotAllowed(['GET', 'HEAD']));
  app.use((request, response) => sendError(response, 404, 'NOT_FOUND', `no route ${request.path}; see POST /v1/events and GET /v1/recommendations`));
  app.use(((error, request, response, _next) => {
    // The client left: nothing to answer, and counted as 499 (request-outcomes.ts), not an error.
    if (isClientAbort(error, request)) return;
    inRequestContext(request, response, () => logger.error({ err: (error as Error).message, method: request.method, path: request.path }, 'unhandled request error'));
    if (response.headersSent) {
      response.destroy();
      return;
    }
    sendError(response, 500, 'INTERNAL', 'the gateway failed on this request; it has been logged');
  }) as express.ErrorRequestHandler);

  // Requests born with express's prototypes: see createExpressServer for what re-prototyping costs.
  const server = createExpressServer(app);
  guardServerEdge(server, app, logger);
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.requestTimeout = 30_000;
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(config.httpPort, '0.0.0.0', resolve));
  // /metrics on the admin port only: the public port faces the internet.
  const adminServer = deps.withAdmin === false ? undefined : await startAdminServer(config.adminPort, readiness, metrics().registry);
  const httpPort = (server.address() as AddressInfo).port;
  logger.info({ httpPort, adminPort: adminServer?.port, collector: config.collectorAddr, scorer: config.scorerAddr }, 'storefront-gateway started');
  return {
    httpPort,
    adminPort: adminServer?.port,
    async stop() {
      readiness.startDraining();
      // Stop taking requests, let those in flight get their confirms, then close the clients.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await forwarder.drain(config.ackDeadlineMs);
      await withTimeout(closed, config.drainTimeoutMs / 2, 'http drain').catch(() => server.closeAllConnections());
      // After the HTTP drain: requests still being answered keep asking the scorer.
      scorerStream.close();
      await adminServer?.close();
      collector.close();
      scorer.close();
    },
  };
}

function waitForReady(client: grpc.Client, ms: number): Promise<void> {
  return new Promise((resolve, reject) => client.waitForReady(Date.now() + ms, (error) => (error ? reject(error) : resolve())));
}
