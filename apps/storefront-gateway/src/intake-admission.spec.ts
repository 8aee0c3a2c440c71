/** Admission at the door: over either bound a POST gets 503 GATEWAY_OVERLOADED before its body is read. */
import type { AddressInfo } from 'node:net';
import * as http from 'node:http';
import express from 'express';
import { intakeAdmission } from './intake-admission';

async function serve(limits: Parameters<typeof intakeAdmission>[0]) {
  const release: (() => void)[] = [];
  let parsed = 0;
  const admission = intakeAdmission(limits);
  const app = express();
  app.post('/v1/events', admission);
  app.use(express.json({ limit: limits.maxBodyBytes }));
  app.post('/v1/events', (_request, response) => {
    parsed += 1;
    // Held until the test lets it go: a request waiting for its confirms.
    release.push(() => response.status(202).json({ accepted: 1 }));
  });
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/events`;
  return {
    url,
    release,
    admission,
    parsed: () => parsed,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const post = (url: string, body: string) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

describe('intakeAdmission', () => {
  it('refuses the request over the bound at once with GATEWAY_OVERLOADED and Retry-After, and admits again once one finished', async () => {
    const gateway = await serve({ maxPendingRequests: 2, maxPendingBytes: 1_000_000, maxBodyBytes: 10_000 });
    try {
      const held = [post(gateway.url, '{"a":1}'), post(gateway.url, '{"a":2}')];
      while (gateway.release.length < 2) await new Promise((r) => setTimeout(r, 5));
      const refused = await post(gateway.url, '{"a":3}');
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('1');
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('GATEWAY_OVERLOADED');
      expect(gateway.parsed()).toBe(2);
      for (const answer of gateway.release.splice(0)) answer();
      expect((await Promise.all(held)).map((r) => r.status)).toEqual([202, 202]);
      expect(gateway.admission.pending()).toEqual({ requests: 0, bytes: 0 });
      const admitted = post(gateway.url, '{"a":4}');
      while (gateway.release.length < 1) await new Promise((r) => setTimeout(r, 5));
      gateway.release.shift()!();
      expect((await admitted).status).toBe(202);
    } finally {
      await gateway.close();
    }
  });

  it('bounds the bytes of bodies held at once by their declared length', async () => {
    const gateway = await serve({ maxPendingRequests: 100, maxPendingBytes: 3_000, maxBodyBytes: 10_000 });
    try {
      const big = JSON.stringify({ pad: 'x'.repeat(2_000) });
      const held = post(gateway.url, big);
      while (gateway.release.length < 1) await new Promise((r) => setTimeout(r, 5));
      const refused = await post(gateway.url, big);
      expect(refused.status).toBe(503);
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('GATEWAY_OVERLOADED');
      // A small one still fits beside the held body.
      const small = post(gateway.url, '{"a":1}');
      while (gateway.release.length < 2) await new Promise((r) => setTimeout(r, 5));
      for (const answer of gateway.release.splice(0)) answer();
      expect((await held).status).toBe(202);
      expect((await small).status).toBe(202);
    } finally {
      await gateway.close();
    }
  });

  it('releases the slot of a client that hangs up before the answer', async () => {
    const gateway = await serve({ maxPendingRequests: 1, maxPendingBytes: 1_000_000, maxBodyBytes: 10_000 });
    try {
      const aborted = new AbortController();
      const request = fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"b":1}',
        signal: aborted.signal,
      }).catch(() => undefined);
      while (gateway.release.length < 1) await new Promise((r) => setTimeout(r, 5));
      expect(gateway.admission.pending().requests).toBe(1);
      aborted.abort();
      await request;
      // Its handler never answered, yet the slot comes back when the connection closes.
      const until = Date.now() + 2_000;
      while (gateway.admission.pending().requests > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
      expect(gateway.admission.pending()).toEqual({ requests: 0, bytes: 0 });
      gateway.release.shift()!();
      const next = post(gateway.url, '{"a":1}');
      while (gateway.release.length < 1) await new Promise((r) => setTimeout(r, 5));
      gateway.release.shift()!();
      expect((await next).status).toBe(202);
    } finally {
      await gateway.close();
    }
  });
});
