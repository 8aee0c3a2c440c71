import { BatchRelations } from './batch-relations';
import { DecayClock } from './decay-clock';
import { EventIdDedup } from './event-id-dedup';
import { createModelState, type ModelState } from './model-state';
import { rescaleAll } from './learn-event';
import type { RecsOptions } from './options';
import { ProductIndex } from './product-index';
import type { RelationTableSnapshot } from './relation-table';
import type { ShopperHistorySnapshot } from './shopper-history';
import { FRESH_ARRAYS, type ArrayAllocator } from './capture-buffers';
import type { PackedHistories } from './packed-histories';
import { captureTypedArray, encodeTypedArray, type ArrayEncoder, type NumericArray } from './typed-array-codec';
import type { BatchModel } from './types';

export const SNAPSHOT_FORMAT = 'shelflife.recs.v2';

/**
 * Plain JSON: big numeric tables are base64 typed arrays (A = string), everything else plain values.
 * A captured snapshot (A = NumericArray) holds copies of the tables instead, to be encoded later.
 */
export interface RecsSnapshotOf<A> {
  format: typeof SNAPSHOT_FORMAT;
  /** Epoch ms of the latest event applied: replay events from a little before this on restart. */
  lastEventAt: number;
  decayLandmark: number;
  eventsApplied: number;
  duplicatesIgnored: number;
  products: { ids: string[]; counts: A };
  relations: RelationTableSnapshot<A>;
  sessions: [string, ShopperHistorySnapshot<A>][];
  users: [string, ShopperHistorySnapshot<A>][];
  dedup: { window: number; previous: A; current: A };
  batch: BatchModel | null;
}

export type RecsSnapshot = RecsSnapshotOf<string>;

/**
 * The model as it is now, consistent (nothing changes while this runs), with its tables copied but not yet
 * encoded: the cheap part of a snapshot, for the event loop. Serialised as JSON with every typed array as
 * base64 and the packed histories as their `jsonPieces`, it is the RecsSnapshot.
 */
export type CapturedSnapshot = Omit<RecsSnapshotOf<NumericArray>, 'sessions' | 'users'> & {
  sessions: PackedHistories;
  users: PackedHistories;
};

export function captureState(state: ModelState, alloc: ArrayAllocator): CapturedSnapshot {
  return {
    ...tablesOf(state, captureTypedArray, alloc),
    sessions: state.sessions.capture(alloc, 'sessions'),
    users: state.users.capture(alloc, 'users'),
  };
}

export function snapshotState(state: ModelState): RecsSnapshot {
  return {
    ...tablesOf(state, encodeTypedArray, FRESH_ARRAYS),
    sessions: state.sessions.toSnapshot(encodeTypedArray),
    users: state.users.toSnapshot(encodeTypedArray),
  };
}

/** Everything but the histories, with the numeric tables carried as `encode` says. */
function tablesOf<A>(state: ModelState, encode: ArrayEncoder<A>, alloc: ArrayAllocator): Omit<RecsSnapshotOf<A>, 'sessions' | 'users'> {
  return {
    format: SNAPSHOT_FORMAT,
    lastEventAt: state.clock.now,
    decayLandmark: state.clock.landmark,
    eventsApplied: state.eventsApplied,
    duplicatesIgnored: state.duplicatesIgnored,
    products: state.products.toSnapshot(encode),
    relations: state.relations.toSnapshot(state.products.size, encode, alloc),
    dedup: state.dedup.toSnapshot(encode, alloc),
    batch: state.batch ? state.batch.toBatchModel(state.products) : null,
  };
}

/**
 * Rebuilds state; options may differ from the snapshotting model's (caps apply on the way in). A clock (or decay
 * landmark) ahead of restoredAt + maxFutureSkewMs is brought back to it (issue 13: a snapshot written after one
 * future-dated event carried the zeroed scores and the frozen learning across restarts).
 */
export function restoreState(snapshot: RecsSnapshot, options: RecsOptions, restoredAt: number): ModelState {
  if (!snapshot || snapshot.format !== SNAPSHOT_FORMAT) {
    throw new Error(
      `not a recommendation snapshot of format ${SNAPSHOT_FORMAT} (got ${JSON.stringify(snapshot?.format)}): start empty and replay events instead`,
    );
  }
  const products = ProductIndex.fromSnapshot(snapshot.products);
  const state = createModelState(options, products, EventIdDedup.fromSnapshot(snapshot.dedup, options.dedupWindow));
  const started = snapshot.eventsApplied > 0 || snapshot.lastEventAt !== 0;
  state.clock = new DecayClock(options.halfLifeMs, snapshot.decayLandmark, snapshot.lastEventAt, started, options.clockWatermarkRank);
  state.relations.restore(snapshot.relations);
  state.relations.ensureCapacity(products.size);
  state.sessions.restore(snapshot.sessions);
  state.users.restore(snapshot.users);
  const bound = restoredAt + options.maxFutureSkewMs;
  if (Number.isFinite(bound) && (snapshot.lastEventAt > bound || snapshot.decayLandmark > bound)) {
    state.clockRepairedFrom = snapshot.lastEventAt;
    const factor = state.clock.clampTo(bound);
    if (factor !== 1) rescaleAll(state, factor);
  }
  for (let product = 0; product < products.size; product++) state.popularity.touch(product);
  state.eventsApplied = snapshot.eventsApplied;
  state.duplicatesIgnored = snapshot.duplicatesIgnored;
  if (snapshot.batch) state.batch = BatchRelations.from(snapshot.batch, products);
  state.relations.ensureCapacity(products.size);
  return state;
}
