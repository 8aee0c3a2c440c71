import { context, propagation, SpanKind, SpanStatusCode, trace, type Context, type Span } from '@opentelemetry/api';

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
export function withPublishSpan<T>(system: MessagingSystem, exchange: string, routingKey: string, headers: Record<string, unknown>, work: () => T): T {
  const span = tracer.startSpan(`${exchange || '(default)'} publish`, { kind: SpanKind.PRODUCER });
  if (span.isRecording()) {
    span.setAttributes({ 'messaging.system': system, 'messaging.operation': 'publish', 'messaging.destination.name': exchange, 'messaging.rabbitmq.destination.routing_key': routingKey });
  }
  const ctx = trace.setSpan(context.active(), span);
  propagation.inject(ctx, headers);
  let result: T;
  try {
    result = context.with(ctx, work);
  } catch (error) {
    failed(span, error);
    span.end();
    throw error;
  }
  if (result instanceof Promise) {
    result.then(() => span.end(), (error: unknown) => {
      failed(span, error);
      span.end();
    });
  } else {
    span.end();
  }
  return result;
}

export async function withConsumeSpan<T>(system: MessagingSystem, queue: string, headers: Record<string, unknown>, work: () => Promise<T>): Promise<T> {
  const parent: Context = propagation.extract(context.active(), headers);
  const span = tracer.startSpan(`${queue} process`, { kind: SpanKind.CONSUMER }, parent);
  if (span.isRecording()) span.setAttributes({ 'messaging.system': system, 'messaging.destination.name': queue, 'messaging.operation': 'process' });
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
