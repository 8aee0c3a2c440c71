import type { ModelState } from './model-state';
import { IN_CART, PURCHASED, VIEWED, type ShopperHistory } from './shopper-history';
import { popularItems } from './popular-items';
import { scoreRelation } from './similarity';
import type { Recommendation, RecommendQuery, ScoredItem } from './types';

export const MAX_LIMIT = 1000;

/** Answers a query: blend the relations of the context items, drop exclusions, pad or fall back with popular items. */
export function recommend(state: ModelState, query: RecommendQuery): Recommendation {
  if (!Number.isInteger(query.limit) || query.limit < 1 || query.limit > MAX_LIMIT) {
    throw new RangeError(`limit must be an integer in [1, ${MAX_LIMIT}], got ${query.limit}`);
  }
  const now = query.now ?? state.clock.now;
  const histories = activeHistories(state, query, now);
  const context = contextItems(state, query, histories);
  const excluded = excludedItems(state, query, histories);

  const scores = new Map<number, number>();
  const usedBatch = scoreRelations(state, context, scores);
  // What the shopper is looking at right now is not "what else": only repeatWeight may offer it again.
  for (const product of context.keys()) scores.delete(product);
  addRepeats(state, query, context, scores);
  for (const product of excluded) scores.delete(product);

  const ranked = [...scores].sort((a, b) => b[1] - a[1]).slice(0, query.limit);
  const modelVersion = versionOf(state);
  // Popular filler never repeats what the shopper is looking at or what was excluded.
  const notPopular = new Set([...excluded, ...context.keys(), ...ranked.map(([product]) => product)]);
  if (ranked.length === 0) return { items: popularItems(state, query.limit, notPopular, 1), source: 'fallback', modelVersion };

  const items: ScoredItem[] = ranked.map(([product, score]) => ({ productId: state.products.idOf(product), score }));
  if (items.length < query.limit && query.fillWithPopular !== false) {
    // Pad with popular items, scored below the weakest related item so they never outrank a relation.
    items.push(...popularItems(state, query.limit - items.length, notPopular, ranked[ranked.length - 1]![1] / 2));
  }
  return { items, source: usedBatch ? 'blended' : 'realtime', modelVersion };
}

interface ActiveHistories {
  session?: ShopperHistory;
  user?: ShopperHistory;
}

function activeHistories(state: ModelState, query: RecommendQuery, now: number): ActiveHistories {
  const session = query.sessionId ? state.sessions.get(query.sessionId) : undefined;
  const user = query.userId ? state.users.get(query.userId) : undefined;
  // An idle session is over: its items no longer describe what the shopper is doing now.
  const sessionActive = session && now - session.lastSeen <= state.options.sessionIdleMs;
  return { session: sessionActive ? session : undefined, user };
}

/** Context items with their weights: the queried product first, then recent items newest first, weight recencyDecay^rank. */
function contextItems(state: ModelState, query: RecommendQuery, histories: ActiveHistories): Map<number, number> {
  const { queryHistory, recencyDecay } = state.options;
  const ordered: number[] = [];
  const anchor = query.productId !== undefined ? state.products.lookup(query.productId) : undefined;
  if (anchor !== undefined) ordered.push(anchor);
  if (query.recentItems) {
    for (let i = query.recentItems.length - 1; i >= 0 && ordered.length < queryHistory + 1; i--) {
      const product = state.products.lookup(query.recentItems[i]!);
      if (product !== undefined && !ordered.includes(product)) ordered.push(product);
    }
  }
  for (const history of [histories.session, histories.user]) {
    for (const product of history?.recentDistinct(queryHistory) ?? []) if (!ordered.includes(product)) ordered.push(product);
  }
  const context = new Map<number, number>();
  ordered
    .slice(0, queryHistory + (anchor !== undefined ? 1 : 0))
    .forEach((product, rank) => context.set(product, Math.pow(recencyDecay, rank)));
  return context;
}

function excludedItems(state: ModelState, query: RecommendQuery, histories: ActiveHistories): Set<number> {
  const excluded = new Set<number>();
  const anchor = query.productId !== undefined ? state.products.lookup(query.productId) : undefined;
  if (anchor !== undefined) excluded.add(anchor);
  // "Viewed" means in this session (an item seen last week is a fair reminder); cart and purchases follow the user too.
  const sessionMask = (query.excludeViewed ? VIEWED : 0) | (query.excludeInCart ? IN_CART : 0) | (query.excludePurchased ? PURCHASED : 0);
  const userMask = sessionMask & ~VIEWED;
  for (const [history, mask] of [
    [histories.session, sessionMask],
    [histories.user, userMask],
  ] as const) {
    if (mask !== 0) for (const product of history?.flagged(mask) ?? []) excluded.add(product);
  }
  if (query.excludeViewed) {
    for (const id of query.recentItems ?? []) {
      const product = state.products.lookup(id);
      if (product !== undefined) excluded.add(product);
    }
  }
  return excluded;
}

/** Sums, per candidate, the context-weighted similarity from live relations and (where present) the batch model. */
function scoreRelations(state: ModelState, context: Map<number, number>, scores: Map<number, number>): boolean {
  const { products, relations, options, batch } = state;
  const toEffective = 1 / state.clock.currentScale(); // stored weights are forward-decayed; see DecayClock
  let usedBatch = false;
  for (const [source, contextWeight] of context) {
    const inBatch = batch !== null && batch.has(source);
    const hasLive = relations.countOf(source) > 0;
    const liveShare = inBatch ? (hasLive ? 1 - options.batchWeight : 0) : 1;
    if (hasLive && liveShare > 0) {
      const sourceCount = products.count(source) * toEffective;
      relations.forEach(source, (candidate, weight) => {
        const similarity = scoreRelation(weight * toEffective, sourceCount, products.count(candidate) * toEffective, options);
        scores.set(candidate, (scores.get(candidate) ?? 0) + contextWeight * liveShare * similarity);
      });
    }
    if (inBatch) {
      usedBatch = true;
      const batchShare = 1 - liveShare;
      batch.forEach(source, (candidate, similarity) =>
        scores.set(candidate, (scores.get(candidate) ?? 0) + contextWeight * batchShare * similarity),
      );
    }
  }
  return usedBatch;
}

/** Re-visits are common (a shopper goes back to an item): repeatWeight > 0 offers the context items again. */
function addRepeats(state: ModelState, query: RecommendQuery, context: Map<number, number>, scores: Map<number, number>): void {
  const { repeatWeight } = state.options;
  if (repeatWeight === 0) return;
  let best = 0;
  for (const score of scores.values()) if (score > best) best = score;
  if (best === 0) best = 1;
  const anchor = query.productId !== undefined ? state.products.lookup(query.productId) : undefined;
  for (const [product, contextWeight] of context) {
    if (product !== anchor) scores.set(product, (scores.get(product) ?? 0) + repeatWeight * contextWeight * best);
  }
}

export function versionOf(state: ModelState): string {
  const live = `rt-${state.eventsApplied}`;
  return state.batch ? `${state.batch.version}+${live}` : live;
}
