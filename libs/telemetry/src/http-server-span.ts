import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import {
  context,
  isSpanContextValid,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  TraceFlags,
  type Context,
  type Span,
  type SpanContext,
} from '@opentelemetry/api';
import { redactQuery } from './redaction';

type Middleware = (request: IncomingMessage, response: ServerResponse, next: () => void) => void;

const tracer = trace.getTracer('shelflife-http');
const contexts = new WeakMap<IncomingMessage, Context>();

export interface HttpServerSpanOptions {
  /** Paths that get no span (health checks): only ids of their own, not sampled, for traceOf. */
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
export function httpServerSpans(options: HttpServerSpanOptions = {}): {
  start: Middleware;
  activate: Middleware;
  traceOf: (request: IncomingMessage) => SpanContext | undefined;
} {
  const start: Middleware = (request, response, next) => {
    const url = request.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    if (options.ignore?.(path)) {
      // No span (nothing recorded or exported), but ids to name in an answer (traceresponse).
      contexts.set(request, trace.setSpan(ROOT_CONTEXT, trace.wrapSpanContext(newSpanContext())));
      return next();
    }
    const method = request.method ?? 'GET';
    const parent = propagation.extract(ROOT_CONTEXT, request.headers);
    let span = tracer.startSpan(method, { kind: SpanKind.SERVER }, parent);
    // Without a tracer provider (OTEL_SDK_DISABLED, or a test without one) and without a caller's
    // trace, the span has no ids: give the request ids of its own (not sampled), so that its log
    // lines and its answer (traceresponse) still name one trace a client can quote.
    if (!isSpanContextValid(span.spanContext())) span = trace.wrapSpanContext(newSpanContext());
    if (span.isRecording()) {
      span.setAttributes({
        'http.request.method': method,
        'url.path': path,
        'url.scheme': 'http',
        'network.protocol.version': request.httpVersion,
      });
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
  /** The ids of the request's span (for an ignored path, ids of its own and no span): what a traceresponse header names. */
  const traceOf = (request: IncomingMessage) => {
    const active = contexts.get(request);
    return active ? trace.getSpanContext(active) : undefined;
  };
  return { start, activate, traceOf };
}

function newSpanContext(): SpanContext {
  return { traceId: randomBytes(16).toString('hex'), spanId: randomBytes(8).toString('hex'), traceFlags: TraceFlags.NONE };
}

/** W3C Trace Context Level 2 `traceresponse`: `00-<trace-id>-<span-id>-<flags>` of the server's span. */
export function traceResponseValue(spanContext: SpanContext): string {
  return `00-${spanContext.traceId}-${spanContext.spanId}-${(spanContext.traceFlags & 0xff).toString(16).padStart(2, '0')}`;
}

function endSpan(span: Span, status: number): void {
  if (status > 0) span.setAttribute('http.response.status_code', status);
  // 5xx is the server's fault; 4xx is the caller's and leaves the span unset (semantic conventions).
  if (status >= 500 || status === 0)
    span.setStatus({
      code: SpanStatusCode.ERROR,
      message: status === 0 ? 'connection closed before the response was sent' : `HTTP ${status}`,
    });
  span.end();
}
