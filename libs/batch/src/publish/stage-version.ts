import type { Store, StoredDocument } from '@shelflife/store';
import { stagingCollections } from '../collections';
import { computeBatchModel, type ComputedModel } from '../model/batch-model';
import type { BatchModelOptions } from '../model/relation-scoring';
import { computeDailyRevenue, computePriceSummary, type DailyRevenue } from '../revenue/daily-revenue';
import type { BatchWindow } from '../window';

const WRITE_CHUNK = 1000;

export interface StagedVersion {
  revenue: DailyRevenue;
  priceSummary: Record<string, number>;
  model: ComputedModel;
}

/** Computes every result of the window and writes it to the version's own staging collections. */
export async function stageVersion(store: Store, version: string, window: BatchWindow, options: BatchModelOptions): Promise<StagedVersion> {
  const names = stagingCollections(version);
  await dropStaging(store, version); // a crashed attempt may have left part of them
  const [revenue, priceSummary, model] = await Promise.all([
    computeDailyRevenue(store, window),
    computePriceSummary(store, window),
    computeBatchModel(store, window, options),
  ]);
  const revenueRows = [...revenue.totals, ...revenue.perProduct].map((row) => ({
    _id: `${row.date}|${row.currency}|${row.productId ?? '*'}`,
    ...row,
  }));
  await insertInChunks(store, names.revenue, revenueRows);
  await insertInChunks(
    store,
    names.relations,
    Object.entries(model.relations).map(([productId, items]) => ({ _id: productId, productId, items })),
  );
  await insertInChunks(store, names.lists, [
    { _id: 'popular', items: model.popular },
    { _id: 'trending', items: model.trending },
    { _id: 'price_summary', prices: priceSummary },
  ]);
  return { revenue, priceSummary, model };
}

export async function dropStaging(store: Store, version: string): Promise<void> {
  for (const name of Object.values(stagingCollections(version))) await store.collection(name).drop();
}

async function insertInChunks(store: Store, name: string, documents: StoredDocument[]): Promise<void> {
  const collection = store.collection(name);
  for (let start = 0; start < documents.length; start += WRITE_CHUNK) {
    await collection.insertMany(documents.slice(start, start + WRITE_CHUNK));
  }
}
