import { MetricsAccumulator, type EvalResult } from './metrics';
import type { LiveSession, SessionRecommender } from './recommenders/session-recommender';
import { clicksInTimeOrder, type Session } from './session';

export const MODES = ['static', 'prequential'] as const;
export type Mode = (typeof MODES)[number];
/** Sequences predict each next click; baskets (no order) predict each item from the rest (leave-one-out). */
export type DatasetKind = 'sequence' | 'basket';

export interface EvalSettings {
  k: number;
  mode: Mode;
  kind: DatasetKind;
}

/** Replays training sessions click by click in time order; returns the replay rate. */
export function train(recommender: SessionRecommender, sessions: Session[]): { events: number; eventsPerSec: number } {
  const clicks = clicksInTimeOrder(sessions);
  const started = process.hrtime.bigint();
  for (const click of clicks) recommender.observe(click);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { events: clicks.length, eventsPerSec: seconds > 0 ? clicks.length / seconds : 0 };
}

export function evaluate(recommender: SessionRecommender, test: Session[], catalogueSize: number, settings: EvalSettings): EvalResult {
  const metrics = new MetricsAccumulator(settings.k, catalogueSize);
  if (settings.kind === 'basket') evaluateBaskets(recommender, test, metrics, settings);
  else if (settings.mode === 'static') evaluateSequencesStatic(recommender, test, metrics);
  else evaluateSequencesPrequential(recommender, test, metrics);
  return metrics.result();
}

/** session-rec's protocol: each test session on its own, the model never learns from test clicks. */
function evaluateSequencesStatic(recommender: SessionRecommender, test: Session[], metrics: MetricsAccumulator): void {
  for (const session of test) {
    const context: string[] = [];
    for (const click of session.clicks) {
      if (context.length > 0) predict(recommender, context, click.itemId, metrics);
      context.push(click.itemId);
    }
  }
}

/** As a live system: test clicks in global time order, predict first, then learn the click. */
function evaluateSequencesPrequential(recommender: SessionRecommender, test: Session[], metrics: MetricsAccumulator): void {
  const contexts = new Map<string, string[]>();
  for (const click of clicksInTimeOrder(test)) {
    let context = contexts.get(click.sessionId);
    if (!context) contexts.set(click.sessionId, (context = []));
    if (context.length > 0)
      predict(recommender, context, click.itemId, metrics, { sessionId: click.sessionId, userId: click.userId, now: click.time });
    recommender.observe(click);
    context.push(click.itemId);
  }
}

/** Leave-one-out per basket: each distinct item is predicted from the others; prequential learns the basket afterwards. */
function evaluateBaskets(recommender: SessionRecommender, test: Session[], metrics: MetricsAccumulator, settings: EvalSettings): void {
  for (const basket of test) {
    const items = [...new Set(basket.clicks.map((click) => click.itemId))];
    if (items.length >= 2) {
      for (const target of items)
        predict(
          recommender,
          items.filter((item) => item !== target),
          target,
          metrics,
        );
    }
    if (settings.mode === 'prequential') for (const click of basket.clicks) recommender.observe(click);
  }
}

/** One prediction: the full list for the all-items figures and, for a target new to the session, the list without seen items. */
function predict(
  recommender: SessionRecommender,
  context: string[],
  target: string,
  metrics: MetricsAccumulator,
  live?: LiveSession,
): void {
  metrics.record(recommender.recommend(context, metrics.k, { live }), target);
  if (!context.includes(target)) metrics.recordUnseen(recommender.recommend(context, metrics.k, { live, excludeSeen: true }), target);
}
