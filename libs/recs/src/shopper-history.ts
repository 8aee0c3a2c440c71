import { decodeInt32, type ArrayEncoder } from './typed-array-codec';

export const VIEWED = 1;
export const IN_CART = 2;
export const PURCHASED = 4;

/** The history's Int32Array as base64 plus its counters: cheap to write for 200,000 histories. */
export interface ShopperHistorySnapshot<A = string> {
  data: A;
  capacity: number;
  length: number;
  flagCount: number;
  lastSeen: number;
}

/** Item weights are kept in fixed point (1/1024 of an event weight): precise enough to average two of them. */
const WEIGHT_SCALE = 1024;
const INITIAL_CAPACITY = 4;

/**
 * The recent items of one session or one user, oldest first, capped: what new items are paired with,
 * what a session query blends, and what exclusions remove. `origin` tells which session an item came from,
 * so a user's history can pair only across sessions.
 *
 * There can be 200,000 of these, so everything lives in one Int32Array that grows up to the cap
 * ([items | origins | weights | flag products | flag bits]): about 7 × 4 bytes per remembered item, against
 * over 1 KiB for the same in JS arrays and a Map.
 */
export class ShopperHistory {
  private data: Int32Array;
  private capacity: number;
  length = 0;
  private flagCount = 0;
  lastSeen = 0;
  /** Set when touched again after creation, cleared when eviction passes over it: a second chance instead of reordering a Map per event. */
  recentlyUsed = false;

  constructor(private readonly cap: number) {
    this.capacity = Math.min(cap, INITIAL_CAPACITY);
    this.data = new Int32Array(this.capacity * 7);
  }

  get lastItem(): number {
    return this.length === 0 ? -1 : this.itemAt(this.length - 1);
  }

  itemAt(i: number): number {
    return this.data[i]!;
  }

  originAt(i: number): number {
    return this.data[this.capacity + i]!;
  }

  weightAt(i: number): number {
    return this.data[2 * this.capacity + i]! / WEIGHT_SCALE;
  }

  setWeightAt(i: number, weight: number): void {
    this.data[2 * this.capacity + i] = Math.round(weight * WEIGHT_SCALE);
  }

  push(product: number, weight: number, origin: number): void {
    if (this.length === this.capacity) {
      if (this.capacity < this.cap) this.grow();
      else this.dropOldestItem();
    }
    const i = this.length++;
    this.data[i] = product;
    this.data[this.capacity + i] = origin;
    this.setWeightAt(i, weight);
  }

  /** Sets and clears flag bits of a product; the flags of up to twice the cap of products are kept, least recently marked dropped first. */
  mark(product: number, set: number, clear: number): void {
    let before = 0;
    for (let i = 0; i < this.flagCount; i++) {
      if (this.data[3 * this.capacity + i] === product) {
        before = this.data[5 * this.capacity + i]!;
        this.removeFlagAt(i); // re-added last: the order is "least recently marked first"
        break;
      }
    }
    if (this.flagCount === 2 * this.capacity) {
      if (this.capacity < this.cap) this.grow();
      else this.removeFlagAt(0);
    }
    this.data[3 * this.capacity + this.flagCount] = product;
    this.data[5 * this.capacity + this.flagCount] = (before | set) & ~clear;
    this.flagCount++;
  }

  flagsOf(product: number): number {
    for (let i = 0; i < this.flagCount; i++) if (this.data[3 * this.capacity + i] === product) return this.data[5 * this.capacity + i]!;
    return 0;
  }

  hasFlag(product: number, flag: number): boolean {
    return (this.flagsOf(product) & flag) !== 0;
  }

  /** Products with any of the flag bits in mask. */
  flagged(mask: number): number[] {
    const result: number[] = [];
    for (let i = 0; i < this.flagCount; i++)
      if ((this.data[5 * this.capacity + i]! & mask) !== 0) result.push(this.data[3 * this.capacity + i]!);
    return result;
  }

  /** The most recent distinct items, newest first. */
  recentDistinct(limit: number): number[] {
    const seen: number[] = [];
    for (let i = this.length - 1; i >= 0 && seen.length < limit; i--) {
      const item = this.itemAt(i);
      if (!seen.includes(item)) seen.push(item);
    }
    return seen;
  }

  /** For a packed capture (PackedHistories): the raw table and the counters the snapshot format carries. */
  get dataLength(): number {
    return this.data.length;
  }

  get snapshotCapacity(): number {
    return this.capacity;
  }

  get snapshotFlagCount(): number {
    return this.flagCount;
  }

  copyDataInto(target: Int32Array, offset: number): void {
    target.set(this.data, offset);
  }

  toSnapshot<A>(encode: ArrayEncoder<A>): ShopperHistorySnapshot<A> {
    return {
      data: encode(this.data, false),
      capacity: this.capacity,
      length: this.length,
      flagCount: this.flagCount,
      lastSeen: this.lastSeen,
    };
  }

  /** Restores a history; with a smaller cap than it was written with, only its newest items and flags are kept. */
  static fromSnapshot(snapshot: ShopperHistorySnapshot, cap: number): ShopperHistory {
    const data = decodeInt32(snapshot.data);
    const { capacity, length, flagCount } = snapshot;
    if (data.length !== capacity * 7 || length > capacity || flagCount > 2 * capacity) {
      throw new Error(`snapshot has a corrupt session history (capacity ${capacity}, ${data.length} values): rebuild from events`);
    }
    const restored = new ShopperHistory(Math.max(cap, capacity));
    restored.data = data;
    restored.capacity = capacity;
    restored.length = length;
    restored.flagCount = flagCount;
    restored.lastSeen = snapshot.lastSeen;
    if (capacity <= cap) return restored;
    const capped = new ShopperHistory(cap);
    for (let i = Math.max(0, length - cap); i < length; i++) capped.push(restored.itemAt(i), restored.weightAt(i), restored.originAt(i));
    for (let i = 0; i < flagCount; i++) capped.mark(data[3 * capacity + i]!, data[5 * capacity + i]!, 0);
    capped.lastSeen = snapshot.lastSeen;
    return capped;
  }

  private dropOldestItem(): void {
    const c = this.capacity;
    for (let region = 0; region < 3; region++) this.data.copyWithin(region * c, region * c + 1, region * c + this.length);
    this.length--;
  }

  private removeFlagAt(i: number): void {
    const c = this.capacity;
    this.data.copyWithin(3 * c + i, 3 * c + i + 1, 3 * c + this.flagCount);
    this.data.copyWithin(5 * c + i, 5 * c + i + 1, 5 * c + this.flagCount);
    this.flagCount--;
  }

  /** Doubles every region (up to the cap), keeping each region's contents. */
  private grow(): void {
    const old = this.data;
    const c = this.capacity;
    const n = Math.min(this.cap, c * 2);
    const data = new Int32Array(n * 7);
    data.set(old.subarray(0, this.length), 0);
    data.set(old.subarray(c, c + this.length), n);
    data.set(old.subarray(2 * c, 2 * c + this.length), 2 * n);
    data.set(old.subarray(3 * c, 3 * c + this.flagCount), 3 * n);
    data.set(old.subarray(5 * c, 5 * c + this.flagCount), 5 * n);
    this.data = data;
    this.capacity = n;
  }
}
