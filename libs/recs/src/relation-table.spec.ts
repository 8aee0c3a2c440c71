import { encodeTypedArray } from './typed-array-codec';
import { RelationTable } from './relation-table';

describe('RelationTable', () => {
  it('accumulates weight per pair', () => {
    const table = new RelationTable(4, 0.5);
    table.add(0, 1, 2);
    table.add(0, 1, 3);
    expect(table.weight(0, 1)).toBe(5);
    expect(table.weight(1, 0)).toBe(0);
    expect(table.size).toBe(1);
  });

  it('prunes a full block back to the cap, keeping the heaviest relations', () => {
    const table = new RelationTable(3, 0.5); // 3 kept + 2 slack slots
    for (let to = 1; to <= 5; to++) table.add(0, to, to * 10); // weights 10..50, block full
    table.add(0, 6, 1); // forces a prune to the 3 heaviest (30, 40, 50), then adds 6
    const kept: number[] = [];
    table.forEach(0, (to) => kept.push(to));
    expect(kept.sort()).toEqual([3, 4, 5, 6]);
    expect(table.countOf(0)).toBeLessThanOrEqual(table.slotsPerProduct);
    expect(table.size).toBe(4);
  });

  it('restores into a smaller cap by pruning to the heaviest relations', () => {
    const table = new RelationTable(8, 0.25);
    for (let to = 1; to <= 6; to++) table.add(0, to, to);
    const small = new RelationTable(2, 0.5); // 2 kept + 1 slack slot
    small.restore(JSON.parse(JSON.stringify(table.toSnapshot(1, encodeTypedArray))));
    const kept: number[] = [];
    small.forEach(0, (to) => kept.push(to));
    expect(kept).toContain(6);
    expect(kept.length).toBeLessThanOrEqual(small.slotsPerProduct);
  });

  it('grows to new products and survives a snapshot round trip', () => {
    const table = new RelationTable(8, 0.25);
    table.ensureCapacity(5000);
    table.add(4999, 7, 1.5);
    table.add(3, 4999, 2.5);
    const copy = new RelationTable(8, 0.25);
    copy.restore(JSON.parse(JSON.stringify(table.toSnapshot(5000, encodeTypedArray))));
    expect(copy.weight(4999, 7)).toBe(1.5);
    expect(copy.weight(3, 4999)).toBe(2.5);
    expect(copy.size).toBe(2);
  });
});
