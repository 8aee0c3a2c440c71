import { metrics } from '@shelflife/telemetry';
import { startAdminServer } from './admin-server';
import { Readiness } from './readiness';

describe('admin server', () => {
  it('tells the truth: alive always, ready only when every dependency answers, metrics by Prometheus conventions', async () => {
    let brokerUp = true;
    const readiness = new Readiness()
      .add('broker', () => {
        if (!brokerUp) throw new Error('message broker not connected');
      })
      .add('slow store', () => new Promise<void>((resolve) => setTimeout(resolve, 5)));
    const m = metrics();
    m.events.inc({ stage: 'collector', outcome: 'accepted' }, 3);
    m.freshness.observe({ consumer: 'scorer' }, 0.004);
    const admin = await startAdminServer(0, readiness, m.registry, '127.0.0.1');
    const base = `http://127.0.0.1:${admin.port}`;
    try {
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
      brokerUp = false;
      const notReady = await fetch(`${base}/readyz`);
      expect(notReady.status).toBe(503);
      expect(await notReady.json()).toMatchObject({
        ready: false,
        checks: { broker: { ok: false, error: 'message broker not connected' }, 'slow store': { ok: true } },
        error: { code: 'NOT_READY', details: [{ field: 'broker', problem: 'message broker not connected' }] },
      });
      expect((await fetch(`${base}/healthz`)).status).toBe(200); // liveness does not flap with a dependency
      const text = await (await fetch(`${base}/metrics`)).text();
      expect(text).toMatch(/^shelflife_events_total\{stage="collector",outcome="accepted"\} 3$/m);
      expect(text).toMatch(/^shelflife_freshness_seconds_bucket\{le="0.005",consumer="scorer"\} 1$/m);
      expect(text).toMatch(/^process_cpu_user_seconds_total /m);
      brokerUp = true;
      readiness.startDraining();
      expect(await (await fetch(`${base}/readyz`)).json()).toMatchObject({ ready: false, checks: { draining: { ok: false } } });
      expect((await fetch(`${base}/nope`)).status).toBe(404);
    } finally {
      await admin.close();
    }
  });

  it('times out a dependency that does not answer', async () => {
    const readiness = new Readiness().add('hung', () => new Promise<void>(() => undefined));
    const report = await readiness.report(50);
    expect(report).toMatchObject({ ready: false, checks: { hung: { ok: false, error: 'hung did not answer within 50 ms' } } });
  });
});
