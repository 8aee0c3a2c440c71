import { scoreRelation } from './similarity';

describe('scoreRelation', () => {
  const cosine = { popularityExponent: 0.5, countShrinkage: 0 };

  it('is cosine at β = 0.5 without shrinkage', () => {
    expect(scoreRelation(6, 9, 16, cosine)).toBeCloseTo(6 / Math.sqrt(9 * 16));
  });

  it('does not change when all counts are scaled alike (decayed and batch counts blend)', () => {
    const scoring = { popularityExponent: 0.3, countShrinkage: 0 };
    expect(scoreRelation(30, 90, 160, scoring)).toBeCloseTo(scoreRelation(3, 9, 16, scoring), 12);
  });

  it('at β = 0 ranks candidates by raw co-occurrence, at β = 1 prefers the rarer candidate', () => {
    const confidence = { popularityExponent: 0, countShrinkage: 0 };
    const lift = { popularityExponent: 1, countShrinkage: 0 };
    // bestseller: co 10 of its 1000; niche: co 5 of its 5.
    expect(scoreRelation(10, 100, 1000, confidence)).toBeGreaterThan(scoreRelation(5, 100, 5, confidence));
    expect(scoreRelation(10, 100, 1000, lift)).toBeLessThan(scoreRelation(5, 100, 5, lift));
  });

  it('shrinkage keeps a single lucky co-occurrence of rare items below solid evidence', () => {
    const scoring = { popularityExponent: 0.5, countShrinkage: 5 };
    expect(scoreRelation(1, 1, 1, scoring)).toBeLessThan(scoreRelation(20, 40, 40, scoring));
    expect(scoreRelation(1, 1, 1, { ...scoring, countShrinkage: 0 })).toBeGreaterThan(
      scoreRelation(20, 40, 40, { ...scoring, countShrinkage: 0 }),
    );
  });

  it('is 0 without co-occurrence', () => {
    expect(scoreRelation(0, 10, 10, cosine)).toBe(0);
  });
});
