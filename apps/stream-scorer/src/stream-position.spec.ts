import { StreamPosition } from './stream-position';

describe('StreamPosition', () => {
  it('records the offset applied and counts no gap when the stream holds what was asked for', () => {
    const now = 1_000_000;
    const position = new StreamPosition(41, () => now);
    for (const offset of [41, 42]) {
      expect(position.expectedGap(offset)).toBe(0);
      position.applied(offset, now - 10 + (offset - 41) * 5);
    }
    expect(position.offset).toBe(42);
    expect(position.gapMessages).toBe(0);
    expect(position.lagMs(1_000)).toBe(5);
  });

  it('names the messages the stream dropped before a resumed reader could read them', () => {
    const position = new StreamPosition(100);
    expect(position.expectedGap(250)).toBe(150);
    position.applied(250, Date.now());
    expect(position.expectedGap(251)).toBe(0);
    expect(position.gapMessages).toBe(150);
  });

  it('reads from the start without a gap when no offset was asked for', () => {
    const position = new StreamPosition(undefined);
    expect(position.expectedGap(7_000)).toBe(0);
    expect(position.gapMessages).toBe(0);
  });

  it('reports lag from the ingest time of the last event while messages keep coming, and 0 once idle', () => {
    let now = 5_000_000;
    const position = new StreamPosition(undefined, () => now);
    position.applied(0, now - 60_000); // replaying an event ingested a minute ago
    expect(position.lagMs(1_000)).toBe(60_000);
    now += 400;
    expect(position.lagMs(1_000)).toBe(60_400);
    now += 1_000; // nothing more for a second: it has read all there is
    expect(position.lagMs(1_000)).toBe(0);
  });
});
