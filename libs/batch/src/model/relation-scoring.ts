import { DEFAULT_RECS_OPTIONS, scoreRelation, type RecsOptions } from '@shelflife/recs';
import type { PairingRule } from './cooccurrence-pipeline';

/** The knobs the batch model shares with the stream scorer; the defaults are the scorer's own. */
export type BatchModelOptions = Pick<
  RecsOptions,
  | 'eventWeights'
  | 'pairWindow'
  | 'distanceExponent'
  | 'backwardWeight'
  | 'popularityExponent'
  | 'countShrinkage'
  | 'maxRelationsPerProduct'
  | 'popularTracked'
> & {
  /** Days before the window that trending compares against. */
  trendingBaselineDays: number;
  /** Items in the trending list. */
  trendingTracked: number;
};

export const DEFAULT_BATCH_MODEL_OPTIONS: Readonly<BatchModelOptions> = Object.freeze({
  eventWeights: DEFAULT_RECS_OPTIONS.eventWeights,
  pairWindow: DEFAULT_RECS_OPTIONS.pairWindow,
  distanceExponent: DEFAULT_RECS_OPTIONS.distanceExponent,
  backwardWeight: DEFAULT_RECS_OPTIONS.backwardWeight,
  popularityExponent: DEFAULT_RECS_OPTIONS.popularityExponent,
  countShrinkage: DEFAULT_RECS_OPTIONS.countShrinkage,
  maxRelationsPerProduct: DEFAULT_RECS_OPTIONS.maxRelationsPerProduct,
  popularTracked: DEFAULT_RECS_OPTIONS.popularTracked,
  trendingBaselineDays: 7,
  trendingTracked: 50,
});

export function pairingRuleOf(options: BatchModelOptions): PairingRule {
  return {
    eventWeights: options.eventWeights,
    pairWindow: options.pairWindow,
    distanceExponent: options.distanceExponent,
    backwardWeight: options.backwardWeight,
  };
}

/**
 * Similarity of B to A from full-history counts: the stream scorer's own `scoreRelation` (libs/recs),
 * so the batch and live models are the same relation and can be blended and compared.
 */
export function scoreBatchRelation(coWeight: number, weightA: number, weightB: number, options: BatchModelOptions): number {
  return scoreRelation(coWeight, weightA, weightB, options);
}
