import { Writable } from 'node:stream';
import { context, trace } from '@opentelemetry/api';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { createLogger } from './logger';
import { hashId } from './hash';

describe('createLogger', () => {
  it('writes JSON with the service name and the active trace id', () => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    const tracer = new BasicTracerProvider().getTracer('test');
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = createLogger('unit', { destination: sink });
    const span = tracer.startSpan('work');
    context.with(trace.setSpan(context.active(), span), () => logger.info({ n: 1 }, 'hello'));
    span.end();
    const line = JSON.parse(lines[0]!);
    expect(line.service).toBe('unit');
    expect(line.trace_id).toBe(span.spanContext().traceId);
    expect(line.msg).toBe('hello');
  });
});

describe('hashId', () => {
  it('is stable and does not contain the id', () => {
    expect(hashId('user-42')).toBe(hashId('user-42'));
    expect(hashId('user-42')).not.toContain('42');
    expect(hashId('user-42')).not.toBe(hashId('user-43'));
  });
});
