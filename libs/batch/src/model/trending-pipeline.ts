import type { EventType } from '@shelflife/contracts';
import type { PipelineStage } from '@shelflife/store';

/**
 * Weighted activity per product in the window (`recent`) and in the days before it (`baseline`):
 * `{ _id: productId, recent, baseline }`.
 */
export function trendingPipeline(
  window: { from: string; to: string },
  baselineFrom: string,
  eventWeights: Record<EventType, number>,
): PipelineStage[] {
  const weight = {
    $switch: {
      branches: Object.entries(eventWeights).map(([type, value]) => ({ case: { $eq: ['$type', type] }, then: value })),
      default: 0,
    },
  };
  return [
    { $match: { day: { $gte: baselineFrom, $lte: window.to } } },
    {
      $group: {
        _id: '$productId',
        recent: { $sum: { $cond: [{ $gte: ['$day', window.from] }, weight, 0] } },
        baseline: { $sum: { $cond: [{ $lt: ['$day', window.from] }, weight, 0] } },
      },
    },
    { $match: { recent: { $gt: 0 } } },
  ];
}
