import { formatOf } from './detectors/unseen-product-detector';
import { feed, raised } from './testing/run-stream';
import { warmMonitor } from './testing/warm-monitor';

describe('product ids that change format in one source (a catalogue remap)', () => {
  it('raises unseen_product_ids naming the remapped source within a few of its events', () => {
    const { monitor, stream } = warmMonitor(71, 20_000);
    let appEvents = 0;
    const alerts = raised(
      feed(monitor, stream, 200, (event) => {
        if (event.raw.source !== 'app') return;
        appEvents += 1;
        event.raw.productId = `APP-${String(event.raw.productId)}`;
      }),
      'unseen_product_ids',
    );
    expect(alerts.length).toBeGreaterThan(0);
    const alert = alerts[0].change.alert;
    expect([alert.source, alert.field]).toEqual(['app', 'productId']);
    expect(alert.cause).toContain('catalogue remap');
    expect(alert.cause).toContain('APP-');
    expect(appEvents).toBeGreaterThan(0);
    expect(monitor.isQuarantined({ source: 'app', type: 'purchase' })).toBe(true);
  });

  it("stays silent on a launch of many new products in the catalogue's format, in every source", () => {
    const { monitor, stream } = warmMonitor(72, 20_000);
    let n = 0;
    const launch = (event: { raw: Record<string, unknown> }) => {
      // A fifth of all events go to 500 new products.
      if (n++ % 5 === 0) event.raw.productId = `p${5000 + (n % 500)}`;
    };
    expect(raised(feed(monitor, stream, 20_000, launch))).toEqual([]);
  });

  it('stays silent when a new id format reaches every source (a new product line)', () => {
    const { monitor, stream } = warmMonitor(73, 20_000);
    let n = 0;
    const line = (event: { raw: Record<string, unknown> }) => {
      if (n++ % 20 === 0) event.raw.productId = `LINE-${n % 200}`;
    };
    expect(raised(feed(monitor, stream, 20_000, line))).toEqual([]);
  });

  it("reads an id's format as its letters with digit runs collapsed", () => {
    expect(formatOf('85123A')).toBe('9A');
    expect(formatOf('app-85123')).toBe('APP-9');
    expect(formatOf('p17')).toBe('P9');
  });
});
