import { EventIdDedup } from './event-id-dedup';

describe('EventIdDedup', () => {
  it('recognises a repeated id', () => {
    const dedup = new EventIdDedup(100);
    expect(dedup.add('a')).toBe(true);
    expect(dedup.add('b')).toBe(true);
    expect(dedup.add('a')).toBe(false);
    expect(dedup.size).toBe(2);
  });

  it('keeps memory bounded: remembers at least `window` recent ids and forgets older ones', () => {
    const dedup = new EventIdDedup(3);
    const ids = Array.from({ length: 10 }, (_, i) => `id-${i}`);
    ids.forEach((id) => dedup.add(id));
    expect(dedup.size).toBeLessThanOrEqual(6);
    for (const id of ids.slice(-3)) expect(dedup.has(id)).toBe(true);
    expect(dedup.has('id-0')).toBe(false);
  });

  it('survives a JSON snapshot round trip', () => {
    const dedup = new EventIdDedup(4);
    for (let i = 0; i < 6; i++) dedup.add(`e${i}`);
    const restored = EventIdDedup.fromSnapshot(JSON.parse(JSON.stringify(dedup.toSnapshot())));
    for (let i = 0; i < 6; i++) expect(restored.has(`e${i}`)).toBe(dedup.has(`e${i}`));
    expect(restored.add('e5')).toBe(false);
    expect(restored.add('new')).toBe(true);
  });
});
