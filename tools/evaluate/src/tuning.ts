import type { RecsOptions } from '@shelflife/recs';
import type { EvalResult } from './metrics';
import { evaluate, train, type DatasetKind } from './protocol';
import { ScorerRecommender } from './recommenders/scorer';
import type { Split } from './splits';

const DAY_MS = 24 * 3600 * 1000;

/** The values tried per option; coordinate descent from the defaults, two rounds. */
export const SEARCH_SPACE: { [K in keyof RecsOptions]?: RecsOptions[K][] } = {
  popularityExponent: [0, 0.15, 0.3, 0.5],
  countShrinkage: [0, 1, 5],
  backwardWeight: [0, 0.25, 0.5, 1],
  pairWindow: [2, 5, 10],
  distanceExponent: [0.5, 1, 2],
  recencyDecay: [0.1, 0.3, 0.5, 0.8],
  queryHistory: [1, 2, 4, 8],
  repeatWeight: [0, 0.3, 1, 3],
  halfLifeMs: [3 * DAY_MS, 30 * DAY_MS, Infinity],
};

/** The best baseline figure for each metric on the validation split. */
export type Reference = Pick<EvalResult, 'hr' | 'mrr' | 'hrUnseen' | 'mrrUnseen'>;

/** The goal as a number: HR and MRR, over all items and over unseen items, each relative to the best baseline's, summed. */
export function objective(result: EvalResult, reference: Reference): number {
  const relative = (value: number, best: number) => (best > 0 ? value / best : value);
  return (
    relative(result.hr, reference.hr) +
    relative(result.mrr, reference.mrr) +
    relative(result.hrUnseen, reference.hrUnseen) +
    relative(result.mrrUnseen, reference.mrrUnseen)
  );
}

export function scoreOptions(
  options: Partial<RecsOptions>,
  validation: Split,
  kind: DatasetKind,
  k: number,
  catalogueSize: number,
): EvalResult {
  const scorer = new ScorerRecommender(options);
  train(scorer, validation.train);
  return evaluate(scorer, validation.test, catalogueSize, { k, mode: 'static', kind });
}

/** Tunes on the validation split only (never the test split); returns the best options found and their validation score. */
export function tune(
  validation: Split,
  kind: DatasetKind,
  k: number,
  catalogueSize: number,
  reference: Reference,
  log: (line: string) => void,
): Partial<RecsOptions> {
  let best: Partial<RecsOptions> = {};
  let bestScore = objective(scoreOptions(best, validation, kind, k, catalogueSize), reference);
  for (let round = 1; round <= 2; round++) {
    for (const [key, values] of Object.entries(SEARCH_SPACE) as [keyof RecsOptions, unknown[]][]) {
      for (const value of values) {
        const candidate = { ...best, [key]: value };
        const score = objective(scoreOptions(candidate, validation, kind, k, catalogueSize), reference);
        if (score > bestScore + 1e-9) {
          best = candidate;
          bestScore = score;
        }
      }
    }
    log(
      `  tuning round ${round}: validation objective ${bestScore.toFixed(3)} (4.000 = equal to the best baseline on all four figures) with ${JSON.stringify(best)}`,
    );
  }
  return best;
}
