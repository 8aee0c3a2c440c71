import { feed, raised } from './testing/run-stream';
import { warmMonitor } from './testing/warm-monitor';

describe('a field turned constant in one source', () => {
  it('raises constant_field naming the source, type and field when quantity is always 1', () => {
    const { monitor, stream } = warmMonitor(61, 30_000);
    const start = monitor.eventsObserved;
    const alerts = raised(
      feed(monitor, stream, 2_000, (event) => {
        if (event.raw.source === 'web') event.raw.quantity = 1;
      }),
      'constant_field',
    );
    expect(alerts.length).toBeGreaterThan(0);
    const alert = alerts[0].change.alert;
    expect([alert.source, alert.field]).toEqual(['web', 'quantity']);
    expect(alert.cause).toContain('stopped varying');
    // The first affected event is where the first constant block began, not where the alert was raised.
    expect(alert.firstAffectedEventIndex).toBeGreaterThanOrEqual(start);
    expect(alert.firstAffectedEventIndex).toBeLessThan(alerts[0].index);
    expect(monitor.isQuarantined({ source: 'web', type: alert.eventType })).toBe(true);
    expect(monitor.isQuarantined({ source: 'app', type: alert.eventType })).toBe(false);
  });

  it('leaves a price of 0 to the field-shape test (one fault, one alert)', () => {
    const { monitor, stream } = warmMonitor(62, 30_000);
    const alerts = raised(
      feed(monitor, stream, 2_000, (event) => {
        if (event.raw.source === 'app') event.raw.price = { amount: 0, currency: 'USD' };
      }),
    );
    expect(alerts.map((o) => o.change.alert.kind)).not.toContain('constant_field');
    expect(alerts.some((o) => o.change.alert.kind === 'null_burst' && o.change.alert.field === 'price.amount')).toBe(true);
  });

  it('does not test a field that never varied (a view that is always quantity 1)', () => {
    const { monitor, stream } = warmMonitor(63, 0);
    const alwaysOneViews = (event: { raw: Record<string, unknown> }) => {
      if (event.raw.type === 'view') event.raw.quantity = 1;
    };
    expect(raised(feed(monitor, stream, 40_000, alwaysOneViews))).toEqual([]);
  });
});
