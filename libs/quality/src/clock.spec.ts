import { diagnoseClock } from './stats/clock-cause';
import { feed, raised } from './testing/run-stream';
import { warmMonitor } from './testing/warm-monitor';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

function shift(source: string, byMs: number) {
  return (event: { raw: Record<string, unknown> }) => {
    if (event.raw.source === source) event.raw.occurredAt = new Date(Date.parse(event.raw.occurredAt as string) + byMs).toISOString();
  };
}

describe("per-source clock: lag against the source's own baseline, and the cause named", () => {
  it("names local time sent as UTC when one source's lag jumps by whole hours", () => {
    const { monitor, stream } = warmMonitor(51, 20_000);
    const alerts = raised(feed(monitor, stream, 40, shift('app', -5 * HOUR)));
    expect(alerts.length).toBeGreaterThan(0);
    const alert = alerts[0].change.alert;
    expect([alert.kind, alert.source, alert.field]).toEqual(['stale_events', 'app', 'occurredAt']);
    expect(alert.cause).toContain('local time sent as UTC (UTC−5)');
    expect(monitor.isQuarantined({ source: 'app', type: 'view' })).toBe(true);
  });

  it('raises clock_skew for a source skewed by minutes, which neither stale nor future catches', () => {
    const { monitor, stream } = warmMonitor(52, 20_000);
    const alerts = raised(feed(monitor, stream, 40, shift('web', -3 * MINUTE)));
    expect(alerts.map((o) => [o.change.alert.kind, o.change.alert.source])).toEqual([['clock_skew', 'web']]);
    expect(alerts[0].change.alert.cause).toContain('skewed by ~3 min (behind)');
  });

  it('raises clock_skew for a source 45 s ahead, and clears when its clock is fixed', () => {
    const { monitor, stream } = warmMonitor(53, 20_000);
    const alerts = raised(feed(monitor, stream, 40, shift('app', 45_000)));
    expect(alerts.map((o) => [o.change.alert.kind, o.change.alert.source])).toEqual([['clock_skew', 'app']]);
    expect(alerts[0].change.alert.cause).toMatch(/skewed by ~4[4-6] s \(ahead\)/);
    const after = feed(monitor, stream, 3_000);
    expect(raised(after)).toEqual([]);
    expect(after.map((o) => [o.change.change, o.change.alert.kind])).toEqual([['cleared', 'clock_skew']]);
  });

  it('stays silent on a source whose lags were always spread (a learned baseline, not a fixed band)', () => {
    // app events arrive 0-20 s late all along: that is this source's normal, learned in the warm-up.
    const jitter = (event: { raw: Record<string, unknown>; ingestedAt: number }) => {
      if (event.raw.source === 'app')
        event.raw.occurredAt = new Date(event.ingestedAt - ((event.ingestedAt * 7919) % 20_000)).toISOString();
    };
    const { monitor, stream } = warmMonitor(54, 0);
    expect(raised(feed(monitor, stream, 60_000, jitter))).toEqual([]);
  });
});

describe('diagnoseClock', () => {
  const quiet = { typicalLag: 200, typicalSpread: 150, blocks: [] };

  it('reads a lag that jumped by −5.5 h as local time of UTC+5:30', () => {
    const lags = [-5.5 * HOUR + 100, -5.5 * HOUR + 300, -5.5 * HOUR + 200];
    const diagnosis = diagnoseClock({ ...quiet, lags, occurred: [1, 2, 3] });
    expect(diagnosis.fault).toBe('timezone');
    expect(diagnosis.utcOffsetMinutes).toBe(330);
    expect(diagnosis.text).toContain('UTC+5:30');
  });

  it('reads one repeated timestamp as a frozen clock', () => {
    expect(diagnoseClock({ ...quiet, lags: [1000, 2000, 3000, 4000], occurred: [7, 7, 7, 7] }).fault).toBe('frozen');
  });

  it('reads widely spread old events as a backlog, and a steady 70 min as a skew (not a time zone)', () => {
    expect(diagnoseClock({ ...quiet, lags: [1.2 * HOUR, 3 * HOUR, 5.5 * HOUR, 2 * HOUR], occurred: [1, 2, 3, 4] }).fault).toBe('backlog');
    const skew = diagnoseClock({ ...quiet, lags: [70 * MINUTE, 70 * MINUTE + 200, 70 * MINUTE + 100], occurred: [1, 2, 3] });
    expect(skew.fault).toBe('skew');
    expect(skew.text).toContain('~70 min (behind)');
  });

  it('reads block medians that climb steadily as a drift', () => {
    const blocks = Array.from({ length: 10 }, (_, i) => ({ at: i * 1000, lag: 200 + i * 40 + (i % 2) * 5 }));
    const diagnosis = diagnoseClock({ ...quiet, blocks, lags: [1100, 1150], occurred: [1, 2] });
    expect(diagnosis.fault).toBe('drift');
    expect(diagnosis.driftMsPerMinute).toBeGreaterThan(2000);
  });
});
