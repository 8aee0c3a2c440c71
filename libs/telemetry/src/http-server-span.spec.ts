import { EventEmitter } from 'node:events';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { httpServerSpans, traceResponseValue } from './http-server-span';
import { redactQuery } from './redaction';

const exporter = new InMemorySpanExporter();
// A context manager (AsyncLocalStorage) and the W3C propagator, as the services' SDK registers them.
new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }).register();

const ROUTES: Record<string, string> = { '/v1/events': '/v1/events', '/v1/recommendations': '/v1/recommendations' };

/** start -> a body read through stream events (like a JSON body parser) -> activate -> handler. */
function server(): http.Server {
  const spans = httpServerSpans({
    ignore: (path) => path === '/healthz',
    routeOf: (request) => ROUTES[(request.url ?? '').split('?')[0]!],
  });
  return http.createServer((request, response) => {
    spans.start(request, response, () => {
      const chunks: Buffer[] = [];
      request.on('data', (c: Buffer) => chunks.push(c));
      request.on('end', () =>
        spans.activate(request, response, async () => {
          await new Promise((r) => setTimeout(r, 2));
          const active = trace.getActiveSpan()?.spanContext();
          response.statusCode = request.url?.startsWith('/boom') ? 503 : 200;
          response.end(
            JSON.stringify({ traceId: active?.traceId ?? null, spanId: active?.spanId ?? null, body: Buffer.concat(chunks).length }),
          );
        }),
      );
    });
  });
}

let srv: http.Server;
let base: string;
beforeAll(async () => {
  srv = server();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(srv.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => srv.close(() => r())));
beforeEach(() => exporter.reset());

async function spansAfter(run: () => Promise<unknown>) {
  exporter.reset();
  await run();
  await new Promise((r) => setTimeout(r, 20));
  return exporter.getFinishedSpans();
}

describe('httpServerSpans', () => {
  it('opens a server span per request, child of the caller, active in the handler after the body and an await', async () => {
    const traceId = 'a'.repeat(32);
    let seen: { traceId: string; spanId: string } | undefined;
    const [span, ...others] = await spansAfter(async () => {
      const res = await fetch(`${base}/v1/events`, {
        method: 'POST',
        body: '{"events":[]}',
        headers: { traceparent: `00-${traceId}-${'b'.repeat(16)}-01`, 'content-type': 'application/json' },
      });
      seen = (await res.json()) as { traceId: string; spanId: string };
    });
    expect(others).toEqual([]);
    expect(span!.name).toBe('POST /v1/events');
    expect(span!.kind).toBe(SpanKind.SERVER);
    expect(span!.spanContext().traceId).toBe(traceId);
    expect(span!.parentSpanContext?.spanId).toBe('b'.repeat(16));
    expect(seen).toMatchObject({ traceId, spanId: span!.spanContext().spanId });
    expect(span!.attributes).toMatchObject({
      'http.request.method': 'POST',
      'http.route': '/v1/events',
      'url.path': '/v1/events',
      'http.response.status_code': 200,
    });
    expect(span!.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('never puts a personal id on a span: the query is kept with those values redacted', async () => {
    const [span] = await spansAfter(() => fetch(`${base}/v1/recommendations?productId=p1&sessionId=secret-s&userId=secret-u&limit=5`));
    expect(span!.attributes['url.query']).toBe('productId=p1&sessionId=REDACTED&userId=REDACTED&limit=5');
    expect(JSON.stringify(span!.attributes)).not.toMatch(/secret/);
  });

  it('marks a 5xx as an error, starts a trace when the caller sends none, and skips ignored paths', async () => {
    const [failed] = await spansAfter(() => fetch(`${base}/boom`));
    expect(failed!.name).toBe('GET'); // no route matched: the method alone, as the conventions say
    expect(failed!.status.code).toBe(SpanStatusCode.ERROR);
    expect(failed!.attributes['http.response.status_code']).toBe(503);
    expect(failed!.parentSpanContext).toBeUndefined();
    expect(await spansAfter(() => fetch(`${base}/healthz`))).toEqual([]);
  });
});

describe('traceOf and traceResponseValue', () => {
  it('name the span of a request as W3C traceresponse; an ignored path gets unsampled ids of its own', () => {
    const spans = httpServerSpans({ ignore: (path) => path === '/healthz' });
    const request = { url: '/v1/events', method: 'POST', headers: {}, httpVersion: '1.1' } as unknown as http.IncomingMessage;
    const response = Object.assign(new EventEmitter(), { writableFinished: true, statusCode: 200 }) as unknown as http.ServerResponse;
    spans.start(request, response, () => undefined);
    const ids = spans.traceOf(request)!;
    expect(traceResponseValue(ids)).toMatch(new RegExp(`^00-${ids.traceId}-${ids.spanId}-01$`));
    const health = { url: '/healthz', method: 'GET', headers: {}, httpVersion: '1.1' } as unknown as http.IncomingMessage;
    spans.start(health, response, () => undefined);
    expect(spans.traceOf(health)).toMatchObject({ traceId: expect.stringMatching(/^[0-9a-f]{32}$/), traceFlags: 0 });
    expect(spans.traceOf(health)!.traceId).not.toBe(ids.traceId);
    response.emit('finish');
  });
});

describe('redactQuery', () => {
  it('redacts by name, also when the name is escaped, and leaves the rest byte for byte', () => {
    expect(redactQuery('a=1&sessionId=x&email=me%40x.org&b')).toBe('a=1&sessionId=REDACTED&email=REDACTED&b');
    expect(redactQuery('user%49d=x&sig=abc')).toBe('user%49d=REDACTED&sig=REDACTED');
    expect(redactQuery('%E0%A4%A=1')).toBe('%E0%A4%A=1');
    expect(redactQuery('UserId=u&EMAIL=e&signature=s&productId=p')).toBe('UserId=REDACTED&EMAIL=REDACTED&signature=REDACTED&productId=p');
  });
});
