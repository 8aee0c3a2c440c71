import { ShopperHistory, type ShopperHistorySnapshot } from './shopper-history';
import type { ArrayAllocator } from './capture-buffers';
import { PackedHistories } from './packed-histories';
import type { ArrayEncoder } from './typed-array-codec';

/**
 * Histories by key (session id or user id), bounded: beyond the cap the oldest history that has not been used
 * since eviction last passed it goes (the CLOCK approximation of least-recently-used, with no per-event reordering).
 */
export class HistoryStore {
  private readonly histories = new Map<string, ShopperHistory>();
  private hand: MapIterator<[string, ShopperHistory]> = this.histories.entries();

  constructor(
    private readonly maxHistories: number,
    private readonly historyCap: number,
  ) {}

  get size(): number {
    return this.histories.size;
  }

  get(key: string): ShopperHistory | undefined {
    return this.histories.get(key);
  }

  /** The history for key, created when new, and marked most recently active. */
  touch(key: string, now: number): ShopperHistory {
    let history = this.histories.get(key);
    if (history) {
      history.recentlyUsed = true;
    } else {
      if (this.histories.size >= this.maxHistories) this.evictOne();
      history = new ShopperHistory(this.historyCap);
      this.histories.set(key, history);
    }
    if (now > history.lastSeen) history.lastSeen = now;
    return history;
  }

  /**
   * The CLOCK hand: a live iterator that keeps its place across calls (a fresh iterator per eviction would
   * rescan the deleted slots at the front of the Map every time). Used histories get a second chance.
   */
  private evictOne(): void {
    for (;;) {
      let step = this.hand.next();
      if (step.done) {
        this.hand = this.histories.entries();
        step = this.hand.next();
      }
      const [key, history] = step.value!;
      if (!history.recentlyUsed) {
        this.histories.delete(key);
        return;
      }
      history.recentlyUsed = false;
    }
  }

  /** All histories as they are now, in flat arrays (see PackedHistories). */
  capture(alloc: ArrayAllocator, role: string): PackedHistories {
    return PackedHistories.capture(this.histories, alloc, role);
  }

  toSnapshot<A>(encode: ArrayEncoder<A>): [string, ShopperHistorySnapshot<A>][] {
    return [...this.histories].map(([key, history]) => [key, history.toSnapshot(encode)]);
  }

  restore(entries: [string, ShopperHistorySnapshot][]): void {
    for (const [key, snapshot] of entries.slice(-this.maxHistories))
      this.histories.set(key, ShopperHistory.fromSnapshot(snapshot, this.historyCap));
  }
}
