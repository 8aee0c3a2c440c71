/**
 * The gateway's edge against hostile or broken input (issue 13, "the edge parses defensively"), over
 * real HTTP: compressed bodies that are not what they claim, deep nesting, oversized bodies announced
 * with or without Expect: 100-continue, clients that leave mid-body, and the error shape on every
 * refusal. Behind it a real collector on the in-process bus, so accepted bodies get their 202.
 */
import * as http from 'node:http';
import * as net from 'node:net';
import * as zlib from 'node:zlib';
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { context, propagation } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { InProcessBus } from '@shelflife/bus';
import { createLogger, metrics } from '@shelflife/telemetry';
import { start as startCollector, type CollectorHandle, loadCollectorConfig } from '@shelflife/event-collector';
import { start, type GatewayHandle } from './app';
import { loadGatewayConfig } from './config';

const quiet = { LOG_LEVEL: 'silent', SHELFLIFE_GRPC_PORT: '0', STORE_DIR: ':memory:' };
const MAX_BODY = 1_048_576;

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  continued: boolean;
}
interface ErrorShape {
  error: { code: string; message: string; details: unknown[] };
}

describe('storefront-gateway edge parsing', () => {
  let bus: InProcessBus;
  let collector: CollectorHandle;
  let gateway: GatewayHandle;
  let port: number;
  const logLines: { level: string; msg: string; trace_id?: string }[] = [];

  beforeAll(async () => {
    // So the gateway's log lines carry the caller's trace id (what main.ts's instrument.ts sets up).
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    bus = new InProcessBus({ logger: pino({ level: 'silent' }) });
    collector = await startCollector(loadCollectorConfig(quiet), { bus, withAdmin: false });
    const logger = createLogger('storefront-gateway', {
      level: 'debug',
      destination: {
        write: (line: string) => {
          logLines.push(JSON.parse(line));
        },
      },
    });
    gateway = await start(
      loadGatewayConfig({
        ...quiet,
        SHELFLIFE_HTTP_PORT: '0',
        SHELFLIFE_ACK_DEADLINE_MS: '2000',
        SHELFLIFE_MAX_BODY_BYTES: String(MAX_BODY),
        SHELFLIFE_ACCESS_LOG_PER_SEC: '1000000',
        SHELFLIFE_COLLECTOR_ADDR: `127.0.0.1:${collector.grpcPort}`,
        SHELFLIFE_SCORER_ADDR: '127.0.0.1:1',
      }),
      { withAdmin: false, logger },
    );
    port = gateway.httpPort;
  });

  afterAll(async () => {
    await gateway.stop();
    await collector.stop();
    await bus.close();
    propagation.disable();
    context.disable();
  });

  const event = (overrides: Record<string, unknown> = {}) => ({
    eventId: randomUUID(),
    type: 'view',
    sessionId: 's-edge',
    productId: 'p-1',
    occurredAt: new Date().toISOString(),
    source: 'web',
    ...overrides,
  });

  /** One request over node:http, the body sent only after 100 Continue when Expect asks for it. */
  function send(options: { method?: string; path?: string; headers?: Record<string, string>; body?: Buffer | string }): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const { method = 'POST', path = '/v1/events', headers = {}, body } = options;
      const request = http.request({ host: '127.0.0.1', port, method, path, headers, agent: false });
      let continued = false;
      request.on('continue', () => {
        continued = true;
        request.end(body);
      });
      request.on('response', (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks).toString('utf8'), continued }),
        );
      });
      request.on('error', reject);
      if (headers.expect) request.flushHeaders();
      else request.end(body);
    });
  }

  const json = (body: unknown, headers: Record<string, string> = {}) => ({
    headers: { 'content-type': 'application/json', ...headers },
    body: Buffer.from(JSON.stringify(body)),
  });

  function expectErrorShape(answer: Answer, status: number, code: string): ErrorShape['error'] {
    expect({ status: answer.status, type: answer.headers['content-type'] }).toEqual({ status, type: 'application/json; charset=utf-8' });
    const { error } = JSON.parse(answer.body) as ErrorShape;
    expect(error.code).toBe(code);
    expect(error.message.length).toBeGreaterThan(20); // what was wrong and what to do: checked case by case below
    expect(Array.isArray(error.details)).toBe(true);
    return error;
  }

  async function clientClosedCount(): Promise<number> {
    const values = (await metrics().httpRequests.get()).values;
    return values
      .filter((v) => v.metricName === 'shelflife_http_request_duration_seconds_count' && v.labels.status === '499')
      .reduce((sum, v) => sum + v.value, 0);
  }

  describe('compressed bodies', () => {
    it.each([
      ['gzip', zlib.gzipSync],
      ['deflate', zlib.deflateSync],
      ['br', zlib.brotliCompressSync],
    ] as const)('accepts a %s body', async (encoding, compress) => {
      const answer = await send({
        headers: { 'content-type': 'application/json', 'content-encoding': encoding },
        body: compress(JSON.stringify(event())),
      });
      expect(answer.status).toBe(202);
    });

    it.each(['gzip', 'deflate', 'br'])('refuses a body that is not valid %s with 400 INVALID_BODY, not a 500', async (encoding) => {
      const answer = await send({
        headers: { 'content-type': 'application/json', 'content-encoding': encoding },
        body: JSON.stringify(event()),
      });
      const error = expectErrorShape(answer, 400, 'INVALID_BODY');
      expect(error.message).toContain(`not valid ${encoding}`);
      expect(logLines.filter((l) => l.level === 'error')).toEqual([]);
    });

    it('refuses a gzip body that is truncated', async () => {
      const whole = zlib.gzipSync(JSON.stringify(event()));
      expectErrorShape(
        await send({
          headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
          body: whole.subarray(0, whole.length - 8),
        }),
        400,
        'INVALID_BODY',
      );
    });

    it('applies the body limit to the decompressed size (a small gzip that inflates past it)', async () => {
      const bomb = zlib.gzipSync(JSON.stringify(event({ padding: 'x'.repeat(2 * MAX_BODY) })));
      expect(bomb.length).toBeLessThan(MAX_BODY / 100);
      const error = expectErrorShape(
        await send({ headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: bomb }),
        413,
        'PAYLOAD_TOO_LARGE',
      );
      expect(error.message).toContain('once decompressed');
    });

    it('refuses an unknown Content-Encoding with 415 naming it', async () => {
      const error = expectErrorShape(
        await send({ headers: { 'content-type': 'application/json', 'content-encoding': 'compress' }, body: '{}' }),
        415,
        'UNSUPPORTED_ENCODING',
      );
      expect(error.message).toContain('"compress"');
    });
  });

  describe('nesting depth', () => {
    const nested = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;

    it('accepts a batch with unknown nested fields up to 8 levels deep', async () => {
      // {events:[{extra:{a:{b:{c:{d:[1]}}}}}]}: 8 levels.
      const answer = await send(json({ events: [event({ extra: { a: { b: { c: { d: [1] } } } } })] }));
      expect(answer.status).toBe(202);
    });

    it('refuses one level more with 400 JSON_TOO_DEEP naming the limit', async () => {
      const error = expectErrorShape(
        await send(json({ events: [event({ extra: { a: { b: { c: { d: [[1]] } } } } })] })),
        400,
        'JSON_TOO_DEEP',
      );
      expect(error.message).toContain('deeper than 8 levels');
    });

    it('does not count brackets inside strings', async () => {
      expect((await send(json(event({ productId: '[[[[[[[[[[{{{{{{{{{{"' })))).status).toBe(202);
    });

    it('refuses deep nesting inside a gzip body too', async () => {
      const answer = await send({
        headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
        body: zlib.gzipSync(nested(500_000)),
      });
      expectErrorShape(answer, 400, 'JSON_TOO_DEEP');
    });

    it('answers twenty concurrent 1 MB bodies of "[[[[" each with 400, and stays responsive', async () => {
      const attack = Buffer.alloc(MAX_BODY - 1, '[');
      const answers = await Promise.all(
        Array.from({ length: 20 }, () => send({ headers: { 'content-type': 'application/json' }, body: attack })),
      );
      expect(answers.map((a) => a.status)).toEqual(Array.from({ length: 20 }, () => 400));
      expect((JSON.parse(answers[0]!.body) as ErrorShape).error.code).toBe('JSON_TOO_DEEP');
      expect((await send({ method: 'GET', path: '/healthz' })).status).toBe(200);
    });
  });

  describe('declared sizes over the limit', () => {
    it('answers Expect: 100-continue with 413 (not 100 Continue) when Content-Length is over the limit', async () => {
      const answer = await send({
        headers: { 'content-type': 'application/json', 'content-length': String(MAX_BODY * 10), expect: '100-continue' },
        body: Buffer.alloc(MAX_BODY * 10, ' '),
      });
      expect(answer.continued).toBe(false);
      const error = expectErrorShape(answer, 413, 'PAYLOAD_TOO_LARGE');
      expect(error.message).toContain(`${MAX_BODY * 10} bytes`);
      expect(answer.headers.connection).toBe('close');
    });

    it('still answers 100 Continue for a body within the limit, and accepts it', async () => {
      const body = Buffer.from(JSON.stringify(event()));
      const answer = await send({
        headers: { 'content-type': 'application/json', 'content-length': String(body.length), expect: '100-continue' },
        body,
      });
      expect(answer).toMatchObject({ continued: true, status: 202 });
    });

    it('answers 413 to an oversized Content-Length without Expect before the body is sent', async () => {
      // Only the headers and a few bytes go out: an answer that waited for the whole body would never come.
      const answer = await new Promise<Answer>((resolve, reject) => {
        const request = http.request({
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/v1/events',
          agent: false,
          headers: { 'content-type': 'application/json', 'content-length': String(MAX_BODY * 100) },
        });
        request.on('response', (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            request.destroy();
            resolve({
              status: response.statusCode!,
              headers: response.headers,
              body: Buffer.concat(chunks).toString('utf8'),
              continued: false,
            });
          });
        });
        request.on('error', reject);
        request.write('{"events":[');
      });
      expectErrorShape(answer, 413, 'PAYLOAD_TOO_LARGE');
    });
  });

  describe('clients that leave mid-body', () => {
    it.each<[string, Record<string, string>]>([
      ['plain JSON', {}],
      ['gzip', { 'content-encoding': 'gzip' }],
    ])(
      'are counted as 499 and get their access line at info with their trace id, never an error or warn line (%s)',
      async (_what, extraHeaders) => {
        const before = await clientClosedCount();
        const traceId = randomUUID().replace(/-/g, '');
        const linesBefore = logLines.length;
        const partial = extraHeaders['content-encoding']
          ? zlib.gzipSync(JSON.stringify(event({ padding: randomUUID().repeat(500) }))).subarray(0, 200)
          : Buffer.from('{"events":[');
        await new Promise<void>((resolve) => {
          const request = http.request({
            host: '127.0.0.1',
            port,
            method: 'POST',
            path: '/v1/events',
            agent: false,
            headers: {
              'content-type': 'application/json',
              'content-length': '5000',
              traceparent: `00-${traceId}-00f067aa0ba902b7-01`,
              ...extraHeaders,
            },
          });
          request.on('error', () => resolve());
          request.write(partial, () => setTimeout(() => request.destroy(), 100));
        });
        const deadline = Date.now() + 5_000;
        while ((await clientClosedCount()) === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
        expect((await clientClosedCount()) - before).toBe(1);
        await new Promise((r) => setTimeout(r, 100)); // room for an error line, were one coming
        const lines = logLines.slice(linesBefore);
        expect(lines.filter((l) => l.level === 'error' || l.level === 'warn')).toEqual([]);
        expect(lines).toEqual([
          expect.objectContaining({
            level: 'info',
            status: 499,
            route: '/v1/events',
            bodyComplete: false,
            trace_id: traceId,
            msg: expect.stringContaining('499: the client closed the connection'),
          }),
        ]);
      },
    );
  });

  describe('every refusal has the error shape', () => {
    const eventBody = () => JSON.stringify(event());
    it.each([
      ['an unknown route', { method: 'GET', path: '/v2/nothing' }, 404, 'NOT_FOUND', /no route \/v2\/nothing; see POST \/v1\/events/],
      ['an unknown route with a body', { path: '/v2/nothing', ...json({}) }, 404, 'NOT_FOUND', /no route/],
      [
        'GET on the events route',
        { method: 'GET', path: '/v1/events' },
        405,
        'METHOD_NOT_ALLOWED',
        /GET is not supported on \/v1\/events; use POST/,
      ],
      ['POST on the recommendations route', { path: '/v1/recommendations', ...json({}) }, 405, 'METHOD_NOT_ALLOWED', /use GET, HEAD/],
      ['DELETE on a health check', { method: 'DELETE', path: '/healthz' }, 405, 'METHOD_NOT_ALLOWED', /DELETE is not supported/],
      [
        'a text body',
        { headers: { 'content-type': 'text/plain' }, body: eventBody() },
        415,
        'UNSUPPORTED_MEDIA_TYPE',
        /"text\/plain" is not accepted; send the events as application\/json/,
      ],
      [
        'a charset other than UTF-8',
        { headers: { 'content-type': 'application/json; charset=latin1' }, body: eventBody() },
        415,
        'UNSUPPORTED_ENCODING',
        /"latin1" is not supported; send the JSON as UTF-8/,
      ],
      [
        'malformed JSON',
        { headers: { 'content-type': 'application/json' }, body: '{"type": "view",' },
        400,
        'INVALID_JSON',
        /not valid JSON/,
      ],
      [
        'a body over the limit',
        { headers: { 'content-type': 'application/json' }, body: JSON.stringify(event({ padding: 'x'.repeat(MAX_BODY) })) },
        413,
        'PAYLOAD_TOO_LARGE',
        /over the limit of 1048576; send fewer events/,
      ],
      [
        'an Expect other than 100-continue',
        { headers: { 'content-type': 'application/json', expect: 'something-else' }, body: eventBody() },
        417,
        'EXPECTATION_FAILED',
        /something-else is not supported/,
      ],
      ['bad recommendation parameters', { method: 'GET', path: '/v1/recommendations?limit=0' }, 400, 'INVALID_QUERY', /limit must be/],
    ] as const)('%s', async (_what, request: Parameters<typeof send>[0], status, code, message) => {
      const answer = await send(request);
      expect(expectErrorShape(answer, status, code).message).toMatch(message);
      if (status === 405) expect(answer.headers.allow).toMatch(/GET|POST/);
      // Every answer names its trace (issue 15), the server's own 417 included.
      expect(answer.headers.traceresponse).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/);
    });

    it('malformed HTTP gets 400 BAD_REQUEST with the shape, not a bare status line', async () => {
      const raw = await new Promise<string>((resolve, reject) => {
        const socket = net.connect(port, '127.0.0.1', () =>
          socket.write('POST /v1/events HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n'),
        );
        let received = '';
        socket.on('data', (chunk) => {
          received += chunk.toString('utf8');
        });
        socket.on('end', () => resolve(received));
        socket.on('error', reject);
      });
      expect(raw).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
      const { error } = JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4)) as ErrorShape;
      expect(error.code).toBe('BAD_REQUEST');
      expect(error.message).toContain('HPE_');
    });
  });
});
