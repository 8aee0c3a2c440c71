import { PopularityBoard } from './popularity-board';

describe('PopularityBoard', () => {
  it('keeps exactly the top N of growing scores', () => {
    const scores = new Map<number, number>();
    const board = new PopularityBoard(3, (p) => scores.get(p) ?? 0);
    const bump = (product: number, by: number) => {
      scores.set(product, (scores.get(product) ?? 0) + by);
      board.touch(product);
    };
    // Deterministic pseudo-random increments over 20 products.
    let seed = 7;
    for (let i = 0; i < 500; i++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      bump(seed % 20, 1 + (seed % 5));
    }
    const expected = [...scores]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([p]) => p);
    expect(board.ranked()).toEqual(expected);
  });
});
