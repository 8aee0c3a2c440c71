import { RecentIds } from './recent-ids';

describe('RecentIds', () => {
  it('remembers up to its capacity and forgets the oldest first', () => {
    const ids = new RecentIds(3);
    for (const id of ['a', 'b', 'c', 'd']) ids.add(id);
    expect(['a', 'b', 'c', 'd'].map((id) => ids.has(id))).toEqual([false, true, true, true]);
    expect(ids.size).toBe(3);
    ids.add('b'); // already known: no new slot, nothing evicted
    ids.add('e');
    expect(['b', 'c', 'd', 'e'].map((id) => ids.has(id))).toEqual([false, true, true, true]);
  });

  it('stays bounded over many rounds of its capacity', () => {
    const ids = new RecentIds(1_000);
    for (let i = 0; i < 10_500; i += 1) ids.add(`id-${i}`);
    expect(ids.size).toBe(1_000);
    expect(ids.has('id-9499')).toBe(false);
    expect(ids.has('id-9500')).toBe(true);
    expect(ids.has('id-10499')).toBe(true);
  });

  it('remembers nothing with capacity 0', () => {
    const ids = new RecentIds(0);
    ids.add('a');
    expect(ids.has('a')).toBe(false);
  });
});
