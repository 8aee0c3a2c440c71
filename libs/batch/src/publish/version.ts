import { createHash } from 'node:crypto';
import type { Store } from '@shelflife/store';
import { EVENTS } from '../collections';
import type { BatchModelOptions } from '../model/relation-scoring';
import type { BatchWindow } from '../window';

/** Bumped when a pipeline's output changes meaning, so old versions are never reused for new code. */
const COMPUTATION_REVISION = 1;

export interface BatchInput {
  events: number;
  maxIngestedAt: number | null;
}

/** What a version depends on: the events up to the window's end (the archive only grows, so count + latest ingestion pin it). */
export async function describeInput(store: Store, window: BatchWindow): Promise<BatchInput> {
  const [row] = await store
    .collection(EVENTS)
    .aggregate<{ events: number; maxIngestedAt: number | null }>([
      { $match: { day: { $lte: window.to } } },
      { $group: { _id: null, events: { $sum: 1 }, maxIngestedAt: { $max: '$ingestedAt' } } },
    ]);
  return { events: row ? Number(row.events) : 0, maxIngestedAt: row?.maxIngestedAt ?? null };
}

/**
 * The version name of a window computed from given inputs with given options: rerunning the same
 * window on the same data gives the same version (idempotent); late events give a new one.
 */
export function versionOf(window: BatchWindow, input: BatchInput, options: BatchModelOptions): string {
  const digest = createHash('sha256')
    .update(JSON.stringify({ COMPUTATION_REVISION, window: [window.from, window.to], input, options }))
    .digest('hex');
  return `v${window.from.replace(/-/g, '')}-${window.to.replace(/-/g, '')}-${digest.slice(0, 10)}`;
}
