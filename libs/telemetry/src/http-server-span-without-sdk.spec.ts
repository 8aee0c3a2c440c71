/**
 * Without a tracer provider (OTEL_SDK_DISABLED=true, or a test that registers none) a request still
 * gets trace ids: its log lines and its traceresponse name one trace a client can quote.
 */
import { EventEmitter } from 'node:events';
import type * as http from 'node:http';
import { Writable } from 'node:stream';
import { context, propagation, trace, TraceFlags } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { httpServerSpans } from './http-server-span';
import { createLogger } from './logger';

beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
});
afterAll(() => {
  propagation.disable();
  context.disable();
});

const request = (headers: Record<string, string> = {}) =>
  ({ url: '/v1/events', method: 'POST', headers, httpVersion: '1.1' }) as unknown as http.IncomingMessage;
const response = () => Object.assign(new EventEmitter(), { writableFinished: true, statusCode: 200 }) as unknown as http.ServerResponse;

describe('httpServerSpans without a tracer provider', () => {
  it("gives a request without a caller's trace ids of its own, not sampled, different per request", () => {
    const spans = httpServerSpans();
    const [a, b] = [request(), request()];
    spans.start(a, response(), () => undefined);
    spans.start(b, response(), () => undefined);
    const ids = spans.traceOf(a)!;
    expect(ids.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(ids.traceId).not.toBe('0'.repeat(32));
    expect(ids.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(ids.traceFlags).toBe(TraceFlags.NONE);
    expect(spans.traceOf(b)!.traceId).not.toBe(ids.traceId);
  });

  it("keeps the caller's trace, and every log line in the request, info included, carries trace_id and span_id", () => {
    const spans = httpServerSpans();
    const traceId = 'c'.repeat(32);
    const incoming = request({ traceparent: `00-${traceId}-${'d'.repeat(16)}-01` });
    const lines: Record<string, unknown>[] = [];
    const logger = createLogger('unit', {
      level: 'debug',
      destination: new Writable({
        write(chunk, _enc, done) {
          lines.push(JSON.parse(String(chunk)));
          done();
        },
      }),
    });
    spans.start(incoming, response(), () => undefined);
    expect(spans.traceOf(incoming)!.traceId).toBe(traceId);
    spans.activate(incoming, response(), () => {
      logger.info('at info');
      logger.debug('at debug');
      logger.error('at error');
    });
    expect(lines.map((l) => [l.msg, l.trace_id, typeof l.span_id])).toEqual([
      ['at info', traceId, 'string'],
      ['at debug', traceId, 'string'],
      ['at error', traceId, 'string'],
    ]);
  });

  it('writes no ids of an invalid span context (all zeros)', () => {
    const lines: Record<string, unknown>[] = [];
    const logger = createLogger('unit', {
      destination: new Writable({
        write(chunk, _enc, done) {
          lines.push(JSON.parse(String(chunk)));
          done();
        },
      }),
    });
    context.with(
      trace.setSpan(context.active(), trace.wrapSpanContext({ traceId: '0'.repeat(32), spanId: '0'.repeat(16), traceFlags: 0 })),
      () => logger.info('outside'),
    );
    expect(lines[0]).not.toHaveProperty('trace_id');
  });
});
