import type { ScoredItem } from '@shelflife/recs';
import type { Store } from '@shelflife/store';
import { EVENTS } from '../collections';
import { addDays, daysOf, type BatchWindow } from '../window';
import { cooccurrencePipeline, itemCountPipeline, withBackwardEdges, type CooccurrenceEdge } from './cooccurrence-pipeline';
import { pairingRuleOf, scoreBatchRelation, type BatchModelOptions } from './relation-scoring';
import { trendingPipeline } from './trending-pipeline';

export interface ComputedModel {
  /** productId -> the most similar products, best first (at most maxRelationsPerProduct). */
  relations: Record<string, ScoredItem[]>;
  /** Highest weighted activity over the full history. */
  popular: ScoredItem[];
  /** Activity in the window relative to the baseline days before it. */
  trending: ScoredItem[];
  relationCount: number;
}

/** The full-history item-to-item model as of the window's last day, plus popularity and trending. */
export async function computeBatchModel(store: Store, window: BatchWindow, options: BatchModelOptions): Promise<ComputedModel> {
  const events = store.collection(EVENTS);
  const history = { day: { $lte: window.to } };
  const rule = pairingRuleOf(options);
  const [edges, counts] = await Promise.all([
    events.aggregate<CooccurrenceEdge>(cooccurrencePipeline(history, rule)),
    events.aggregate<{ _id: string; weight: number }>(itemCountPipeline(history, rule)),
  ]);
  const countOf = new Map(counts.map((row) => [row._id, row.weight]));
  const relations = topRelations(withBackwardEdges(edges, options.backwardWeight), countOf, options);
  const popular = topItems(
    counts.map((row) => ({ productId: row._id, score: row.weight })),
    options.popularTracked,
  );
  const trending = await computeTrending(store, window, options);
  const relationCount = Object.values(relations).reduce((sum, items) => sum + items.length, 0);
  return { relations, popular, trending, relationCount };
}

function topRelations(
  weights: Map<string, Map<string, number>>,
  countOf: Map<string, number>,
  options: BatchModelOptions,
): Record<string, ScoredItem[]> {
  const byProduct = new Map<string, ScoredItem[]>();
  for (const [a, row] of weights) {
    const items: ScoredItem[] = [];
    for (const [b, weight] of row) {
      const score = scoreBatchRelation(weight, countOf.get(a) ?? 0, countOf.get(b) ?? 0, options);
      if (score > 0) items.push({ productId: b, score });
    }
    if (items.length > 0) byProduct.set(a, items);
  }
  const relations: Record<string, ScoredItem[]> = {};
  for (const product of [...byProduct.keys()].sort()) {
    relations[product] = topItems(byProduct.get(product) as ScoredItem[], options.maxRelationsPerProduct);
  }
  return relations;
}

async function computeTrending(store: Store, window: BatchWindow, options: BatchModelOptions): Promise<ScoredItem[]> {
  const baselineFrom = addDays(window.from, -options.trendingBaselineDays);
  const rows = await store
    .collection(EVENTS)
    .aggregate<{ _id: string; recent: number; baseline: number }>(trendingPipeline(window, baselineFrom, options.eventWeights));
  const windowDays = daysOf(window).length;
  // Per-day rates; the baseline gets one pseudo-event a day so a product new this week is not infinitely trending.
  const scored = rows.map((row) => ({
    productId: row._id,
    score: row.recent / windowDays / (row.baseline / options.trendingBaselineDays + 1),
  }));
  return topItems(scored, options.trendingTracked);
}

/** Best first, ties by productId so reruns give identical lists. */
export function topItems(items: ScoredItem[], limit: number): ScoredItem[] {
  return [...items]
    .sort((x, y) => y.score - x.score || (x.productId < y.productId ? -1 : x.productId > y.productId ? 1 : 0))
    .slice(0, limit);
}
