import type { EventType } from '@shelflife/contracts';
import type { PipelineStage } from '@shelflife/store';

/** The stream scorer's pairing rule, as the pipeline needs it (see libs/recs learn-event.ts). */
export interface PairingRule {
  eventWeights: Record<EventType, number>;
  /** Each item pairs with this many earlier items of its session. */
  pairWindow: number;
  /** Pair weight falls as 1 / distance^distanceExponent. */
  distanceExponent: number;
  /** Weight of the reverse direction (later -> earlier). */
  backwardWeight: number;
}

/**
 * The session as the scorer remembers it: items in time order, a repeat of the previous item merged
 * into it at the stronger weight (a reload or view -> add to cart is one step, not a pair).
 * `n` counts how often the step was paired with the items before it: the scorer pairs again, with the
 * extra weight, each time a repeat upgrades the step (libs/recs learn-event.ts).
 * Output: one document per session `{ items: [{ p, w, n }] }`.
 */
export function sessionItemsStages(historyFilter: Record<string, unknown>, rule: PairingRule): PipelineStage[] {
  const learning = (Object.entries(rule.eventWeights) as [EventType, number][]).filter(([, weight]) => weight > 0);
  return [
    { $match: { ...historyFilter, type: { $in: learning.map(([type]) => type) } } },
    { $sort: { sessionId: 1, occurredAt: 1, eventId: 1 } },
    {
      $group: {
        _id: '$sessionId',
        steps: {
          $push: {
            p: '$productId',
            w: { $switch: { branches: learning.map(([type, weight]) => ({ case: { $eq: ['$type', type] }, then: weight })), default: 0 } },
            n: { $literal: 1 },
          },
        },
      },
    },
    {
      $project: {
        items: {
          $reduce: {
            input: '$steps',
            initialValue: [],
            in: {
              $cond: [
                { $eq: [{ $arrayElemAt: ['$$value.p', -1] }, '$$this.p'] },
                {
                  $concatArrays: [
                    // All but the last step; MongoDB refuses $slice with a count of 0, hence the guard.
                    { $cond: [{ $eq: [{ $size: '$$value' }, 1] }, [], { $slice: ['$$value', { $subtract: [{ $size: '$$value' }, 1] }] }] },
                    [
                      {
                        p: '$$this.p',
                        w: { $max: ['$$this.w', { $arrayElemAt: ['$$value.w', -1] }] },
                        n: {
                          $add: [
                            { $arrayElemAt: ['$$value.n', -1] },
                            { $cond: [{ $gt: ['$$this.w', { $arrayElemAt: ['$$value.w', -1] }] }, 1, 0] },
                          ],
                        },
                      },
                    ],
                  ],
                },
                { $concatArrays: ['$$value', ['$$this']] },
              ],
            },
          },
        },
      },
    },
  ];
}

/**
 * Forward co-occurrence over the whole history: `{ _id: { a, b }, weight }` summing, for every b within
 * pairWindow after a in a session, ((w_b + n_b·w_a) / 2) / distance^exponent (n_b = 1 unless b was
 * upgraded by repeats, see sessionItemsStages). The scorer also learns b -> a at backwardWeight times
 * this; withBackwardEdges adds that from the same rows.
 * Each position is unwound with only its window of earlier items, so the work is linear in pairs.
 */
export function cooccurrencePipeline(historyFilter: Record<string, unknown>, rule: PairingRule): PipelineStage[] {
  const window = rule.pairWindow;
  return [
    ...sessionItemsStages(historyFilter, rule),
    { $match: { 'items.1': { $exists: true } } },
    {
      // One step per position: the item and its window of earlier items, nearest first (unwound index = distance - 1).
      $project: {
        _id: 0,
        steps: {
          $map: {
            input: { $range: [1, { $size: '$items' }] },
            as: 'position',
            in: {
              later: { $arrayElemAt: ['$items', '$$position'] },
              earlier: {
                $reverseArray: {
                  $slice: ['$items', { $max: [0, { $subtract: ['$$position', window] }] }, { $min: ['$$position', window] }],
                },
              },
            },
          },
        },
      },
    },
    { $unwind: '$steps' },
    { $unwind: { path: '$steps.earlier', includeArrayIndex: 'gap' } },
    { $match: { $expr: { $ne: ['$steps.earlier.p', '$steps.later.p'] } } },
    {
      $group: {
        _id: { a: '$steps.earlier.p', b: '$steps.later.p' },
        weight: {
          $sum: {
            $divide: [
              { $divide: [{ $add: [{ $multiply: ['$steps.later.n', '$steps.earlier.w'] }, '$steps.later.w'] }, 2] },
              { $pow: [{ $add: ['$gap', 1] }, rule.distanceExponent] },
            ],
          },
        },
      },
    },
  ];
}

export interface CooccurrenceEdge {
  _id: { a: string; b: string };
  weight: number;
}

/** Directed relation weights a -> b: the forward weight plus backwardWeight times the forward weight of b -> a. */
export function withBackwardEdges(forward: CooccurrenceEdge[], backwardWeight: number): Map<string, Map<string, number>> {
  const relations = new Map<string, Map<string, number>>();
  const add = (a: string, b: string, weight: number) => {
    let row = relations.get(a);
    if (!row) relations.set(a, (row = new Map()));
    row.set(b, (row.get(b) ?? 0) + weight);
  };
  for (const edge of forward) {
    add(edge._id.a, edge._id.b, edge.weight);
    if (backwardWeight > 0) add(edge._id.b, edge._id.a, edge.weight * backwardWeight);
  }
  return relations;
}

/** Weighted item counts over the same history (the scorer's count(A)): `{ _id: productId, weight }`. */
export function itemCountPipeline(historyFilter: Record<string, unknown>, rule: PairingRule): PipelineStage[] {
  return [...sessionItemsStages(historyFilter, rule), { $unwind: '$items' }, { $group: { _id: '$items.p', weight: { $sum: '$items.w' } } }];
}
