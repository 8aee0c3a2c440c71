import { feed, raised } from './testing/run-stream';
import { warmMonitor } from './testing/warm-monitor';

describe('duplicates, freshness, volume and mix', () => {
  it('raises duplicates jumping to 20% within 40 events, not on the normal redelivery rate', () => {
    const { monitor, stream } = warmMonitor(21, 20_000);
    const start = monitor.eventsObserved;
    let previous: Record<string, unknown> | undefined;
    let n = 0;
    const alerts = raised(
      feed(monitor, stream, 200, (event) => {
        if (++n % 5 === 0 && previous) event.raw = { ...previous };
        previous = event.raw;
      }),
      'duplicate_events',
    );
    expect(alerts.length).toBeGreaterThan(0);
    expect(alerts[0].index - start).toBeLessThan(80);
    expect(alerts[0].change.alert.field).toBe('eventId');
  });

  it('raises stale and future timestamps', () => {
    const stale = warmMonitor(22);
    const staleAlerts = raised(
      feed(stale.monitor, stale.stream, 20, (event) => {
        event.raw.occurredAt = new Date(event.ingestedAt - 3 * 3600_000).toISOString();
      }),
      'stale_events',
    );
    expect(staleAlerts.length).toBeGreaterThan(0);
    const future = warmMonitor(23);
    const futureAlerts = raised(
      feed(future.monitor, future.stream, 20, (event) => {
        event.raw.occurredAt = new Date(event.ingestedAt + 3600_000).toISOString();
      }),
      'future_events',
    );
    expect(futureAlerts.length).toBeGreaterThan(0);
  });

  it('raises frozen timestamps when a source repeats one occurredAt', () => {
    const { monitor, stream } = warmMonitor(24);
    const alerts = raised(
      feed(monitor, stream, 40, (event) => {
        event.raw.occurredAt = '2026-01-05T00:00:00Z';
      }),
      'frozen_timestamps',
    );
    expect(alerts.length).toBeGreaterThan(0);
  });

  it('raises a volume drop of one source within seconds, and not on a rise', () => {
    const { monitor, stream } = warmMonitor(25, 60_000);
    expect(
      feed(monitor, stream, 3000, (event) => {
        if (event.raw.source === 'app') event.raw.source = 'web';
      }).map((o) => o.change.alert.kind),
    ).toContain('volume_drop');
    const alert = monitor.activeAlerts().find((a) => a.kind === 'volume_drop');
    expect(alert?.source).toBe('app');
    expect(monitor.isQuarantined({ source: 'app', type: 'view' })).toBe(false);
  });

  it('raises a shift in the share of purchases', () => {
    const { monitor, stream } = warmMonitor(26, 40_000);
    let n = 0;
    const alerts = raised(
      feed(monitor, stream, 5000, (event) => {
        if (++n % 5 === 0) event.raw.type = 'purchase';
      }),
      'mix_shift',
    );
    expect(alerts.some((o) => o.change.alert.cause.includes('type purchase') && o.change.alert.cause.includes('rose'))).toBe(true);
  });
});
