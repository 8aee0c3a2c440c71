import type { ShopEvent } from '@shelflife/contracts';
import { BatchRelations } from './batch-relations';
import { checkLearnableEvent } from './event-check';
import { learnEvent } from './learn-event';
import { createModelState, type ModelState } from './model-state';
import { resolveRecsOptions, type RecsOptions } from './options';
import type { JournalEvent } from './learning-journal';
import { recommend } from './recommend-query';
import { retractLearning, type RetractResult, type RetractSince } from './retract-learning';
import { captureState, restoreState, snapshotState, type CapturedSnapshot, type RecsSnapshot } from './snapshot';
import { FRESH_ARRAYS, type ArrayAllocator } from './capture-buffers';
import type { BatchModel, Recommendation, RecommendQuery, RecsStats } from './types';

/**
 * The stream scorer's whole brain, with no I/O: learn from events as they arrive (item-to-item relations
 * from session sequences, weighted by event type, decayed over time, capped per product), answer queries
 * for a product, a session or a user, blend in the batch model, and snapshot/restore itself.
 */
export class RecommendationModel {
  readonly options: RecsOptions;
  private state: ModelState;

  constructor(options: Partial<RecsOptions> = {}) {
    this.options = resolveRecsOptions(options);
    this.state = createModelState(this.options);
  }

  /**
   * Learns from one event with bounded work; false (and nothing learned) when its eventId was already applied.
   * Throws a TypeError naming the field when the event is unusable (dead-letter it).
   * `receivedAt` is the receiving clock, epoch ms: the envelope's `ingestedAt` when there is one (the default,
   * the wall clock, suits live events and replays of past data). An event dated more than maxFutureSkewMs past
   * it is learned as if it happened then, so a wrong clock upstream cannot move the model's clock (issue 13).
   */
  apply(event: ShopEvent, receivedAt: number = Date.now()): boolean {
    checkLearnableEvent(event);
    if (!this.state.dedup.add(event.eventId)) {
      this.state.duplicatesIgnored++;
      return false;
    }
    this.state.eventsApplied++;
    learnEvent(this.state, event, Number.isFinite(receivedAt) ? receivedAt : Date.now());
    return true;
  }

  /**
   * Takes back what the model learned from the journalled events that `match` accepts, from the first affected
   * event on: by `since.eventId` when the journal has it (or, if it was applied but has left the journal, from
   * the oldest entry), else every entry with occurredAt >= `since.at`. Counts and relations lose exactly what
   * those events added (clamped at zero; relations pruned meanwhile are skipped, none is created); their ids are
   * forgotten by the dedup so a deliberate replay learns them again. Histories keep the items.
   * `match` gets one reused object per entry: read it, do not keep it.
   */
  retract(match: (event: JournalEvent) => boolean, since: RetractSince): RetractResult {
    return retractLearning(this.state, match, since);
  }

  /** The learning journal's fill: entries held (bounded by journalMaxEvents / journalMaxAgeMs) and bytes allocated. */
  journalStats(): { events: number; bytes: number } {
    return { events: this.state.journal.size, bytes: this.state.journal.byteLength };
  }

  recommend(query: RecommendQuery): Recommendation {
    return recommend(this.state, query);
  }

  /** Replaces the batch model blended into answers (validated first: a bad model leaves the current one in place). */
  loadBatchModel(model: BatchModel): void {
    this.state.batch = BatchRelations.from(model, this.state.products);
    this.state.relations.ensureCapacity(this.state.products.size);
  }

  /**
   * Copies the tables (consistent, fast) for a writer that encodes them off the hot path; into `buffers`
   * kept by the caller from its previous capture when given (see CaptureBuffers).
   */
  captureSnapshot(buffers: ArrayAllocator = FRESH_ARRAYS): CapturedSnapshot {
    return captureState(this.state, buffers);
  }

  toSnapshot(): RecsSnapshot {
    return snapshotState(this.state);
  }

  /**
   * Rebuilds a model from toSnapshot()'s JSON. A snapshot whose clock ran ahead (written before issue 13 was
   * fixed, or by a process with a wrong clock) is repaired: its clock is brought back to `restoredAt` (default the
   * wall clock) + maxFutureSkewMs; stats().clockRepairedFrom then says from where.
   */
  static fromSnapshot(snapshot: RecsSnapshot, options: Partial<RecsOptions> = {}, restoredAt: number = Date.now()): RecommendationModel {
    const model = new RecommendationModel(options);
    model.state = restoreState(snapshot, model.options, restoredAt);
    return model;
  }

  stats(): RecsStats {
    const { products, relations, sessions, users, dedup, batch } = this.state;
    return {
      products: products.size,
      relations: relations.size,
      sessions: sessions.size,
      users: users.size,
      eventsApplied: this.state.eventsApplied,
      duplicatesIgnored: this.state.duplicatesIgnored,
      eventsRetracted: this.state.eventsRetracted,
      dedupRemembered: dedup.size,
      batchVersion: batch?.version ?? null,
      batchRelations: batch?.relationCount ?? 0,
      tableBytes: relations.byteLength + products.byteLength + dedup.byteLength,
      clock: this.state.clock.now,
      eventTimesBounded: this.state.eventTimesBounded,
      clockRepairedFrom: this.state.clockRepairedFrom,
    };
  }
}
