import type { Click } from '../session';
import { topK, type RecommendRequest, type SessionRecommender } from './session-recommender';

/** The most clicked items, whatever the session: the floor every method should clear. */
export class Popularity implements SessionRecommender {
  readonly name = 'POP';
  private readonly counts = new Map<string, number>();
  private cached: string[] | null = null;

  observe(click: Click): void {
    this.counts.set(click.itemId, (this.counts.get(click.itemId) ?? 0) + 1);
    this.cached = null;
  }

  recommend(context: readonly string[], k: number, request: RecommendRequest = {}): string[] {
    if (!this.cached || this.cached.length < k + context.length) this.cached = topK(this.counts, Math.max(k + context.length, 100));
    return this.cached.filter((item) => !request.excludeSeen || !context.includes(item)).slice(0, k);
  }
}
