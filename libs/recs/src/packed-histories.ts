import { FRESH_ARRAYS, type ArrayAllocator } from './capture-buffers';
import type { ShopperHistory } from './shopper-history';

/**
 * Every session (or user) history copied into a handful of flat arrays: a consistent capture of 200,000
 * histories that allocates no object per history (per-history copies and their JSON objects made capturing
 * slower than writing). `jsonPieces` then writes them exactly as the snapshot format has them,
 * `[[key, { data, capacity, length, flagCount, lastSeen }], ...]`, a piece per history, so a sliced JSON
 * writer can pause between any two.
 */
export class PackedHistories {
  private constructor(
    private readonly keys: string[],
    private readonly data: Int32Array,
    /** Start of history i's data in `data`; entry n is the end. */
    private readonly offsets: Float64Array,
    /** capacity, length, flagCount per history. */
    private readonly counters: Uint32Array,
    private readonly lastSeen: Float64Array,
  ) {}

  static capture(
    histories: ReadonlyMap<string, ShopperHistory>,
    alloc: ArrayAllocator = FRESH_ARRAYS,
    role = 'histories',
  ): PackedHistories {
    const n = histories.size;
    const keys: string[] = new Array<string>(n);
    const offsets = alloc.float64(`${role}.offsets`, n + 1);
    const counters = alloc.uint32(`${role}.counters`, n * 3);
    const lastSeen = alloc.float64(`${role}.lastSeen`, n);
    let i = 0;
    let total = 0;
    for (const [key, history] of histories) {
      keys[i] = key;
      offsets[i] = total;
      total += history.dataLength;
      i++;
    }
    offsets[n] = total;
    const data = alloc.int32(`${role}.data`, total);
    i = 0;
    for (const history of histories.values()) {
      history.copyDataInto(data, offsets[i]!);
      counters[i * 3] = history.snapshotCapacity;
      counters[i * 3 + 1] = history.length;
      counters[i * 3 + 2] = history.snapshotFlagCount;
      lastSeen[i] = history.lastSeen;
      i++;
    }
    return new PackedHistories(keys, data, offsets, counters, lastSeen);
  }

  get size(): number {
    return this.keys.length;
  }

  *jsonPieces(): Generator<string> {
    const bytes = Buffer.from(this.data.buffer, this.data.byteOffset, this.data.byteLength);
    yield '[';
    for (let i = 0; i < this.keys.length; i++) {
      const data = bytes.subarray(this.offsets[i]! * 4, this.offsets[i + 1]! * 4).toString('base64');
      const c = i * 3;
      yield `${i > 0 ? ',' : ''}[${JSON.stringify(this.keys[i])},{"data":"${data}","capacity":${this.counters[c]},"length":${this.counters[c + 1]},"flagCount":${this.counters[c + 2]},"lastSeen":${JSON.stringify(this.lastSeen[i])}}]`;
    }
    yield ']';
  }
}
