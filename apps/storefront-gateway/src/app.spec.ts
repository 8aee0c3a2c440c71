/**
 * The gateway against a real collector and scorer (in this process, on the in-process bus): the
 * HTTP contract, bad input, idempotency, the 503 path and the recommendation fallback.
 */
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { InProcessBus } from '@shelflife/bus';
import { start as startCollector, type CollectorHandle, loadCollectorConfig } from '@shelflife/event-collector';
import { start as startScorer, type ScorerHandle, loadScorerConfig } from '@shelflife/stream-scorer';
import { start, type GatewayHandle } from './app';
import { loadGatewayConfig } from './config';

const quiet = { LOG_LEVEL: 'silent', SHELFLIFE_GRPC_PORT: '0', STORE_DIR: ':memory:' };

describe('storefront-gateway', () => {
  let bus: InProcessBus;
  let collector: CollectorHandle | undefined;
  let scorer: ScorerHandle | undefined;
  let gateway: GatewayHandle;
  let url: string;

  beforeAll(async () => {
    bus = new InProcessBus({ logger: pino({ level: 'silent' }) });
    collector = await startCollector(loadCollectorConfig(quiet), { bus, withAdmin: false });
    scorer = await startScorer(loadScorerConfig({ ...quiet, SHELFLIFE_SNAPSHOT_INTERVAL_MS: '0' }), { bus, withAdmin: false });
    gateway = await start(
      loadGatewayConfig({
        ...quiet,
        SHELFLIFE_HTTP_PORT: '0',
        SHELFLIFE_ACK_DEADLINE_MS: '1000',
        SHELFLIFE_MAX_BODY_BYTES: '4096',
        SHELFLIFE_MAX_EVENTS_PER_REQUEST: '20',
        SHELFLIFE_COLLECTOR_ADDR: `127.0.0.1:${collector.grpcPort}`,
        SHELFLIFE_SCORER_ADDR: `127.0.0.1:${scorer.grpcPort}`,
      }),
      { withAdmin: false },
    );
    url = `http://127.0.0.1:${gateway.httpPort}`;
  });

  afterAll(async () => {
    await gateway.stop();
    await scorer?.stop();
    await collector?.stop();
    await bus.close();
  });

  const event = (overrides: Record<string, unknown> = {}) => ({
    eventId: randomUUID(),
    type: 'view',
    sessionId: 's-1',
    productId: 'p-1',
    price: { amount: 19.99, currency: 'USD' },
    occurredAt: new Date().toISOString(),
    source: 'web',
    ...overrides,
  });
  const post = (body: unknown, raw = false) =>
    fetch(`${url}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: raw ? (body as string) : JSON.stringify(body),
    });

  it('accepts one event with 202 once the broker confirmed it, and the scorer learns from it', async () => {
    const session = `s-${randomUUID()}`;
    const response = await post({
      events: [event({ sessionId: session, productId: 'phone' }), event({ sessionId: session, productId: 'case', type: 'add_to_cart' })],
    });
    expect(response.status).toBe(202);
    expect(await response.json()).toMatchObject({ accepted: 2, duplicates: 0, rejected: [] });
    const deadline = Date.now() + 5_000;
    let items: { productId: string }[] = [];
    while (Date.now() < deadline) {
      const recs = (await (await fetch(`${url}/v1/recommendations?productId=phone&limit=5`)).json()) as {
        items: { productId: string }[];
        source: string;
      };
      items = recs.items;
      if (items.some((i) => i.productId === 'case')) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(items.map((i) => i.productId)).toContain('case');
  });

  it('refuses events dated ahead of its clock at the door, and they leave the model unchanged (issue 13)', async () => {
    const session = `s-${randomUUID()}`;
    expect(
      (
        await post({
          events: [
            event({ sessionId: session, productId: 'tv' }),
            event({ sessionId: session, productId: 'soundbar', type: 'add_to_cart' }),
          ],
        })
      ).status,
    ).toBe(202);
    const ask = async () =>
      (await (await fetch(`${url}/v1/recommendations?productId=tv&limit=5`)).json()) as { items: { productId: string; score: number }[] };
    let before = await ask();
    const until = Date.now() + 5_000;
    while (!before.items.some((i) => i.productId === 'soundbar') && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 50));
      before = await ask();
    }
    expect(before.items.map((i) => i.productId)).toContain('soundbar');
    for (const occurredAt of [new Date(Date.now() + 365 * 24 * 3600_000).toISOString(), '9999-12-31T23:59:59Z']) {
      const response = await post(event({ sessionId: session, productId: 'tv', occurredAt }));
      expect(response.status).toBe(400);
      const { error } = (await response.json()) as { error: { code: string; details: { field: string; problem: string }[] } };
      expect(error.code).toBe('INVALID_EVENT');
      expect(error.details[0]).toMatchObject({ field: 'occurredAt' });
      expect(error.details[0]!.problem).toMatch(/ahead of the receiving clock/);
    }
    const after = await ask();
    expect(after.items).toEqual(before.items);
    expect(after.items.every((i) => i.score > 0)).toBe(true);
  });

  it('assigns an eventId when the client sent none and returns it for retries', async () => {
    const { eventId: _omitted, ...withoutId } = event();
    const response = await post(withoutId);
    expect(response.status).toBe(202);
    const body = (await response.json()) as { eventIds: string[] };
    expect(body.eventIds[0]).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers a retry with the same eventId as a duplicate, not a second event', async () => {
    const once = event();
    expect((await post(once)).status).toBe(202);
    const again = await post(once);
    expect(again.status).toBe(202);
    expect(await again.json()).toMatchObject({ accepted: 0, duplicates: 1 });
  });

  it.each([
    ['malformed JSON', '{"type": "view",', 400, 'INVALID_JSON'],
    ['a JSON array instead of an object', '[1,2]', 400, 'INVALID_EVENT'],
    [
      'a string where the price amount must be a number',
      JSON.stringify({ ...event(), price: { amount: '19.99', currency: 'USD' } }),
      400,
      'INVALID_EVENT',
    ],
    ['an unknown event type', JSON.stringify({ ...event(), type: 'wishlist' }), 400, 'UNKNOWN_EVENT_TYPE'],
    ['a lower-case currency', JSON.stringify({ ...event(), price: { amount: 1, currency: 'usd' } }), 400, 'INVALID_EVENT'],
    ['a body over the size limit', JSON.stringify({ ...event(), padding: 'x'.repeat(5_000) }), 413, 'PAYLOAD_TOO_LARGE'],
    [
      'more events than allowed in one request',
      JSON.stringify({ events: Array.from({ length: 21 }, () => ({ type: 'view' })) }),
      413,
      'TOO_MANY_EVENTS',
    ],
    ['an empty batch', JSON.stringify({ events: [] }), 400, 'INVALID_EVENT'],
  ])('rejects %s with a clear error', async (_what, body, status, code) => {
    const response = await post(body, true);
    expect(response.status).toBe(status);
    const error = ((await response.json()) as { error: { code: string; message: string; details: unknown[] } }).error;
    expect(error.code).toBe(code);
    expect(error.message.length).toBeGreaterThan(5);
    expect(Array.isArray(error.details)).toBe(true);
  });

  it('names each bad field of a batch and accepts none of it', async () => {
    const response = await post({ events: [event(), event({ quantity: 0 }), event({ occurredAt: 'yesterday' })] });
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as { error: { details: { index: number; field: string }[] } };
    expect(error.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ index: 1, field: 'quantity' }),
        expect.objectContaining({ index: 2, field: 'occurredAt' }),
      ]),
    );
  });

  it('tolerates unknown fields (and hostile keys) without letting them pollute anything', async () => {
    const response = await post(
      '{"eventId":"' + randomUUID() + '","type":"view","sessionId":"s","productId":"p","__proto__":{"polluted":true},"newField":1}',
      true,
    );
    expect(response.status).toBe(202);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses non-JSON content types', async () => {
    const response = await fetch(`${url}/v1/events`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' });
    expect(response.status).toBe(415);
  });

  it('validates recommendation queries', async () => {
    const response = await fetch(`${url}/v1/recommendations?productId=p&limit=1000`);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('INVALID_QUERY');
  });

  it('is alive and ready while the collector answers', async () => {
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
  });

  it('falls back to popular items when the scorer is down', async () => {
    await scorer!.stop();
    scorer = undefined;
    const response = await fetch(`${url}/v1/recommendations?productId=unknown-product&limit=3`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { source: string; items: { productId: string }[]; fallbackReason: string };
    expect(body.source).toBe('fallback');
    expect(body.items.length).toBeGreaterThan(0);
    expect(body.fallbackReason).toMatch(/scorer/);
  });

  it('answers 503 (never hangs) when the collector is down, then stays alive but not ready', async () => {
    await collector!.stop();
    collector = undefined;
    const response = await post(event());
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('2');
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('PIPELINE_UNAVAILABLE');
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect((await fetch(`${url}/readyz`)).status).toBe(503);
  });
});
