import type { BatchModel, ScoredItem } from '@shelflife/recs';
import { DuplicateKeyError, type Store } from '@shelflife/store';
import { PUBLICATIONS, stagingCollections } from '../collections';
import type { DailyRevenueRow } from '../revenue/daily-revenue';
import { daysOf, type BatchWindow } from '../window';

/** The pointer the scorer follows: `{ _id: 'model', version, asOf, publishedAt }`. */
export interface ModelPublication extends Record<string, unknown> {
  _id: 'model';
  version: string;
  /** The last day of history the model covers; the pointer only moves forward in it. */
  asOf: string;
  publishedAt: number;
}

/** One pointer per day of revenue: `{ _id: 'revenue:YYYY-MM-DD', version, date, publishedAt }`. */
export interface RevenuePublication extends Record<string, unknown> {
  _id: string;
  version: string;
  date: string;
  publishedAt: number;
}

/**
 * Points each day of the window at this version's revenue. Each pointer is one single-document
 * write, atomic on both adapters: a reader sees the old version or the new one, never a mix.
 */
export async function publishRevenueDays(store: Store, version: string, window: BatchWindow, publishedAt: number): Promise<void> {
  const pointers = store.collection<RevenuePublication>(PUBLICATIONS);
  for (const date of daysOf(window)) {
    await pointers.updateOne({ _id: `revenue:${date}` }, { $set: { version, date, publishedAt } }, { upsert: true });
  }
}

/**
 * Moves the model pointer to this version unless a model of later history is already live (a
 * backfill must not roll the scorer back). Compare-and-set in one write: the conditional upsert
 * fails with a duplicate key when the pointer exists with a later asOf. Returns whether it moved.
 */
export async function promoteModel(store: Store, version: string, asOf: string, publishedAt: number): Promise<boolean> {
  try {
    await store
      .collection<ModelPublication>(PUBLICATIONS)
      .updateOne({ _id: 'model', asOf: { $lte: asOf } }, { $set: { version, asOf, publishedAt } }, { upsert: true });
    return true;
  } catch (error) {
    if (error instanceof DuplicateKeyError) return false;
    throw error;
  }
}

/** The published model in the scorer's BatchModel shape, or null before the first publication. */
export async function loadPublishedModel(store: Store): Promise<BatchModel | null> {
  const pointer = await store.collection<ModelPublication>(PUBLICATIONS).findOne({ _id: 'model' });
  if (!pointer) return null;
  return loadModelVersion(store, pointer.version);
}

/** Any staged version's model (published or held), for inspection and comparison. */
export async function loadModelVersion(store: Store, version: string): Promise<BatchModel> {
  const names = stagingCollections(version);
  const rows = await store.collection<{ _id: string; productId: string; items: ScoredItem[] }>(names.relations).find({});
  const popular = await store.collection<{ _id: string; items: ScoredItem[] }>(names.lists).findOne({ _id: 'popular' });
  if (!popular)
    throw new Error(`batch version ${version} has no staged model (collection ${names.lists} is empty); rerun the batch for its window`);
  const relations: Record<string, ScoredItem[]> = {};
  for (const row of rows) relations[row.productId] = row.items;
  return { version, relations, popular: popular.items };
}

/** Published daily revenue totals (one row per day and currency) for the days of `window` that have a publication. */
export async function readPublishedRevenue(store: Store, window: BatchWindow): Promise<DailyRevenueRow[]> {
  const pointers = await store
    .collection<RevenuePublication>(PUBLICATIONS)
    .find({ _id: { $in: daysOf(window).map((date) => `revenue:${date}`) } }, { sort: { date: 1 } });
  const rows: DailyRevenueRow[] = [];
  for (const pointer of pointers) {
    const found = await store
      .collection(stagingCollections(pointer.version).revenue)
      .find({ date: pointer.date, productId: { $exists: false } }, { sort: { currency: 1 }, projection: { _id: 0 } });
    rows.push(...(found as unknown as DailyRevenueRow[]));
  }
  return rows;
}
