import { QualityMonitor } from '@shelflife/quality';
// The lib's seeded test stream: specs only, never the tool itself.
import { CleanStream } from '@shelflife/quality/testing';
import { MedianIngestClock } from './ingest-clock';
import { parseLine, replay } from './replay';

function lines(count: number, faultFrom: number): string[] {
  const stream = new CleanStream({ seed: 5 });
  return Array.from({ length: count }, (_, i) => {
    const { raw } = stream.next();
    if (i >= faultFrom) {
      const price = raw.price as { amount: number; currency: string };
      raw.price = { amount: Math.round(price.amount * 0.92 * 100) / 100, currency: price.currency };
    }
    return JSON.stringify(raw);
  });
}

describe('sentinel replay', () => {
  it('prints one line per alert change in the issue format, then a summary', async () => {
    const output: string[] = [];
    const summary = await replay(lines(21_000, 20_000), new QualityMonitor(), (line) => output.push(line));
    const parsed = output.map((line) => JSON.parse(line) as Record<string, unknown>);
    const last = parsed.pop()!;
    expect(last).toEqual({ events: 21_000, alerts: summary.alerts, eventsPerSec: expect.any(Number) });
    const price = parsed.find((line) => line.kind === 'price_unit_shift')!;
    expect(Object.keys(price)).toEqual(['alert', 'kind', 'atEvent', 'firstAffectedEvent', 'source', 'field', 'cause', 'detail']);
    expect(price.alert).toBe('raised');
    expect(price.atEvent as number).toBeGreaterThanOrEqual(20_000);
    expect(price.atEvent as number).toBeLessThan(20_060);
    expect(price.firstAffectedEvent as number).toBeGreaterThanOrEqual(20_000);
    expect(price.cause).toContain('USD→EUR');
  });

  it('counts lines from 0 when the monitor was restored from a snapshot', async () => {
    const monitor = new QualityMonitor();
    await replay(lines(20_000, Infinity), monitor, () => undefined);
    const restored = QualityMonitor.fromSnapshot(monitor.toSnapshot());
    const output: string[] = [];
    const faulty = new CleanStream({ seed: 5 });
    for (let i = 0; i < 20_000; i++) faulty.next();
    const file = Array.from({ length: 300 }, () => {
      const { raw } = faulty.next();
      const price = raw.price as { amount: number; currency: string };
      raw.price = { amount: Math.round(price.amount * 92) / 100, currency: price.currency };
      return JSON.stringify(raw);
    });
    await replay(file, restored, (line) => output.push(line));
    const price = output.map((line) => JSON.parse(line) as Record<string, unknown>).find((line) => line.kind === 'price_unit_shift')!;
    expect(price.atEvent as number).toBeLessThan(60);
    expect(price.firstAffectedEvent as number).toBeGreaterThanOrEqual(0);
  });

  it('prints only the summary for a clean file', async () => {
    const output: string[] = [];
    await replay(lines(5000, Infinity), new QualityMonitor(), (line) => output.push(line));
    expect(output).toHaveLength(1);
    expect(JSON.parse(output[0]).events).toBe(5000);
  });

  it('reads envelopes with their ingest time and keeps non-JSON lines as malformed events', () => {
    expect(parseLine('{"ingestedAt": "2026-01-05T00:00:01Z", "event": {"type": "view"}}')).toEqual({
      raw: { type: 'view' },
      ingestedAt: Date.parse('2026-01-05T00:00:01Z'),
    });
    expect(parseLine('not json')).toEqual({ raw: 'not json' });
  });

  it('keeps its ingest clock on the median event time, so a few stale events still look stale', () => {
    const clock = new MedianIngestClock();
    for (let t = 0; t < 200; t++) clock.next(1_000_000 + t * 10);
    const before = clock.next(Number.NaN);
    // An hour-old and a far-future event move the median by one slot (10 ms), not by hours.
    expect(clock.next(1_000_000 - 3_600_000) - before).toBeLessThanOrEqual(10);
    expect(clock.next(1_000_000 + 10 * 3_600_000) - before).toBeLessThanOrEqual(20);
  });
});
