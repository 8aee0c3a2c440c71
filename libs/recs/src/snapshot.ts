import { BatchRelations } from './batch-relations';
import { DecayClock } from './decay-clock';
import { EventIdDedup } from './event-id-dedup';
import { createModelState, type ModelState } from './model-state';
import type { RecsOptions } from './options';
import { ProductIndex } from './product-index';
import type { RelationTableSnapshot } from './relation-table';
import type { ShopperHistorySnapshot } from './shopper-history';
import type { BatchModel } from './types';

export const SNAPSHOT_FORMAT = 'shelflife.recs.v2';

/** Plain JSON: big numeric tables are base64 typed arrays, everything else plain values. */
export interface RecsSnapshot {
  format: typeof SNAPSHOT_FORMAT;
  /** Epoch ms of the latest event applied: replay events from a little before this on restart. */
  lastEventAt: number;
  decayLandmark: number;
  eventsApplied: number;
  duplicatesIgnored: number;
  products: { ids: string[]; counts: string };
  relations: RelationTableSnapshot;
  sessions: [string, ShopperHistorySnapshot][];
  users: [string, ShopperHistorySnapshot][];
  dedup: { window: number; previous: string; current: string };
  batch: BatchModel | null;
}

export function snapshotState(state: ModelState): RecsSnapshot {
  return {
    format: SNAPSHOT_FORMAT,
    lastEventAt: state.clock.now,
    decayLandmark: state.clock.landmark,
    eventsApplied: state.eventsApplied,
    duplicatesIgnored: state.duplicatesIgnored,
    products: state.products.toSnapshot(),
    relations: state.relations.toSnapshot(state.products.size),
    sessions: state.sessions.toSnapshot(),
    users: state.users.toSnapshot(),
    dedup: state.dedup.toSnapshot(),
    batch: state.batch ? state.batch.toBatchModel(state.products) : null,
  };
}

/** Rebuilds state; options may differ from the snapshotting model's (caps apply on the way in). */
export function restoreState(snapshot: RecsSnapshot, options: RecsOptions): ModelState {
  if (!snapshot || snapshot.format !== SNAPSHOT_FORMAT) {
    throw new Error(`not a recommendation snapshot of format ${SNAPSHOT_FORMAT} (got ${JSON.stringify(snapshot?.format)}): start empty and replay events instead`);
  }
  const products = ProductIndex.fromSnapshot(snapshot.products);
  const state = createModelState(options, products, EventIdDedup.fromSnapshot(snapshot.dedup, options.dedupWindow));
  state.clock = new DecayClock(options.halfLifeMs, snapshot.decayLandmark, snapshot.lastEventAt);
  state.relations.restore(snapshot.relations);
  state.relations.ensureCapacity(products.size);
  state.sessions.restore(snapshot.sessions);
  state.users.restore(snapshot.users);
  for (let product = 0; product < products.size; product++) state.popularity.touch(product);
  state.eventsApplied = snapshot.eventsApplied;
  state.duplicatesIgnored = snapshot.duplicatesIgnored;
  if (snapshot.batch) state.batch = BatchRelations.from(snapshot.batch, products);
  state.relations.ensureCapacity(products.size);
  return state;
}
