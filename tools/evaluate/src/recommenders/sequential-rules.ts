import type { Click } from '../session';
import { RuleTable } from './rule-table';
import { PreviousItems, topK, type RecommendRequest, type SessionRecommender } from './session-recommender';

/**
 * SR as session-rec defines it (sr.py, weighting "div"): an item that follows another within `steps` clicks
 * adds 1/distance to the rule earlier -> later; the recommendation is the rules of the last item.
 */
export class SequentialRules implements SessionRecommender {
  readonly name = 'SR';
  private readonly rules = new RuleTable();
  private readonly previous = new PreviousItems();

  constructor(private readonly steps = 10) {}

  observe(click: Click): void {
    const earlier = this.previous.before(click);
    for (let distance = 1; distance <= Math.min(this.steps, earlier.length); distance++) {
      this.rules.add(earlier[earlier.length - distance]!, click.itemId, 1 / distance);
    }
  }

  recommend(context: readonly string[], k: number, request: RecommendRequest = {}): string[] {
    const last = context[context.length - 1];
    return last === undefined ? [] : topK(this.rules.of(last), k, request.excludeSeen ? context : []);
  }
}
