import type { ShopEvent } from '@shelflife/contracts';

const WEIGHTS: Record<ShopEvent['type'], number> = { view: 1, add_to_cart: 3, remove_from_cart: 0, purchase: 5 };

/**
 * The gateway's own fallback when the scorer is slow or down: recently popular products, from the
 * events the gateway itself accepted, decayed so that it follows the day. Bounded in size.
 */
export class RecentPopularity {
  private readonly scores = new Map<string, { score: number; at: number }>();
  private ranked: { productId: string; score: number }[] = [];
  private rankedAt = 0;

  constructor(
    private readonly halfLifeMs = 3_600_000,
    private readonly maxProducts = 50_000,
  ) {}

  record(event: ShopEvent, now = Date.now()): void {
    const weight = WEIGHTS[event.type];
    if (weight === 0) return;
    const entry = this.scores.get(event.productId);
    if (entry) {
      entry.score = entry.score * this.decay(now - entry.at) + weight;
      entry.at = now;
    } else {
      if (this.scores.size >= this.maxProducts) this.evictWeakest(now);
      this.scores.set(event.productId, { score: weight, at: now });
    }
  }

  top(limit: number, exclude: Set<string> = new Set(), now = Date.now()): { productId: string; score: number }[] {
    // Re-rank at most once a second: the fallback must stay cheap under load.
    if (now - this.rankedAt > 1_000) {
      this.ranked = [...this.scores]
        .map(([productId, e]) => ({ productId, score: e.score * this.decay(now - e.at) }))
        .sort((a, b) => b.score - a.score)
        .slice(0, 200);
      this.rankedAt = now;
    }
    return this.ranked.filter((item) => !exclude.has(item.productId)).slice(0, limit);
  }

  private decay(ageMs: number): number {
    return Math.pow(0.5, Math.max(0, ageMs) / this.halfLifeMs);
  }

  private evictWeakest(now: number): void {
    let weakest: string | undefined;
    let weakestScore = Infinity;
    let inspected = 0;
    // Sampled eviction: inspect a few of the oldest entries instead of scanning everything.
    for (const [id, e] of this.scores) {
      const score = e.score * this.decay(now - e.at);
      if (score < weakestScore) {
        weakest = id;
        weakestScore = score;
      }
      if (++inspected >= 32) break;
    }
    if (weakest) this.scores.delete(weakest);
  }
}
