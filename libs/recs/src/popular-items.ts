import type { ModelState } from './model-state';
import type { ScoredItem } from './types';

/** Popular items (live trend blended with the batch's popular list), scaled so the first scores `top`. */
export function popularItems(state: ModelState, limit: number, excluded: Set<number>, top: number): ScoredItem[] {
  const blended = new Map<number, number>();
  const batchShare = state.batch && state.batch.popular.length > 0 ? (state.popularity.size > 0 ? state.options.batchWeight : 1) : 0;
  addNormalised(
    blended,
    state.popularity.ranked().map((product) => [product, state.products.count(product)]),
    1 - batchShare,
  );
  if (state.batch)
    addNormalised(
      blended,
      state.batch.popular.map(({ product, score }) => [product, score]),
      batchShare,
    );
  const items: ScoredItem[] = [];
  for (const [product, score] of [...blended].sort((a, b) => b[1] - a[1])) {
    if (items.length >= limit) break;
    if (!excluded.has(product)) items.push({ productId: state.products.idOf(product), score: score * top });
  }
  return items;
}

function addNormalised(into: Map<number, number>, entries: [number, number][], share: number): void {
  if (share === 0 || entries.length === 0) return;
  const max = entries.reduce((highest, [, score]) => Math.max(highest, score), 0);
  if (!(max > 0)) return;
  for (const [product, score] of entries) into.set(product, (into.get(product) ?? 0) + (share * score) / max);
}
