import { feed, raised } from './testing/run-stream';
import { warmMonitor } from './testing/warm-monitor';

// Issue 13: one event dated far ahead must not move any clock the sentinel's baselines follow. They follow the
// ingest clock (the collector's receipt time, `ingestedAt`) and event counts, never occurredAt: occurredAt is only
// compared with ingestedAt (freshness: stale, future, frozen). These tests hold that in place.

const YEAR = 365 * 24 * 3600_000;
const END_OF_TIME = '9999-12-31T23:59:59Z';

describe('future-dated events and the sentinel (issue 13)', () => {
  it('one event a year ahead and one at 9999-12-31 neither wipe nor freeze the baselines', () => {
    const control = warmMonitor(31, 60_000);
    const treated = warmMonitor(31, 60_000);
    let n = 0;
    const bad = feed(treated.monitor, treated.stream, 2, (event) => {
      event.raw.occurredAt = n++ === 0 ? new Date(event.ingestedAt + YEAR).toISOString() : END_OF_TIME;
    });
    feed(control.monitor, control.stream, 2);
    // Against a learned rate of almost none, two in a row are news: future_events is raised, and nothing else.
    expect(bad.map((o) => [o.change.change, o.change.alert.kind, o.change.alert.field])).toEqual([
      ['raised', 'future_events', 'occurredAt'],
    ]);

    // Clean traffic afterwards raises nothing (a wiped baseline would alarm on normal volume or prices); the
    // future_events alert clears once the rate is back to normal.
    const after = feed(treated.monitor, treated.stream, 5_000);
    expect(raised(after)).toEqual([]);
    expect(after.map((o) => [o.change.change, o.change.alert.kind])).toEqual([['cleared', 'future_events']]);
    expect(feed(control.monitor, control.stream, 5_000)).toEqual([]);

    // The volume test still closes seconds and fires on a drop of one source, as in the monitor that never saw them.
    const drop = (event: { raw: Record<string, unknown> }) => {
      if (event.raw.source === 'app') event.raw.source = 'web';
    };
    const treatedDrop = raised(feed(treated.monitor, treated.stream, 3_000, drop), 'volume_drop');
    const controlDrop = raised(feed(control.monitor, control.stream, 3_000, drop), 'volume_drop');
    expect(controlDrop.length).toBeGreaterThan(0);
    expect(treatedDrop.map((o) => [o.index, o.change.alert.source])).toEqual(controlDrop.map((o) => [o.index, o.change.alert.source]));
  });

  it('still sees future-dated events as valid events, so a run of them raises future_events', () => {
    const { monitor, stream } = warmMonitor(32);
    const alerts = raised(
      feed(monitor, stream, 20, (event) => {
        event.raw.occurredAt = END_OF_TIME;
      }),
      'future_events',
    );
    expect(alerts.length).toBeGreaterThan(0);
    expect(alerts[0]!.change.alert.field).toBe('occurredAt');
  });
});
