import { context, propagation, SpanKind, SpanStatusCode, trace, type Context } from '@opentelemetry/api';

const tracer = trace.getTracer('shelflife-bus');

/**
 * The in-process bus has no instrumentation library, so it carries W3C trace context in message
 * headers itself, exactly as instrumentation-amqplib does over RabbitMQ: publish is a PRODUCER span,
 * processing a CONSUMER child of it.
 */
export function withPublishSpan<T>(exchange: string, routingKey: string, headers: Record<string, unknown>, work: () => T): T {
  const span = tracer.startSpan(`${exchange || '(default)'} publish`, {
    kind: SpanKind.PRODUCER,
    attributes: { 'messaging.system': 'in-process', 'messaging.destination.name': exchange, 'messaging.rabbitmq.destination.routing_key': routingKey },
  });
  const ctx = trace.setSpan(context.active(), span);
  propagation.inject(ctx, headers);
  try {
    return context.with(ctx, work);
  } finally {
    span.end();
  }
}

export async function withConsumeSpan<T>(queue: string, headers: Record<string, unknown>, work: () => Promise<T>): Promise<T> {
  const parent: Context = propagation.extract(context.active(), headers);
  const span = tracer.startSpan(`${queue} process`, {
    kind: SpanKind.CONSUMER,
    attributes: { 'messaging.system': 'in-process', 'messaging.destination.name': queue, 'messaging.operation': 'process' },
  }, parent);
  try {
    return await context.with(trace.setSpan(parent, span), work);
  } catch (error) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
    throw error;
  } finally {
    span.end();
  }
}
