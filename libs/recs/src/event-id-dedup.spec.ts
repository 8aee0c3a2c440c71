import { encodeTypedArray } from './typed-array-codec';
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
    const restored = EventIdDedup.fromSnapshot(JSON.parse(JSON.stringify(dedup.toSnapshot(encodeTypedArray))));
    for (let i = 0; i < 6; i++) expect(restored.has(`e${i}`)).toBe(dedup.has(`e${i}`));
    expect(restored.add('e5')).toBe(false);
    expect(restored.add('new')).toBe(true);
  });

  it('forgets an id (a retraction) without losing the ids that probed past it', () => {
    const dedup = new EventIdDedup(2_000); // one generation holds them all, so many probe runs collide
    const ids = Array.from({ length: 2_000 }, (_, i) => `evt-${i}`);
    ids.forEach((id) => dedup.add(id));
    const forgotten = ids.filter((_, i) => i % 3 === 0);
    for (const id of forgotten) expect(dedup.forgetFingerprint(...EventIdDedup.fingerprintOf(id))).toBe(true);
    expect(dedup.forgetFingerprint(...EventIdDedup.fingerprintOf('evt-0'))).toBe(false);
    expect(dedup.size).toBe(ids.length - forgotten.length);
    ids.forEach((id, i) => expect(dedup.has(id)).toBe(i % 3 !== 0));
    expect(dedup.add('evt-0')).toBe(true); // a deliberate replay is learned again
    expect(dedup.add('evt-1')).toBe(false);
  });
});
