/** The two options that shape the similarity; the batch aggregator passes the same values it publishes with. */
export interface RelationScoring {
  /** β: 0 ranks by confidence P(B|A) (raw co-occurrence, favours bestsellers), 0.5 is cosine, 1 is P(A|B) (favours rarities). */
  popularityExponent: number;
  /** Pseudo-count added to both counts, so a single lucky co-occurrence of two rare items does not top the list. */
  countShrinkage: number;
}

/**
 * Similarity of B to A from (possibly decayed, possibly weighted) counts:
 *
 *   score = co(A,B) / ((count(A) + s)^(1-β) · (count(B) + s)^β)
 *
 * The exponents add up to 1, so the score does not change when every count is scaled by the same factor:
 * decayed live counts and undecayed batch counts land on the same scale and can be blended directly.
 * Pure and cheap, so the batch side computes the very same relation from aggregated counts.
 */
export function scoreRelation(coCount: number, countA: number, countB: number, scoring: RelationScoring): number {
  if (!(coCount > 0)) return 0;
  const beta = scoring.popularityExponent;
  const shrink = scoring.countShrinkage;
  const a = Math.max(countA, coCount) + shrink;
  const b = Math.max(countB, 0) + shrink;
  if (a <= 0 || b <= 0) return 0;
  return coCount / (Math.pow(a, 1 - beta) * Math.pow(b, beta));
}
