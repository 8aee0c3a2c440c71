import pino from 'pino';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { propagation } from '@opentelemetry/api';
import { InProcessBus } from './in-process-bus';
import { busContractSuite } from './bus-contract.suite';
import { BusUnavailableError } from './event-bus';

const logger = pino({ level: 'silent' });

busContractSuite('InProcessBus', async (prefix) => {
  const bus = new InProcessBus({ prefix, logger });
  await bus.start();
  return bus;
});

describe('InProcessBus specifics', () => {
  it('refuses publishes beyond its bound, as a full broker would', async () => {
    const bus = new InProcessBus({ logger, maxMessages: 2 });
    await bus.publish({ exchange: bus.topology.exchanges.events, routingKey: 'duplicate.view', body: Buffer.from('1') });
    await bus.publish({ exchange: bus.topology.exchanges.events, routingKey: 'duplicate.view', body: Buffer.from('2') });
    await expect(
      bus.publish({ exchange: bus.topology.exchanges.events, routingKey: 'duplicate.view', body: Buffer.from('3') }),
    ).rejects.toBeInstanceOf(BusUnavailableError);
  });

  it('carries the trace from publish to a stream reader as parent and child', async () => {
    const exporter = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    trace.setGlobalTracerProvider(provider);
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    const bus = new InProcessBus({ logger });
    const processed = new Promise<string>((resolve) => {
      void bus.readStream(bus.topology.streams.scorerEvents, 'first', async () => {
        resolve(trace.getActiveSpan()!.spanContext().traceId);
        return { action: 'ack' };
      });
    });
    const root = provider.getTracer('t').startSpan('http request');
    await context.with(trace.setSpan(context.active(), root), () =>
      bus.publish({ exchange: bus.topology.exchanges.events, routingKey: 'event.view', body: Buffer.from('{}') }),
    );
    root.end();
    expect(await processed).toBe(root.spanContext().traceId);
    await bus.close();
    const spans = exporter.getFinishedSpans();
    const publish = spans.find((s) => s.name.endsWith('publish'))!;
    const consume = spans.find((s) => s.name.endsWith('process'))!;
    expect(consume.parentSpanContext?.spanId).toBe(publish.spanContext().spanId);
    expect(publish.parentSpanContext?.spanId).toBe(root.spanContext().spanId);
  });
});
