import type { BatchRelations } from './batch-relations';
import { DecayClock } from './decay-clock';
import { EventIdDedup } from './event-id-dedup';
import type { RecsOptions } from './options';
import { PopularityBoard } from './popularity-board';
import { ProductIndex } from './product-index';
import { RelationTable } from './relation-table';
import { HistoryStore } from './history-store';
import { LearningJournal } from './learning-journal';

/** Everything the model holds; the learner, the query side and the snapshot code share it. */
export interface ModelState {
  readonly options: RecsOptions;
  products: ProductIndex;
  relations: RelationTable;
  clock: DecayClock;
  sessions: HistoryStore;
  users: HistoryStore;
  popularity: PopularityBoard;
  dedup: EventIdDedup;
  /** What the recent events added, so a quarantine verdict can take it back (not part of snapshots). */
  journal: LearningJournal;
  batch: BatchRelations | null;
  eventsApplied: number;
  duplicatesIgnored: number;
  eventsRetracted: number;
  /** Events whose time was pulled back for decay (dated ahead of their receiving clock, or far ahead of the model clock). */
  eventTimesBounded: number;
  /**
   * How far past the model clock an event may be weighted: halfLifeMs / 8 (at most 2^(1/8) = 1.09 times a normal
   * event's weight), or maxFutureSkewMs if larger, so an outlier the watermark ignored still weighs like one event.
   */
  readonly weightAheadMs: number;
  /** The clock a restored snapshot carried when it was ahead of the restore time (and was brought back), else null. */
  clockRepairedFrom: number | null;
}

export function createModelState(
  options: RecsOptions,
  products = new ProductIndex(),
  dedup = new EventIdDedup(options.dedupWindow),
): ModelState {
  return {
    options,
    products,
    relations: new RelationTable(options.maxRelationsPerProduct, options.relationSlack),
    clock: new DecayClock(options.halfLifeMs, 0, 0, false, options.clockWatermarkRank),
    sessions: new HistoryStore(options.maxSessions, options.maxSessionHistory),
    users: new HistoryStore(options.maxSessions, options.maxSessionHistory),
    popularity: new PopularityBoard(options.popularTracked, (product) => products.count(product)),
    dedup,
    journal: new LearningJournal(options.journalMaxEvents, options.journalMaxAgeMs),
    batch: null,
    eventsApplied: 0,
    duplicatesIgnored: 0,
    eventsRetracted: 0,
    eventTimesBounded: 0,
    weightAheadMs: Math.max(options.maxFutureSkewMs, options.halfLifeMs / 8),
    clockRepairedFrom: null,
  };
}
