import { QualityMonitor } from './quality-monitor';
import { CleanStream } from './testing/clean-stream';
import { feed, raised, scalePrice } from './testing/run-stream';
import { warmMonitor } from './testing/warm-monitor';

function warmedUp(seed = 1): { monitor: QualityMonitor; stream: CleanStream } {
  return warmMonitor(seed, 20_000);
}

describe('price unit shift', () => {
  it('raises within a few dozen events when every price is x0.92, naming USD→EUR', () => {
    const { monitor, stream } = warmedUp();
    const start = monitor.eventsObserved;
    const alerts = raised(
      feed(monitor, stream, 200, (event) => scalePrice(event, 0.92)),
      'price_unit_shift',
    );
    expect(alerts.length).toBeGreaterThan(0);
    const first = alerts[0];
    expect(first.index - start).toBeLessThan(40);
    expect(first.change.alert.firstAffectedEventIndex).toBeGreaterThanOrEqual(start);
    expect(first.change.alert.cause).toContain('USD→EUR');
    expect(first.change.alert.field).toBe('price.amount');
    expect(first.change.alert.sampleProductIds.length).toBeGreaterThan(0);
  });

  it('names cents when amounts jump x100', () => {
    const { monitor, stream } = warmedUp(2);
    const alerts = raised(
      feed(monitor, stream, 200, (event) => scalePrice(event, 100)),
      'price_unit_shift',
    );
    expect(alerts[0].change.alert.cause).toContain('cents');
  });

  it('clears with hysteresis once prices recover, not before', () => {
    const { monitor, stream } = warmedUp(3);
    const during = feed(monitor, stream, 1000, (event) => scalePrice(event, 0.92));
    expect(during.filter((o) => o.change.change === 'cleared')).toEqual([]);
    expect(monitor.activeAlerts().some((alert) => alert.kind === 'price_unit_shift')).toBe(true);
    const after = feed(monitor, stream, 2000);
    const cleared = after.filter((o) => o.change.change === 'cleared' && o.change.alert.kind === 'price_unit_shift');
    expect(cleared.length).toBeGreaterThan(0);
    expect(cleared[0].change.alert.clearedAt).toBeDefined();
    expect(monitor.activeAlerts().filter((alert) => alert.kind === 'price_unit_shift')).toEqual([]);
  });

  it('stays quiet on a promotion of a few products and a repriced bestseller', () => {
    const { monitor, stream } = warmedUp(4);
    for (const product of [0, 5, 9]) stream.prices[product] = Math.round(stream.prices[product] * 80) / 100;
    stream.prices[1] = Math.round(stream.prices[1] * 112) / 100;
    expect(feed(monitor, stream, 20_000)).toEqual([]);
  });

  it('stays quiet when four top products go on the same -20 % promotion at the same moment', () => {
    const { monitor, stream } = warmedUp(6);
    for (const product of [0, 1, 2, 3]) stream.prices[product] = Math.round(stream.prices[product] * 80) / 100;
    expect(raised(feed(monitor, stream, 20_000), 'price_unit_shift')).toEqual([]);
  });

  it('blames the one source whose prices shifted, and holds only that source', () => {
    const { monitor, stream } = warmedUp(7);
    const alerts = raised(
      feed(monitor, stream, 3000, (event) => {
        if (event.raw.source === 'app') scalePrice(event, 0.92);
      }),
      'price_unit_shift',
    );
    expect(alerts.length).toBeGreaterThan(0);
    expect(alerts[0].change.alert.source).toBe('app');
    expect(monitor.isQuarantined({ ...stream.next().raw, source: 'web' })).toBe(false);
  });

  it('stays quiet when a new product without history arrives at any price', () => {
    const { monitor, stream } = warmedUp(5);
    let n = 0;
    const seen = feed(monitor, stream, 2000, (event) => {
      n += 1;
      if (n % 10 === 0) event.raw.productId = `new-${n}`;
    });
    expect(seen).toEqual([]);
  });
});
