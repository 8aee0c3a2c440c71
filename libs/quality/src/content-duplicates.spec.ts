import { feed, raised } from './testing/run-stream';
import { warmMonitor } from './testing/warm-monitor';
import type { StreamEvent } from './testing/clean-stream';
import { viewOfGatewayJson } from './view-of-gateway-json';

let fresh = 0;
function freshId(): string {
  fresh += 1;
  return `ffffffff-ffff-4fff-8fff-${fresh.toString(16).padStart(12, '0')}`;
}

describe('content duplicates: an upstream replay under fresh eventIds', () => {
  it('names the replaying source and the cause, and quarantines its events', () => {
    const { monitor, stream } = warmMonitor(41, 20_000);
    const kept: Record<string, unknown>[] = [];
    const start = monitor.eventsObserved;
    // Every other web event is followed by a web event seen a little earlier, re-sent under a new id.
    const seen = [];
    for (let i = 0; i < 400; i++) {
      const event = stream.next();
      const index = monitor.eventsObserved;
      for (const change of monitor.observe(viewOfGatewayJson(event.raw, event.ingestedAt))) seen.push({ index, change });
      if (event.raw.source === 'web') kept.push(event.raw);
      if (event.raw.source === 'web' && i % 2 === 0 && kept.length > 5) {
        const copy = { ...kept[kept.length - 5], eventId: freshId() };
        const copyIndex = monitor.eventsObserved;
        for (const change of monitor.observe(viewOfGatewayJson(copy, event.ingestedAt))) seen.push({ index: copyIndex, change });
      }
    }
    const alerts = raised(seen, 'content_duplicates');
    expect(alerts.length).toBeGreaterThan(0);
    const alert = alerts[0].change.alert;
    expect(alert.source).toBe('web');
    expect(alert.cause).toContain('upstream replay under fresh eventIds');
    expect(alerts[0].index - start).toBeLessThan(40);
    expect(alert.firstAffectedEventIndex).toBeGreaterThanOrEqual(start);
    expect(monitor.quarantineVerdicts().some((verdict) => verdict.kind === 'content_duplicates' && verdict.source === 'web')).toBe(true);
    expect(monitor.isQuarantined({ source: 'web', type: 'view' })).toBe(true);
    expect(monitor.isQuarantined({ source: 'app', type: 'view' })).toBe(false);
  });

  it('does not count redeliveries of the same eventId (those are duplicate_events)', () => {
    const { monitor, stream } = warmMonitor(42, 20_000);
    const recent: StreamEvent[] = [];
    const observed = feed(monitor, stream, 400, (event) => {
      recent.push({ raw: { ...event.raw }, ingestedAt: event.ingestedAt });
      // Half the events are replaced by an earlier event with its own id: a redelivery flood.
      if (recent.length > 10 && recent.length % 2 === 0) event.raw = { ...recent[recent.length - 10].raw };
    });
    expect(raised(observed, 'content_duplicates')).toEqual([]);
    expect(raised(observed, 'duplicate_events').length).toBeGreaterThan(0);
  });

  it('does not take the same shopper doing the same thing at another time for a copy', () => {
    const { monitor, stream } = warmMonitor(43, 20_000);
    const earlier: Record<string, unknown>[] = [];
    const observed = feed(monitor, stream, 2_000, (event) => {
      // Every event repeats the shopper, product and type of the event 200 before (about 2 s earlier), under its own id.
      const last = earlier.length >= 200 ? earlier.shift() : undefined;
      earlier.push({ ...event.raw });
      if (last)
        Object.assign(event.raw, {
          sessionId: last.sessionId,
          userId: last.userId,
          productId: last.productId,
          type: last.type,
          source: last.source,
        });
    });
    expect(raised(observed, 'content_duplicates')).toEqual([]);
  });
});
