import { context, trace, type Context, type Span } from '@opentelemetry/api';

/** The HTTP server span of the request being handled now (undefined when nothing records it). */
export function recordingServerSpan(current: Context = context.active()): Span | undefined {
  const span = trace.getSpan(current);
  return span?.isRecording() ? span : undefined;
}

/**
 * Names an HTTP server span after its route ("GET /v1/recommendations") and sets http.route, as the
 * express instrumentation would: that instrumentation patches every layer of every request, which
 * costs CPU on the hot path even when no span is recorded.
 */
export function nameSpanByRoute(span: Span | undefined, method: string, route: string): void {
  if (!span) return;
  span.setAttribute('http.route', route);
  span.updateName(`${method} ${route}`);
}
