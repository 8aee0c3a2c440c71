import { encodeTypedArray } from './typed-array-codec';
import { HistoryStore } from './history-store';
import { IN_CART, ShopperHistory, VIEWED } from './shopper-history';

describe('ShopperHistory', () => {
  it('keeps the last `cap` items and lists recent distinct items newest first', () => {
    const history = new ShopperHistory(3);
    [1, 2, 3, 2, 4].forEach((product, i) => history.push(product, 1 + i, i));
    expect(contents(history)).toEqual([
      [3, 3, 2],
      [2, 4, 3],
      [4, 5, 4],
    ]);
    expect(history.recentDistinct(5)).toEqual([4, 2, 3]);
  });

  it('sets and clears flags, with the flag map capped', () => {
    const history = new ShopperHistory(2);
    history.mark(7, VIEWED | IN_CART, 0);
    history.mark(7, 0, IN_CART);
    expect(history.hasFlag(7, VIEWED)).toBe(true);
    expect(history.hasFlag(7, IN_CART)).toBe(false);
    for (let product = 0; product < 10; product++) history.mark(product, VIEWED, 0);
    expect(history.flagged(VIEWED)).toEqual([6, 7, 8, 9]); // flags of the 2 × cap most recently marked products
    expect(history.flagsOf(7)).toBe(VIEWED);
  });

  it('round-trips through a JSON snapshot, and keeps only the newest items under a smaller cap', () => {
    const history = new ShopperHistory(8);
    [10, 11, 12, 13, 14].forEach((product, i) => history.push(product, 0.5 + i, 100 + i));
    history.mark(12, IN_CART, 0);
    history.lastSeen = 42;
    const snapshot = JSON.parse(JSON.stringify(history.toSnapshot(encodeTypedArray)));
    const same = ShopperHistory.fromSnapshot(snapshot, 8);
    expect(contents(same)).toEqual(contents(history));
    expect(same.hasFlag(12, IN_CART)).toBe(true);
    expect(same.lastSeen).toBe(42);
    const smaller = ShopperHistory.fromSnapshot(snapshot, 2);
    expect(contents(smaller)).toEqual([
      [13, 3.5, 103],
      [14, 4.5, 104],
    ]);
    expect(smaller.hasFlag(12, IN_CART)).toBe(true);
  });
});

describe('HistoryStore', () => {
  it('evicts beyond the cap, sparing a history that was used again (second chance)', () => {
    const store = new HistoryStore(2, 5);
    store.touch('a', 1);
    store.touch('b', 2);
    store.touch('a', 3); // a is in use again
    store.touch('c', 4); // over the cap: b goes, not a
    expect(store.size).toBe(2);
    expect(store.get('a')).toBeDefined();
    expect(store.get('b')).toBeUndefined();
    expect(store.get('c')?.lastSeen).toBe(4);
  });

  it('stays bounded under many sessions', () => {
    const store = new HistoryStore(100, 5);
    for (let i = 0; i < 10_000; i++) store.touch(`s${i % 3000}`, i);
    expect(store.size).toBe(100);
  });
});

/** [item, weight, origin] per remembered item, oldest first. */
function contents(history: ShopperHistory): number[][] {
  return Array.from({ length: history.length }, (_, i) => [history.itemAt(i), history.weightAt(i), history.originAt(i)]);
}
