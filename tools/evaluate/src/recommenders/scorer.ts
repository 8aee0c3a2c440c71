import { RecommendationModel, type RecsOptions } from '@shelflife/recs';
import type { ShopEvent } from '@shelflife/contracts';
import type { Click } from '../session';
import type { RecommendRequest, SessionRecommender } from './session-recommender';

/**
 * The stream scorer's own model behind the harness interface: training clicks go through apply(), the
 * same event path the service feeds from the bus; static questions pass the session so far explicitly,
 * prequential ones ask for the live session the model has been following.
 */
export class ScorerRecommender implements SessionRecommender {
  readonly name = 'scorer';
  readonly model: RecommendationModel;
  private clickCount = 0;

  constructor(options: Partial<RecsOptions> = {}) {
    this.model = new RecommendationModel(options);
  }

  observe(click: Click): void {
    this.model.apply(toShopEvent(click, `eval-${this.clickCount++}`));
  }

  recommend(context: readonly string[], k: number, request: RecommendRequest = {}): string[] {
    const { live, excludeSeen } = request;
    const query = live
      ? { sessionId: live.sessionId, userId: live.userId || undefined, now: live.now, limit: k, excludeViewed: excludeSeen }
      : { recentItems: [...context], limit: k, excludeViewed: excludeSeen };
    return this.model.recommend(query).items.map((item) => item.productId);
  }
}

export function toShopEvent(click: Click, eventId: string): ShopEvent {
  return {
    eventId,
    type: click.type,
    userId: click.userId,
    sessionId: click.sessionId,
    productId: click.itemId,
    quantity: 1,
    occurredAt: click.time,
    source: 'evaluate',
  };
}
