import type { ScoredItem } from '@shelflife/recs';

export interface ModelDivergence {
  /** 0 when both models give the same top-k neighbours for every shared product, 1 when none overlap. */
  divergence: number;
  /** Products with neighbours in both models (the ones the figure is averaged over). */
  productsCompared: number;
  onlyInBatch: number;
  onlyInLive: number;
  k: number;
}

/**
 * How far the live model has drifted from the batch model: the mean over shared products of
 * 1 - Jaccard(top-k neighbours of the batch model, top-k of the live model). Scores are not compared
 * (live counts decay, batch counts do not); which neighbours rank on top is what a shopper sees.
 */
export function modelDivergence(batch: Record<string, ScoredItem[]>, live: Record<string, ScoredItem[]>, k = 10): ModelDivergence {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`divergence k must be a positive integer, got ${k}`);
  const nonEmpty = (model: Record<string, ScoredItem[]>) => new Set(Object.keys(model).filter((product) => model[product].length > 0));
  const batchProducts = nonEmpty(batch);
  const liveProducts = nonEmpty(live);
  let total = 0;
  let compared = 0;
  for (const product of batchProducts) {
    if (!liveProducts.has(product)) continue;
    const a = topK(batch[product], k);
    const b = topK(live[product], k);
    const shared = [...a].filter((item) => b.has(item)).length;
    total += 1 - shared / (a.size + b.size - shared);
    compared += 1;
  }
  return {
    divergence: compared === 0 ? 0 : total / compared,
    productsCompared: compared,
    onlyInBatch: [...batchProducts].filter((product) => !liveProducts.has(product)).length,
    onlyInLive: [...liveProducts].filter((product) => !batchProducts.has(product)).length,
    k,
  };
}

function topK(items: ScoredItem[], k: number): Set<string> {
  return new Set(
    [...items]
      .sort((x, y) => y.score - x.score)
      .slice(0, k)
      .map((item) => item.productId),
  );
}
