import { feed, raised } from './testing/run-stream';
import { warmMonitor } from './testing/warm-monitor';
import { viewOfGatewayJson } from './view-of-gateway-json';

describe('field shape: nulls, schema changes, new enum values', () => {
  it('raises a null burst within 5 events when productId arrives null', () => {
    const { monitor, stream } = warmMonitor(11);
    const start = monitor.eventsObserved;
    const alerts = raised(
      feed(monitor, stream, 20, (event) => {
        event.raw.productId = null;
      }),
      'null_burst',
    );
    expect(alerts.length).toBeGreaterThan(0);
    expect(alerts[0].index - start).toBeLessThan(5);
    expect(alerts[0].change.alert.field).toBe('productId');
  });

  it('raises a null burst on zeros: a renamed amount arriving as its protobuf default', () => {
    const { monitor, stream } = warmMonitor(12);
    const alerts = raised(
      feed(monitor, stream, 20, (event) => {
        event.raw.price = { amount: 0, currency: 'USD' };
      }),
      'null_burst',
    );
    expect(alerts[0].change.alert.field).toBe('price.amount');
    expect(alerts[0].change.alert.cause).toContain('empty or zero');
  });

  it('raises an incompatible type change within 3 events once 10k events per source are learned', () => {
    const { monitor, stream } = warmMonitor(13, 30_000);
    const start = monitor.eventsObserved;
    const alerts = raised(
      feed(monitor, stream, 10, (event) => {
        const price = event.raw.price as { amount: number; currency: string };
        event.raw.price = { amount: String(price.amount), currency: price.currency };
      }),
      'schema_change',
    );
    expect(alerts[0].index - start).toBeLessThan(3);
    expect(alerts[0].change.alert.field).toBe('price.amount');
  });

  it('says a field was likely renamed when one goes missing as an unknown one appears', () => {
    const { monitor, stream } = warmMonitor(14);
    const alerts = raised(
      feed(monitor, stream, 20, (event) => {
        event.raw.unitPrice = event.raw.price;
        delete event.raw.price;
      }),
    );
    expect(alerts.map((o) => o.change.alert.kind)).toEqual(expect.arrayContaining(['schema_change', 'null_burst']));
    expect(alerts.some((o) => o.change.alert.cause.includes('renamed'))).toBe(true);
  });

  it('raises a new enum value for an event type the contract does not know', () => {
    const { monitor, stream } = warmMonitor(15);
    let n = 0;
    const alerts = raised(
      feed(monitor, stream, 200, (event) => {
        if (++n % 2 === 0) event.raw.type = 'wishlist';
      }),
      'new_enum_value',
    );
    expect(alerts[0].change.alert.field).toBe('type');
    expect(alerts[0].change.alert.cause).toContain('wishlist');
  });

  it('learns a normal rate: anonymous shoppers (no userId) never alarm', () => {
    const { monitor, stream } = warmMonitor(16, 30_000);
    expect(feed(monitor, stream, 10_000)).toEqual([]);
  });

  it('survives inputs that are not objects at all', () => {
    const { monitor } = warmMonitor(17, 2000);
    expect(() => monitor.observe(viewOfGatewayJson('not an event', 0))).not.toThrow();
    expect(() => monitor.observe(viewOfGatewayJson(null, 0))).not.toThrow();
    expect(monitor.countsByType()['?']).toBe(2);
  });
});
