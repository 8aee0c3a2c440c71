import type { IncomingMessage, ServerResponse } from 'node:http';
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Context, type Span } from '@opentelemetry/api';
import { redactQuery } from './redaction';

type Middleware = (request: IncomingMessage, response: ServerResponse, next: () => void) => void;

const tracer = trace.getTracer('shelflife-http');
const contexts = new WeakMap<IncomingMessage, Context>();

export interface HttpServerSpanOptions {
  /** Paths that get no span (health checks). */
  ignore?: (path: string) => boolean;
  /** The matched route template once the response is sent ("/v1/recommendations"): names the span. */
  routeOf?: (request: IncomingMessage) => string | undefined;
}

/**
 * Server spans for an HTTP API, in two steps around the body parser. `start` opens the span as the
 * request arrives (child of the caller's W3C traceparent) and ends it when the response is sent;
 * `activate`, placed after the body parser, runs the rest of the chain inside it (a body read
 * through stream events loses the active context, so activating earlier would not reach the
 * handlers). Attributes are computed only for a span that records. This replaces the generic
 * http instrumentation, which patched every request and response and built its attributes even
 * when nothing was sampled (measured: docs/benchmarks.md).
 */
export function httpServerSpans(options: HttpServerSpanOptions = {}): { start: Middleware; activate: Middleware } {
  const start: Middleware = (request, response, next) => {
    const url = request.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    if (options.ignore?.(path)) return next();
    const method = request.method ?? 'GET';
    const parent = propagation.extract(ROOT_CONTEXT, request.headers);
    const span = tracer.startSpan(method, { kind: SpanKind.SERVER }, parent);
    if (span.isRecording()) {
      span.setAttributes({ 'http.request.method': method, 'url.path': path, 'url.scheme': 'http', 'network.protocol.version': request.httpVersion });
      if (q >= 0) span.setAttribute('url.query', redactQuery(url.slice(q + 1)));
    }
    contexts.set(request, trace.setSpan(parent, span));
    if (!span.isRecording()) return next();
    const end = () => {
      if (!span.isRecording()) return; // already ended: 'close' follows 'finish'
      const route = options.routeOf?.(request);
      if (route) {
        span.updateName(`${method} ${route}`);
        span.setAttribute('http.route', route);
      }
      endSpan(span, response.writableFinished ? response.statusCode : 0);
    };
    response.once('finish', end);
    response.once('close', end);
    next();
  };
  const activate: Middleware = (request, _response, next) => {
    const active = contexts.get(request);
    if (active) context.with(active, next);
    else next();
  };
  return { start, activate };
}

function endSpan(span: Span, status: number): void {
  if (status > 0) span.setAttribute('http.response.status_code', status);
  // 5xx is the server's fault; 4xx is the caller's and leaves the span unset (semantic conventions).
  if (status >= 500 || status === 0) span.setStatus({ code: SpanStatusCode.ERROR, message: status === 0 ? 'connection closed before the response was sent' : `HTTP ${status}` });
  span.end();
}
