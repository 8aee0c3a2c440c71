import { QualityMonitor } from './quality-monitor';
import { CleanStream } from './testing/clean-stream';
import { feed, raised, scalePrice } from './testing/run-stream';
import { warmMonitor } from './testing/warm-monitor';
import { viewOfGatewayJson } from './view-of-gateway-json';

describe('restart and quarantine', () => {
  it('keeps learned baselines across a snapshot: the restored monitor acts exactly like the original', () => {
    const { monitor, stream } = warmMonitor(31, 20_000);
    const restored = QualityMonitor.fromSnapshot(JSON.parse(JSON.stringify(monitor.toSnapshot())));
    expect(restored.eventsObserved).toBe(monitor.eventsObserved);
    // The same stream again, advanced to the same point, feeds the restored monitor the same faulty events.
    const twin = new CleanStream({ seed: 31 });
    for (let i = 0; i < 20_000; i++) twin.next();
    const original = feed(monitor, stream, 300, (event) => scalePrice(event, 0.92));
    const after = feed(restored, twin, 300, (event) => scalePrice(event, 0.92));
    expect(raised(after, 'price_unit_shift').length).toBeGreaterThan(0);
    expect(after.map((o) => [o.index, o.change.change, o.change.alert.kind])).toEqual(
      original.map((o) => [o.index, o.change.change, o.change.alert.kind]),
    );
  });

  it('keeps the learned time-of-day volume profile across a snapshot', () => {
    // Two days of a daily cycle at 2 events/s (enough for every hour of the profile), then a restart.
    const { monitor, stream } = warmMonitor(34, 380_000, { eventsPerSecond: 2, dailyAmplitude: 0.5, sources: ['web'] });
    const snapshot = JSON.parse(JSON.stringify(monitor.toSnapshot()));
    const restored = QualityMonitor.fromSnapshot(snapshot);
    const twin = new CleanStream({ seed: 34, eventsPerSecond: 2, dailyAmplitude: 0.5, sources: ['web'] });
    for (let i = 0; i < 380_000; i++) twin.next();
    // The source fades to 10 % over half an hour: the 60 s baseline follows it, the learned hour does not.
    const fadeStart = stream.now;
    const fading = (s: CleanStream, m: QualityMonitor): [number, string][] => {
      const out: [number, string][] = [];
      while (s.now < fadeStart + 2400_000) {
        const event = s.next();
        if (s.random() > Math.max(0.1, 1 - (0.9 * (event.ingestedAt - fadeStart)) / 1800_000)) continue;
        for (const change of m.observe(viewOfGatewayJson(event.raw, event.ingestedAt)))
          out.push([m.eventsObserved - 1, `${change.change} ${change.alert.kind}`]);
      }
      return out;
    };
    const original = fading(stream, monitor);
    expect(original.some(([, what]) => what === 'raised volume_drop')).toBe(true);
    expect(fading(twin, restored)).toEqual(original);
  });

  it('a fresh monitor does not alarm on the same faulty events (it has no baseline yet)', () => {
    const fresh = new QualityMonitor();
    const stream = new CleanStream({ seed: 31 });
    for (let i = 0; i < 20_000; i++) stream.next();
    expect(raised(feed(fresh, stream, 300, (event) => scalePrice(event, 0.92)))).toEqual([]);
  });

  it('keeps active alerts across a snapshot', () => {
    const { monitor, stream } = warmMonitor(32, 20_000);
    feed(monitor, stream, 300, (event) => scalePrice(event, 0.92));
    const active = monitor.activeAlerts();
    expect(active.length).toBeGreaterThan(0);
    const restored = QualityMonitor.fromSnapshot(JSON.parse(JSON.stringify(monitor.toSnapshot())));
    expect(restored.activeAlerts()).toEqual(active);
  });

  it('reads mix baselines learned through the older Poisson transform without raising a mix shift', () => {
    const { monitor, stream } = warmMonitor(35, 60_000);
    const snapshot = JSON.parse(JSON.stringify(monitor.toSnapshot())) as { state: { mixShift: Record<string, unknown> } };
    // Rewrite the learned means into the old form 2·sqrt(count + 3/8), as a snapshot of yesterday holds them.
    const mix = snapshot.state.mixShift as {
      transform?: string;
      mixes: { $map: [string, { categories: { $map: [string, { mean: number }][] } }][] };
    };
    delete mix.transform;
    for (const [key, dimension] of mix.mixes.$map) {
      const n = key.endsWith('|type') ? 500 : 20;
      for (const [, stats] of dimension.categories.$map) {
        const count = (n + 0.75) * Math.sin(stats.mean / (2 * Math.sqrt(n))) ** 2 - 0.375;
        stats.mean = 2 * Math.sqrt(count + 0.375);
      }
    }
    const restored = QualityMonitor.fromSnapshot(snapshot as never);
    expect(raised(feed(restored, stream, 60_000), 'mix_shift')).toEqual([]);
  });

  it('rejects a snapshot of another version with an actionable message', () => {
    expect(() => QualityMonitor.fromSnapshot({ version: 99, options: new QualityMonitor().options, state: {} })).toThrow(
      /start without it/,
    );
  });

  it('quarantines the alerted source and currency only, and lifts the verdict when the alert clears', () => {
    const { monitor, stream } = warmMonitor(33, 20_000);
    feed(monitor, stream, 400, (event) => {
      if (event.raw.source === 'web') scalePrice(event, 0.92);
    });
    const verdicts = monitor.quarantineVerdicts();
    expect(verdicts.map((v) => [v.kind, v.source, v.currency])).toEqual([['price_unit_shift', 'web', 'USD']]);
    expect(monitor.isQuarantined({ source: 'web', type: 'purchase', price: { amount: 1, currency: 'USD' } })).toBe(true);
    expect(monitor.isQuarantined({ source: 'app', type: 'purchase', price: { amount: 1, currency: 'USD' } })).toBe(false);
    expect(monitor.isQuarantined({ source: 'web', type: 'purchase', price: { amount: 1, currency: 'GBP' } })).toBe(false);
    feed(monitor, stream, 3000);
    expect(monitor.quarantineVerdicts()).toEqual([]);
    expect(monitor.alerts(true).some((alert) => alert.kind === 'price_unit_shift' && !alert.active)).toBe(true);
  });
});
