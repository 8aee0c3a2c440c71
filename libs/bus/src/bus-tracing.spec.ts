import { context, propagation, trace, TraceFlags } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { startEventPublishSpan, withEventSpan } from './bus-tracing';

describe('per-event spans of a bundle', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });

  beforeAll(() => {
    trace.setGlobalTracerProvider(provider);
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  });
  beforeEach(() => exporter.reset());

  it('makes each event a producer span in its own trace, and each consumer a child of it', async () => {
    const clicks = [provider.getTracer('t').startSpan('click 1'), provider.getTracer('t').startSpan('click 2')];
    // One with the traceparent it arrived with, one under the active context (a caller that sent none).
    const carrier: Record<string, string> = {};
    propagation.inject(trace.setSpan(context.active(), clicks[0]!), carrier);
    const published = [
      startEventPublishSpan('rabbitmq', 'shelflife.events', carrier.traceparent),
      context.with(trace.setSpan(context.active(), clicks[1]!), () => startEventPublishSpan('rabbitmq', 'shelflife.events', undefined)),
    ];
    for (const p of published) p.end();
    const seenTraces: string[] = [];
    for (const p of published)
      await withEventSpan('rabbitmq', 'shelflife.scorer.events', p.traceparent, async () =>
        seenTraces.push(trace.getActiveSpan()!.spanContext().traceId),
      );
    expect(seenTraces).toEqual(clicks.map((c) => c.spanContext().traceId));
    const spans = exporter.getFinishedSpans();
    const producers = spans.filter((s) => s.name === 'shelflife.events publish');
    const consumers = spans.filter((s) => s.name === 'shelflife.scorer.events process');
    expect(producers.map((s) => s.parentSpanContext?.spanId)).toEqual(clicks.map((c) => c.spanContext().spanId));
    expect(consumers.map((s) => s.parentSpanContext?.spanId)).toEqual(producers.map((s) => s.spanContext().spanId));
  });

  it('spends no span on an unsampled event and passes its context on as it came', () => {
    const arrived = `00-${'a'.repeat(32)}-${'b'.repeat(16)}-00`;
    const published = startEventPublishSpan('rabbitmq', 'shelflife.events', arrived);
    expect(published.traceparent).toBe(arrived);
    published.end();
    const unsampled = trace.wrapSpanContext({ traceId: 'e'.repeat(32), spanId: 'f'.repeat(16), traceFlags: TraceFlags.NONE });
    const underActive = context.with(trace.setSpan(context.active(), unsampled), () =>
      startEventPublishSpan('rabbitmq', 'shelflife.events', undefined),
    );
    expect(underActive.traceparent).toBe(`00-${'e'.repeat(32)}-${'f'.repeat(16)}-00`);
    underActive.end();
    expect(withEventSpan('rabbitmq', 'q', published.traceparent, () => 42)).toBe(42);
    expect(withEventSpan('rabbitmq', 'q', undefined, () => 43)).toBe(43);
    expect(exporter.getFinishedSpans()).toEqual([]);
  });

  it('marks the event span failed when its work throws', () => {
    const traceparent = `00-${'c'.repeat(32)}-${'d'.repeat(16)}-01`;
    expect(() =>
      withEventSpan('rabbitmq', 'q', traceparent, () => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    const [span] = exporter.getFinishedSpans();
    expect(span!.status.message).toBe('boom');
    expect(span!.spanContext().traceId).toBe('c'.repeat(32));
  });
});
