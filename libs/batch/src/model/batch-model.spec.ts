import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { EventType, ShopEvent } from '@shelflife/contracts';
import { RecommendationModel } from '@shelflife/recs';
import { EmbeddedStore, IN_MEMORY, type Store } from '@shelflife/store';
import { archiveEvents } from '../archive/archive-events';
import { EVENTS } from '../collections';
import { sharedDataDir } from '../data-dir';
import { computeBatchModel } from './batch-model';
import { cooccurrencePipeline, withBackwardEdges, type CooccurrenceEdge } from './cooccurrence-pipeline';
import { DEFAULT_BATCH_MODEL_OPTIONS, pairingRuleOf } from './relation-scoring';

function event(n: number, sessionId: string, productId: string, type: EventType, occurredAt: number, day = '2026-01-01'): ShopEvent {
  return {
    eventId: `e${String(n).padStart(6, '0')}`,
    type,
    userId: '',
    sessionId,
    productId,
    quantity: 1,
    occurredAt: Date.parse(`${day}T00:00:00Z`) + occurredAt,
    source: 'test',
  };
}

async function storeWith(events: ShopEvent[]): Promise<Store> {
  const store = await EmbeddedStore.open(IN_MEMORY);
  await archiveEvents(store, events);
  return store;
}

describe('co-occurrence pipeline', () => {
  it('pairs within the window at (w_a + w_b) / 2 / distance, merges a repeated item at its stronger weight, and weighs the reverse by backwardWeight', async () => {
    const store = await storeWith([
      event(1, 's', 'A', 'view', 1),
      event(2, 's', 'A', 'add_to_cart', 2), // A again: one step of weight 3, not a pair
      event(3, 's', 'B', 'view', 3),
      event(4, 's', 'C', 'view', 4),
      event(5, 's', 'A', 'remove_from_cart', 5), // weight 0: teaches nothing
      event(6, 't', 'B', 'view', 1),
      // Y upgraded after X: the scorer pairs Y with X once at view strength and again with the extra: (1+1)/2 + (2+1)/2.
      event(7, 'u', 'X', 'view', 1),
      event(8, 'u', 'Y', 'view', 2),
      event(9, 'u', 'Y', 'add_to_cart', 3),
    ]);
    const rule = { ...pairingRuleOf(DEFAULT_BATCH_MODEL_OPTIONS), pairWindow: 2, backwardWeight: 0.5 };
    const edges = await store.collection(EVENTS).aggregate<CooccurrenceEdge>(cooccurrencePipeline({}, rule));
    const weights: Record<string, number> = {};
    for (const [a, row] of withBackwardEdges(edges, rule.backwardWeight)) for (const [b, weight] of row) weights[`${a}>${b}`] = weight;
    expect(weights).toEqual({ 'A>B': 2, 'B>A': 1, 'B>C': 1, 'C>B': 0.5, 'A>C': 1, 'C>A': 0.5, 'X>Y': 2.5, 'Y>X': 1.25 });
    await store.close();
  });
});

const ottoPath = path.join(sharedDataDir(), 'otto-sample', 'train.jsonl');
const haveOtto = existsSync(ottoPath);
if (!haveOtto) console.warn(`SKIPPED: batch vs live relation check — ${ottoPath} is missing (set SHELFLIFE_DATA_DIR).`);

const OTTO_TYPES: Record<string, EventType> = { clicks: 'view', carts: 'add_to_cart', orders: 'purchase' };

(haveOtto ? describe : describe.skip)('batch model vs the stream scorer on real OTTO sessions', () => {
  it('gives the same neighbours and scores as the live model when decay and cross-session pairs are off', async () => {
    const events: ShopEvent[] = [];
    for (const line of readFileSync(ottoPath, 'utf8').trim().split('\n')) {
      const session = JSON.parse(line) as { session: number; events: { aid: number; ts: number; type: string }[] };
      for (const raw of session.events) {
        events.push({ ...event(events.length, `otto-${session.session}`, String(raw.aid), OTTO_TYPES[raw.type], 0), occurredAt: raw.ts });
      }
    }
    events.sort((a, b) => a.occurredAt - b.occurredAt || (a.eventId < b.eventId ? -1 : 1));
    const shared = { maxRelationsPerProduct: 10_000 };
    const live = new RecommendationModel({
      ...shared,
      halfLifeMs: Infinity,
      crossSessionWeight: 0,
      sessionIdleMs: Infinity,
      maxSessionHistory: 1000,
    });
    for (const item of events) live.apply(item);

    const store = await storeWith(events);
    const lastDay = new Date(events[events.length - 1].occurredAt).toISOString().slice(0, 10);
    const model = await computeBatchModel(store, { from: lastDay, to: lastDay }, { ...DEFAULT_BATCH_MODEL_OPTIONS, ...shared });
    const products = Object.keys(model.relations);
    expect(products.length).toBeGreaterThan(50);
    for (const productId of products) {
      const expected = live.recommend({ productId, limit: 1000, fillWithPopular: false }).items;
      const actual = model.relations[productId];
      expect(actual.map((item) => item.productId).sort()).toEqual(expected.map((item) => item.productId).sort());
      const liveScore = new Map(expected.map((item) => [item.productId, item.score]));
      for (const item of actual) expect(item.score).toBeCloseTo(liveScore.get(item.productId) as number, 9);
    }
    await store.close();
  });
});
