import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Context, type Span } from '@opentelemetry/api';

const tracer = trace.getTracer('shelflife-bus');

export type MessagingSystem = 'rabbitmq' | 'in-process';

/**
 * Both buses carry W3C trace context in message headers themselves, as instrumentation-amqplib
 * does (same span names: "<exchange> publish", "<queue> process"): publish is a PRODUCER span,
 * processing a CONSUMER child of it. Done here rather than by that instrumentation because it
 * patches the channel and builds its attributes for every message even when nothing is sampled;
 * this costs a span start and a header when nothing records (measured: docs/benchmarks.md).
 * A publish that returns a promise (a publisher confirm) is spanned until it settles.
 */
export function withPublishSpan<T>(
  system: MessagingSystem,
  exchange: string,
  routingKey: string,
  headers: Record<string, unknown>,
  work: () => T,
): T {
  const span = tracer.startSpan(`${exchange || '(default)'} publish`, { kind: SpanKind.PRODUCER });
  if (span.isRecording()) {
    span.setAttributes({
      'messaging.system': system,
      'messaging.operation': 'publish',
      'messaging.destination.name': exchange,
      'messaging.rabbitmq.destination.routing_key': routingKey,
    });
  }
  const ctx = trace.setSpan(context.active(), span);
  propagation.inject(ctx, headers);
  return inSpanUntilSettled(span, ctx, work);
}

/** Runs `work` in `ctx`; the span ends when it returns, or when the promise it returns settles. */
function inSpanUntilSettled<T>(span: Span, ctx: Context, work: () => T): T {
  let result: T;
  try {
    result = context.with(ctx, work);
  } catch (error) {
    failed(span, error);
    span.end();
    throw error;
  }
  if (result instanceof Promise) {
    result.then(
      () => span.end(),
      (error: unknown) => {
        failed(span, error);
        span.end();
      },
    );
  } else {
    span.end();
  }
  return result;
}

export async function withConsumeSpan<T>(
  system: MessagingSystem,
  queue: string,
  headers: Record<string, unknown>,
  work: () => Promise<T>,
): Promise<T> {
  const parent: Context = propagation.extract(context.active(), headers);
  const span = tracer.startSpan(`${queue} process`, { kind: SpanKind.CONSUMER }, parent);
  if (span.isRecording())
    span.setAttributes({ 'messaging.system': system, 'messaging.destination.name': queue, 'messaging.operation': 'process' });
  try {
    return await context.with(trace.setSpan(parent, span), work);
  } catch (error) {
    failed(span, error);
    throw error;
  } finally {
    span.end();
  }
}

function failed(span: Span, error: unknown): void {
  span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error)?.message ?? String(error) });
}

/** A W3C traceparent whose flags say "sampled": only those traces get per-event spans in a bundle. */
function sampled(traceparent: string | undefined): traceparent is string {
  return typeof traceparent === 'string' && traceparent.length === 55 && (parseInt(traceparent.slice(53, 55), 16) & 1) === 1;
}

/** The event-level publish span of one event of a bundle; ended when the bundle holding it is confirmed. */
export interface EventPublishSpan {
  /** What the bundle carries for this event: consumers continue the event's trace from here. */
  readonly traceparent?: string;
  end(error?: unknown): void;
}

/**
 * A bundle is one AMQP message for many shoppers' events, each in its own trace. Every event gets a
 * PRODUCER span in its own trace (the OpenTelemetry messaging conventions' per-message "create"
 * span) and each consumer a CONSUMER child of it, so one click stays one trace through the broker.
 * `traceparent` is the one the event arrived with; without one, the active context is the parent.
 * An unsampled event gets no span and its traceparent is passed on as it came, unparsed: that is
 * every event when tracing is off, so this path costs nothing per event.
 */
export function startEventPublishSpan(system: MessagingSystem, exchange: string, traceparent: string | undefined): EventPublishSpan {
  if (traceparent !== undefined && !sampled(traceparent)) return { traceparent, end: () => undefined };
  const parent = traceparent === undefined ? context.active() : propagation.extract(ROOT_CONTEXT, { traceparent });
  const parentContext = trace.getSpan(parent)?.spanContext();
  const carrier: Record<string, string> = {};
  if (!parentContext || (parentContext.traceFlags & 1) !== 1) {
    propagation.inject(parent, carrier);
    return { traceparent: carrier.traceparent, end: () => undefined };
  }
  const span = tracer.startSpan(`${exchange || '(default)'} publish`, { kind: SpanKind.PRODUCER }, parent);
  if (span.isRecording())
    span.setAttributes({ 'messaging.system': system, 'messaging.operation': 'publish', 'messaging.destination.name': exchange });
  propagation.inject(trace.setSpan(parent, span), carrier);
  return {
    traceparent: carrier.traceparent,
    end: (error?: unknown) => {
      if (error !== undefined) failed(span, error);
      span.end();
    },
  };
}

/** Runs `work` for one event of a bundle inside a CONSUMER span of the event's own trace (sampled events only). */
export function withEventSpan<T>(system: MessagingSystem, queue: string, traceparent: string | undefined, work: () => T): T {
  if (!sampled(traceparent)) return work();
  const parent = propagation.extract(ROOT_CONTEXT, { traceparent });
  const span = tracer.startSpan(`${queue} process`, { kind: SpanKind.CONSUMER }, parent);
  if (span.isRecording())
    span.setAttributes({ 'messaging.system': system, 'messaging.destination.name': queue, 'messaging.operation': 'process' });
  return inSpanUntilSettled(span, trace.setSpan(parent, span), work);
}
