/**
 * The gateway's public surface (issue 15), over real HTTP with a real collector behind it (in-process
 * bus): ingest keys (401, 403, the key setting the source, rotation without a restart, a malformed
 * file keeping the last good keys), rate limits per key and per address (429 with Retry-After),
 * CORS and security headers, public answers without internal text (503 and /readyz), the access log
 * with trace ids, and `traceresponse` on every answer.
 */
import { createHash, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import pino from 'pino';
import { context, propagation } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { InProcessBus, decodeEnvelopes } from '@shelflife/bus';
import { createLogger, metrics } from '@shelflife/telemetry';
import { start as startCollector, type CollectorHandle, loadCollectorConfig } from '@shelflife/event-collector';
import { start, type GatewayHandle } from './app';
import { loadGatewayConfig } from './config';

const quiet = { LOG_LEVEL: 'silent', SHELFLIFE_GRPC_PORT: '0', STORE_DIR: ':memory:' };
const sha256 = (key: string) => createHash('sha256').update(key).digest('hex');
const TRACE_RESPONSE = /^00-([0-9a-f]{32})-([0-9a-f]{16})-0[01]$/;
const SHOP = 'https://shop.example.com';

interface LogLine {
  level: string;
  msg: string;
  trace_id?: string;
  span_id?: string;
  [field: string]: unknown;
}
interface ErrorShape {
  error: { code: string; message: string; details: { index?: number; field?: string; problem: string }[] };
}

const KEYS = { web: `web-${randomUUID()}`, webNext: `web-${randomUUID()}`, app: `app-${randomUUID()}`, partner: `partner-${randomUUID()}` };
const keysFile = (webKeys: string[]) =>
  [
    '# source  sha256 of the key',
    ...webKeys.map((key) => `web ${sha256(key)}`),
    `app    ${sha256(KEYS.app)}   # the mobile app`,
    '',
    `partner ${sha256(KEYS.partner).toUpperCase()}`,
  ].join('\n');

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, ms = 5_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('storefront-gateway public surface (issue 15)', () => {
  let dir: string;
  let bus: InProcessBus;
  let collector: CollectorHandle | undefined;
  let gateway: GatewayHandle;
  let limited: GatewayHandle;
  let url: string;
  let limitedUrl: string;
  const logLines: LogLine[] = [];
  const limitedLogLines: LogLine[] = [];
  const archived = new Map<string, string>();

  beforeAll(async () => {
    // So the gateway's log lines carry the request's trace id (what main.ts's instrument.ts sets up).
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shelflife-keys-'));
    fs.writeFileSync(path.join(dir, 'keys'), keysFile([KEYS.web]));
    fs.writeFileSync(path.join(dir, 'limited-keys'), keysFile([KEYS.web]));
    bus = new InProcessBus({ logger: pino({ level: 'silent' }) });
    // What the pipeline receives: the source each event was archived with.
    await bus.consume(bus.topology.queues.archiveEvents, async (message) => {
      const decoded = decodeEnvelopes(message);
      if (decoded.ok) for (const envelope of decoded.envelopes) archived.set(envelope.eventId, envelope.event.source);
      return { action: 'ack' as const };
    });
    collector = await startCollector(loadCollectorConfig(quiet), { bus, withAdmin: false });
    const capture = (lines: LogLine[]) =>
      createLogger('storefront-gateway', {
        level: 'debug',
        destination: {
          write: (line: string) => {
            lines.push(JSON.parse(line));
          },
        },
      });
    const common = {
      ...quiet,
      SHELFLIFE_HTTP_PORT: '0',
      SHELFLIFE_ACK_DEADLINE_MS: '1000',
      SHELFLIFE_COLLECTOR_ADDR: `127.0.0.1:${collector.grpcPort}`,
      SHELFLIFE_SCORER_ADDR: '127.0.0.1:1',
    };
    gateway = await start(
      loadGatewayConfig({
        ...common,
        SHELFLIFE_ADMIN_PORT: '0',
        SHELFLIFE_INGEST_KEYS_FILE: path.join(dir, 'keys'),
        SHELFLIFE_CORS_ORIGINS: `${SHOP}, https://m.shop.example.com`,
        SHELFLIFE_ACCESS_LOG_PER_SEC: '1000000',
      }),
      { logger: capture(logLines) },
    );
    limited = await start(
      loadGatewayConfig({
        ...common,
        SHELFLIFE_INGEST_KEYS_FILE: path.join(dir, 'limited-keys'),
        SHELFLIFE_TRUST_PROXY: 'loopback',
        SHELFLIFE_RATE_LIMIT_KEY_PER_SEC: '1',
        SHELFLIFE_RATE_LIMIT_KEY_BURST: '2',
        SHELFLIFE_RATE_LIMIT_ADDRESS_PER_SEC: '1',
        SHELFLIFE_RATE_LIMIT_ADDRESS_BURST: '3',
        SHELFLIFE_ACCESS_LOG_PER_SEC: '1',
        SHELFLIFE_ACCESS_LOG_SAMPLE_RATIO: '0',
      }),
      { withAdmin: false, logger: capture(limitedLogLines) },
    );
    url = `http://127.0.0.1:${gateway.httpPort}`;
    limitedUrl = `http://127.0.0.1:${limited.httpPort}`;
  });

  afterAll(async () => {
    await gateway.stop();
    await limited.stop();
    await collector?.stop();
    await bus.close();
    fs.rmSync(dir, { recursive: true, force: true });
    propagation.disable();
    context.disable();
  });

  const event = (overrides: Record<string, unknown> = {}) => ({
    eventId: randomUUID(),
    type: 'view',
    sessionId: 's-public',
    productId: 'p-1',
    occurredAt: new Date().toISOString(),
    source: 'web',
    ...overrides,
  });
  const post = (body: unknown, headers: Record<string, string> = {}, base = url) =>
    fetch(`${base}/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

  describe('ingest keys', () => {
    it('refuses a POST without a key with 401 MISSING_KEY and WWW-Authenticate, before reading the body', async () => {
      const response = await post(event());
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer realm=/);
      const { error } = (await response.json()) as ErrorShape;
      expect(error).toMatchObject({ code: 'MISSING_KEY', details: [] });
      expect(error.message).toMatch(/Authorization: Bearer <key>/);
      const wrongScheme = await post(event(), { authorization: `Basic ${Buffer.from(`web:${KEYS.web}`).toString('base64')}` });
      expect(wrongScheme.status).toBe(401);
    });

    it('refuses an unknown key with 401 INVALID_KEY', async () => {
      const response = await post(event(), bearer(`web-${randomUUID()}`));
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/error="invalid_token"/);
      expect(((await response.json()) as ErrorShape).error.code).toBe('INVALID_KEY');
    });

    it("refuses events naming another source than the key's with 403 SOURCE_MISMATCH naming both, and accepts none of the batch", async () => {
      const ok = event({ source: 'app' });
      const response = await post({ events: [ok, event({ source: 'web' })] }, bearer(KEYS.app));
      expect(response.status).toBe(403);
      const { error } = (await response.json()) as ErrorShape;
      expect(error.code).toBe('SOURCE_MISMATCH');
      expect(error.message).toMatch(/event 1 names source "web", but the key is source "app"'s/);
      expect(error.details).toEqual([{ index: 1, field: 'source', problem: expect.stringContaining('"web"') }]);
      await new Promise((r) => setTimeout(r, 100));
      expect(archived.has(ok.eventId)).toBe(false);
    });

    it('accepts with the right key (202), and the key sets the source of an event that names none', async () => {
      const named = event({ source: 'app' });
      const { source: _none, ...unnamed } = event();
      const response = await post({ events: [named, unnamed] }, bearer(KEYS.app));
      expect(response.status).toBe(202);
      const { eventIds } = (await response.json()) as { eventIds: string[] };
      expect(eventIds[1]).toBe(unnamed.eventId);
      await waitFor('both events archived', async () => (archived.has(named.eventId) && archived.has(unnamed.eventId) ? true : undefined));
      expect(archived.get(named.eventId)).toBe('app');
      expect(archived.get(unnamed.eventId)).toBe('app');
      // Upper-case hex in the file is the same hash.
      expect((await post(event({ source: 'partner' }), bearer(KEYS.partner))).status).toBe(202);
    });

    it('leaves GET /v1/recommendations open (no key), as a storefront page asks it', async () => {
      expect((await fetch(`${url}/v1/recommendations?productId=p-1&limit=3`)).status).toBe(200);
    });

    it('rotates without a restart: a new key works and the removed one fails; a malformed file keeps the keys in force', async () => {
      const file = path.join(dir, 'keys');
      expect((await post(event(), bearer(KEYS.web))).status).toBe(202);
      // Both keys during the overlap, then only the new one.
      fs.writeFileSync(file, keysFile([KEYS.web, KEYS.webNext]));
      await waitFor('the new key to be taken', async () => ((await post(event(), bearer(KEYS.webNext))).status === 202 ? true : undefined));
      expect((await post(event(), bearer(KEYS.web))).status).toBe(202);
      fs.writeFileSync(file, keysFile([KEYS.webNext]));
      await waitFor('the old key to be refused', async () => ((await post(event(), bearer(KEYS.web))).status === 401 ? true : undefined));
      expect((await post(event(), bearer(KEYS.webNext))).status).toBe(202);

      // A file with a bad line: logged with its line, and the keys in force stay.
      const before = logLines.length;
      fs.writeFileSync(file, `web ${sha256(KEYS.web)}\nweb ${KEYS.web}\n`);
      const problem = await waitFor('the error line', async () => logLines.slice(before).find((l) => l.level === 'error'));
      expect(problem.msg).toMatch(
        /ingest keys not reloaded, the previous ones stay in force: .*keys line 2: the second field must be the SHA-256 of the key/,
      );
      expect(problem.msg).not.toContain(KEYS.web);
      expect((await post(event(), bearer(KEYS.webNext))).status).toBe(202);
      expect((await post(event(), bearer(KEYS.web))).status).toBe(401);
      await new Promise((r) => setTimeout(r, 1_500)); // checked again, and logged once only
      expect(logLines.slice(before).filter((l) => l.level === 'error')).toHaveLength(1);

      fs.writeFileSync(file, keysFile([KEYS.web]));
      await waitFor('the restored key', async () => ((await post(event(), bearer(KEYS.web))).status === 202 ? true : undefined));
    }, 20_000);
  });

  describe('rate limits', () => {
    const rateLimited = async (scope: string) => {
      const values = (await metrics().gatewayRateLimited.get()).values;
      return values.find((v) => v.labels.scope === scope)?.value ?? 0;
    };

    it('gives a key its bucket: past it 429 RATE_LIMITED with Retry-After, while another key still gets through', async () => {
      const before = await rateLimited('key');
      // A different client address each time: only the key's bucket is tested here.
      const from = (n: number) => ({ 'x-forwarded-for': `198.51.100.${n}` });
      const statuses = [];
      for (let i = 0; i < 3; i += 1)
        statuses.push(await post(event({ source: 'partner' }), { ...bearer(KEYS.partner), ...from(i) }, limitedUrl));
      expect(statuses.map((r) => r.status)).toEqual([202, 202, 429]);
      const refused = statuses[2]!;
      expect(refused.headers.get('retry-after')).toBe('1');
      const { error } = (await refused.json()) as ErrorShape;
      expect(error.code).toBe('RATE_LIMITED');
      expect(error.message).toMatch(/the key of source "partner" sent more than 1 requests per second \(bursts up to 2\); retry after 1 s/);
      expect((await post(event({ source: 'app' }), { ...bearer(KEYS.app), ...from(10) }, limitedUrl)).status).toBe(202);
      expect(await rateLimited('key')).toBe(before + 1);
      // A token comes back after a second.
      await new Promise((r) => setTimeout(r, 1_100));
      expect((await post(event({ source: 'partner' }), { ...bearer(KEYS.partner), ...from(11) }, limitedUrl)).status).toBe(202);
    });

    it('gives a client address its bucket (X-Forwarded-For from a trusted proxy), on every public route', async () => {
      const before = await rateLimited('address');
      const ask = (address: string) => fetch(`${limitedUrl}/v1/recommendations?productId=p-1`, { headers: { 'x-forwarded-for': address } });
      const statuses = [];
      for (let i = 0; i < 4; i += 1) statuses.push(await ask('203.0.113.7'));
      expect(statuses.map((r) => r.status)).toEqual([200, 200, 200, 429]);
      expect(statuses[3]!.headers.get('retry-after')).toBe('1');
      expect(((await statuses[3]!.json()) as ErrorShape).error).toMatchObject({
        code: 'RATE_LIMITED',
        message: expect.stringMatching(/^your address sent more than 1 requests per second/),
      });
      expect((await ask('203.0.113.8')).status).toBe(200);
      // An IPv6 client is one bucket per /64, whichever address of it it uses.
      for (let i = 1; i <= 3; i += 1) expect((await ask(`2001:db8:1:2::${i}`)).status).toBe(200);
      expect((await ask('2001:db8:1:2:ffff::9')).status).toBe(429);
      // The events route too, before the key is even looked at.
      for (let i = 0; i < 3; i += 1) await post(event(), { 'x-forwarded-for': '203.0.113.9' }, limitedUrl);
      expect((await post(event(), { ...bearer(KEYS.web), 'x-forwarded-for': '203.0.113.9' }, limitedUrl)).status).toBe(429);
      expect(await rateLimited('address')).toBe(before + 3);
      // Health checks are never limited (probes come from one address).
      for (let i = 0; i < 5; i += 1)
        expect((await fetch(`${limitedUrl}/healthz`, { headers: { 'x-forwarded-for': '203.0.113.7' } })).status).toBe(200);
    });

    it('samples the access log above its rate', async () => {
      // From the start of a second: the requests before this test may have had this second's line.
      await new Promise((r) => setTimeout(r, 1_000 - (Date.now() % 1_000) + 20));
      const before = limitedLogLines.length;
      for (let i = 0; i < 6; i += 1) await fetch(`${limitedUrl}/nothing-here`, { headers: { 'x-forwarded-for': `192.0.2.${i}` } });
      await new Promise((r) => setTimeout(r, 50));
      const lines = limitedLogLines.slice(before).filter((l) => l.path === '/nothing-here');
      // One line a second, no sampling beyond it: 1, or 2 if the requests straddled a second.
      expect(lines.length).toBeGreaterThanOrEqual(1);
      expect(lines.length).toBeLessThanOrEqual(2);
    });
  });

  describe('browsers: CORS and security headers', () => {
    it('answers a preflight from a configured origin with the methods and headers it may use', async () => {
      const response = await fetch(`${url}/v1/events`, {
        method: 'OPTIONS',
        headers: {
          origin: SHOP,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization,content-type,traceparent',
        },
      });
      expect(response.status).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe(SHOP);
      expect(response.headers.get('access-control-allow-methods')).toContain('POST');
      expect(response.headers.get('access-control-allow-headers')?.toLowerCase().split(',')).toEqual(
        expect.arrayContaining(['content-type', 'authorization', 'traceparent']),
      );
      expect(response.headers.get('vary')).toMatch(/Origin/);
    });

    it('gives an origin that is not configured no CORS headers, so its browser refuses', async () => {
      const preflight = await fetch(`${url}/v1/events`, {
        method: 'OPTIONS',
        headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
      });
      expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
      const get = await fetch(`${url}/v1/recommendations?productId=p-1`, { headers: { origin: 'https://evil.example' } });
      expect(get.headers.get('access-control-allow-origin')).toBeNull();
    });

    it('lets a page on the origin read answers, refusals included, and their traceresponse', async () => {
      const refused = await post(event(), { origin: 'https://m.shop.example.com' });
      expect(refused.status).toBe(401);
      expect(refused.headers.get('access-control-allow-origin')).toBe('https://m.shop.example.com');
      expect(refused.headers.get('access-control-expose-headers')).toMatch(/traceresponse/);
    });

    it('sends the security headers of a JSON API on every answer', async () => {
      for (const response of [
        await post(event(), bearer(KEYS.web)),
        await fetch(`${url}/nowhere`),
        await fetch(`${url}/v1/recommendations?productId=p-1`),
      ]) {
        const h = response.headers;
        expect({
          csp: h.get('content-security-policy'),
          nosniff: h.get('x-content-type-options'),
          frame: h.get('x-frame-options'),
          referrer: h.get('referrer-policy'),
          cache: h.get('cache-control'),
          poweredBy: h.get('x-powered-by'),
        }).toEqual({
          csp: "default-src 'none';frame-ancestors 'none'",
          nosniff: 'nosniff',
          frame: 'DENY',
          referrer: 'no-referrer',
          cache: 'no-store',
          poweredBy: null,
        });
        expect(h.get('strict-transport-security')).toMatch(/max-age=\d+/);
      }
    });
  });

  describe('traces a person can follow', () => {
    it("names the trace in traceresponse on a 202, a 400 and a 404, the caller's trace when it sent one", async () => {
      const traceId = randomUUID().replace(/-/g, '');
      const answers = [
        await post(event(), { ...bearer(KEYS.web), traceparent: `00-${traceId}-00f067aa0ba902b7-01` }),
        await post({ type: 'view' }, bearer(KEYS.web)),
        await fetch(`${url}/v2/nothing`),
      ];
      expect(answers.map((a) => a.status)).toEqual([202, 400, 404]);
      for (const answer of answers) expect(answer.headers.get('traceresponse')).toMatch(TRACE_RESPONSE);
      expect(TRACE_RESPONSE.exec(answers[0]!.headers.get('traceresponse')!)![1]).toBe(traceId);
      // Without a caller's trace each request gets its own.
      expect(answers[1]!.headers.get('traceresponse')!.slice(3, 35)).not.toBe(answers[2]!.headers.get('traceresponse')!.slice(3, 35));
    });

    it('writes one access line per request at info, with its route, status, duration, bytes, source and trace id', async () => {
      const response = await post(event(), bearer(KEYS.web));
      expect(response.status).toBe(202);
      const [, traceId, spanId] = TRACE_RESPONSE.exec(response.headers.get('traceresponse')!)!;
      const line = await waitFor('the access line', async () => logLines.find((l) => l.trace_id === traceId && l.status === 202));
      expect(line).toMatchObject({
        level: 'info',
        method: 'POST',
        route: '/v1/events',
        path: '/v1/events',
        status: 202,
        duration_ms: expect.any(Number),
        bytes: expect.any(Number),
        request_bytes: expect.any(Number),
        source: 'web',
        key_id: sha256(KEYS.web).slice(0, 12),
        trace_id: traceId,
        span_id: spanId,
        msg: 'POST /v1/events 202',
      });
      expect(logLines.filter((l) => l.trace_id === traceId && typeof l.status === 'number')).toHaveLength(1);
      // The query (personal ids) never reaches the log.
      const recs = await fetch(`${url}/v1/recommendations?productId=p-1&userId=secret-user`);
      const recsTrace = TRACE_RESPONSE.exec(recs.headers.get('traceresponse')!)![1];
      const recsLine = await waitFor('the access line', async () => logLines.find((l) => l.trace_id === recsTrace && l.status === 200));
      expect(JSON.stringify(recsLine)).not.toContain('secret-user');
    });
  });

  describe('public answers carry no internal text (collector stopped: last)', () => {
    it('answers /readyz with ready: true and nothing else while ready', async () => {
      const response = await fetch(`${url}/readyz`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ ready: true });
      expect(response.headers.get('traceresponse')).toMatch(TRACE_RESPONSE);
    });

    it('answers 503 saying what to do and quoting the trace; the cause goes to a warn line with that trace id', async () => {
      await collector!.stop();
      collector = undefined;
      const response = await post(event(), bearer(KEYS.web));
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('2');
      const text = await response.text();
      const { error } = JSON.parse(text) as ErrorShape;
      expect(error.code).toBe('PIPELINE_UNAVAILABLE');
      const traceId = TRACE_RESPONSE.exec(response.headers.get('traceresponse')!)![1]!;
      expect(error.message).toBe(
        `the events were not confirmed by the pipeline; nothing is lost: retry after 2 s with the same eventIds, and if it persists report the trace id (trace ${traceId})`,
      );
      expect(text).not.toMatch(/ECONNREFUSED|No connection|127\.0\.0\.1|UNAVAILABLE:|grpc/i);
      const warn = await waitFor('the warn line', async () => logLines.find((l) => l.level === 'warn' && l.trace_id === traceId));
      expect(warn).toMatchObject({
        msg: 'events not confirmed; answering 503',
        err: expect.stringMatching(/UNAVAILABLE|ECONNREFUSED|No connection/),
      });
      // 5xx always get their access line.
      expect(logLines.find((l) => l.trace_id === traceId && l.status === 503)).toMatchObject({ level: 'info' });
    });

    it('answers the public /readyz with ready: false and NOT_READY, no details; the admin port keeps the report', async () => {
      const response = await fetch(`${url}/readyz`);
      expect(response.status).toBe(503);
      const body = (await response.json()) as { ready: boolean } & ErrorShape;
      expect(body).toEqual({ ready: false, error: { code: 'NOT_READY', message: expect.any(String), details: [] } });
      expect(JSON.stringify(body)).not.toMatch(/collector|127\.0\.0\.1|reachable/);
      const admin = (await (await fetch(`http://127.0.0.1:${gateway.adminPort}/readyz`)).json()) as {
        ready: boolean;
        checks: Record<string, { ok: boolean; error?: string }>;
      };
      expect(admin.ready).toBe(false);
      expect(admin.checks.collector).toMatchObject({ ok: false, error: expect.any(String) });
    });
  });
});
