import type { Click } from '../session';
import { RuleTable } from './rule-table';
import { PreviousItems, topK, type RecommendRequest, type SessionRecommender } from './session-recommender';

/**
 * AR as session-rec defines it (Ludewig & Jannach 2018, ar.py): every pair of clicks in a session counts
 * once in both directions (an item repeated in a session pairs with itself, as there); the recommendation
 * is the rules of the last item. session-rec prunes each item's rules to the top 20 after fitting, which
 * leaves the top 20 unchanged, so pruning is left out here (it would only matter for k > 20).
 */
export class AssociationRules implements SessionRecommender {
  readonly name = 'AR';
  private readonly rules = new RuleTable();
  private readonly previous = new PreviousItems();

  observe(click: Click): void {
    for (const earlier of this.previous.before(click)) {
      this.rules.add(click.itemId, earlier, 1);
      this.rules.add(earlier, click.itemId, 1);
    }
  }

  recommend(context: readonly string[], k: number, request: RecommendRequest = {}): string[] {
    const last = context[context.length - 1];
    return last === undefined ? [] : topK(this.rules.of(last), k, request.excludeSeen ? context : []);
  }
}
