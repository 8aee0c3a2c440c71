import { modelDivergence } from './model-divergence';

const items = (...ids: string[]) => ids.map((productId, i) => ({ productId, score: 10 - i }));

describe('modelDivergence', () => {
  it('is 0 for the same neighbours whatever the scores, 1 for disjoint ones, and averages over shared products', () => {
    const batch = { A: items('B', 'C'), B: items('A', 'C'), C: items('A'), X: items('A') };
    const live = {
      A: [
        { productId: 'C', score: 0.1 },
        { productId: 'B', score: 0.2 },
      ],
      B: items('Y', 'Z'),
      C: [],
      W: items('A'),
    };
    expect(modelDivergence(batch, live, 10)).toEqual({ divergence: 0.5, productsCompared: 2, onlyInBatch: 2, onlyInLive: 1, k: 10 });
  });

  it('compares only the top k by score', () => {
    expect(modelDivergence({ A: items('B', 'C', 'D') }, { A: items('B', 'D', 'C') }, 1).divergence).toBe(0);
    // top-2 {B, C} vs {B, D}: Jaccard 1/3.
    expect(modelDivergence({ A: items('B', 'C', 'D') }, { A: items('B', 'D', 'C') }, 2).divergence).toBeCloseTo(2 / 3, 12);
  });

  it('rejects a k that is not a positive integer', () => {
    expect(() => modelDivergence({}, {}, 0)).toThrow(/positive integer/);
  });
});
