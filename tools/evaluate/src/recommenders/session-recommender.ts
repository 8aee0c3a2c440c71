import type { Click } from '../session';

/** What the live system would know when it answers for a running session (prequential mode only). */
export interface LiveSession {
  sessionId: string;
  userId: string;
  now: number;
}

export interface RecommendRequest {
  /** Set when the recommender may use its own state of the running session (prequential mode). */
  live?: LiveSession;
  /** Leave out items already in the session: the list a "what else" widget shows. */
  excludeSeen?: boolean;
}

/** Anything the harness can evaluate: it learns click by click and recommends given the session so far. */
export interface SessionRecommender {
  readonly name: string;
  observe(click: Click): void;
  /** Top k items given the session so far (oldest first). */
  recommend(context: readonly string[], k: number, request?: RecommendRequest): string[];
}

/** The k highest-scored keys, highest first (ties keep insertion order), leaving out `excluded`. */
export function topK(scores: Map<string, number>, k: number, excluded: readonly string[] = []): string[] {
  return [...scores]
    .filter(([item]) => !excluded.includes(item))
    .sort((a, b) => b[1] - a[1])
    .slice(0, k)
    .map(([item]) => item);
}

/** Per-session memory of earlier items, as the rule learners need it while replaying clicks. */
export class PreviousItems {
  private readonly bySession = new Map<string, string[]>();

  /** The items seen earlier in the click's session (before this click); then records the click. */
  before(click: Click): string[] {
    let items = this.bySession.get(click.sessionId);
    if (!items) this.bySession.set(click.sessionId, (items = []));
    const earlier = items.slice();
    items.push(click.itemId);
    return earlier;
  }
}
