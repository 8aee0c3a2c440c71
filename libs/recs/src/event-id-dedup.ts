import { FRESH_ARRAYS, type ArrayAllocator } from './capture-buffers';
import { decodeUint32, type ArrayEncoder } from './typed-array-codec';

/**
 * Remembers recent event ids in bounded memory: two generations of open-addressing tables of 64-bit
 * fingerprints. When the current generation is full it becomes the previous one and a fresh one starts,
 * so between `window` and `2 * window` most recent ids are recognised, in fixed memory (16 bytes per slot).
 * A fingerprint collision (about 1 in 2^64 per pair) would drop one event, which is acceptable for counts.
 */
export class EventIdDedup {
  private current: FingerprintTable;
  private previous: FingerprintTable;
  /** The fingerprint of the id last passed to add(): the learning journal keys its entries by it (8 bytes, no string kept). */
  lastHigh = 0;
  lastLow = 0;

  constructor(readonly window: number) {
    this.current = new FingerprintTable(window);
    this.previous = new FingerprintTable(window);
  }

  /** Records the id; false when it was seen within the window (a redelivery). */
  add(eventId: string): boolean {
    fingerprint(eventId);
    this.lastHigh = fingerprintHigh;
    this.lastLow = fingerprintLow;
    return this.addFingerprint(fingerprintHigh, fingerprintLow);
  }

  /** The 64-bit fingerprint of an id, as [high, low] (for lookups outside the hot path). */
  static fingerprintOf(eventId: string): [number, number] {
    fingerprint(eventId);
    return [fingerprintHigh, fingerprintLow];
  }

  hasFingerprint(high: number, low: number): boolean {
    return this.current.has(high, low) || this.previous.has(high, low);
  }

  /** Forgets an id (a retracted event), so that a deliberate replay of it is learned again; false if it was not remembered. */
  forgetFingerprint(high: number, low: number): boolean {
    return this.current.remove(high, low) || this.previous.remove(high, low);
  }

  has(eventId: string): boolean {
    fingerprint(eventId);
    return this.current.has(fingerprintHigh, fingerprintLow) || this.previous.has(fingerprintHigh, fingerprintLow);
  }

  get size(): number {
    return this.current.size + this.previous.size;
  }

  get byteLength(): number {
    return this.current.byteLength + this.previous.byteLength;
  }

  /** Fingerprints, oldest generation first, as base64 (compact and JSON-safe). */
  toSnapshot<A>(encode: ArrayEncoder<A>, alloc: ArrayAllocator = FRESH_ARRAYS): { window: number; previous: A; current: A } {
    return {
      window: this.window,
      previous: encode(this.previous.packed(alloc, 'dedup.previous'), true),
      current: encode(this.current.packed(alloc, 'dedup.current'), true),
    };
  }

  static fromSnapshot(snapshot: { window: number; previous: string; current: string }, window = snapshot.window): EventIdDedup {
    const dedup = new EventIdDedup(window);
    for (const encoded of [snapshot.previous, snapshot.current]) {
      const pairs = decodeUint32(encoded);
      for (let i = 0; i + 1 < pairs.length; i += 2) dedup.addFingerprint(pairs[i]!, pairs[i + 1]!);
    }
    return dedup;
  }

  private addFingerprint(high: number, low: number): boolean {
    if (this.current.has(high, low) || this.previous.has(high, low)) return false;
    if (this.current.size >= this.window) {
      this.previous = this.current;
      this.current = new FingerprintTable(this.window);
    }
    this.current.insert(high, low);
    return true;
  }
}

/** Open addressing with linear probing at load <= 0.5; (0, 0) marks an empty slot, so it is never stored as a key. */
class FingerprintTable {
  private readonly keys: Uint32Array;
  private readonly mask: number;
  size = 0;

  constructor(capacity: number) {
    let slots = 2;
    while (slots < capacity * 2) slots *= 2;
    this.keys = new Uint32Array(slots * 2);
    this.mask = slots - 1;
  }

  get byteLength(): number {
    return this.keys.byteLength;
  }

  has(high: number, low: number): boolean {
    for (let slot = low & this.mask; ; slot = (slot + 1) & this.mask) {
      const h = this.keys[slot * 2]!;
      const l = this.keys[slot * 2 + 1]!;
      if (h === 0 && l === 0) return false;
      if (h === high && l === low) return true;
    }
  }

  insert(high: number, low: number): void {
    let slot = low & this.mask;
    while (this.keys[slot * 2] !== 0 || this.keys[slot * 2 + 1] !== 0) slot = (slot + 1) & this.mask;
    this.keys[slot * 2] = high;
    this.keys[slot * 2 + 1] = low;
    this.size++;
  }

  /** Deletes a key with backward-shift deletion (no tombstones, so lookups stay as fast as before). */
  remove(high: number, low: number): boolean {
    const keys = this.keys;
    const mask = this.mask;
    let hole = low & mask;
    for (; ; hole = (hole + 1) & mask) {
      const h = keys[hole * 2]!;
      const l = keys[hole * 2 + 1]!;
      if (h === 0 && l === 0) return false;
      if (h === high && l === low) break;
    }
    // Move later members of the probe run back into the hole unless their home slot lies cyclically in (hole, j].
    for (let j = (hole + 1) & mask; ; j = (j + 1) & mask) {
      const h = keys[j * 2]!;
      const l = keys[j * 2 + 1]!;
      if (h === 0 && l === 0) break;
      const home = l & mask;
      const stays = hole <= j ? hole < home && home <= j : hole < home || home <= j;
      if (stays) continue;
      keys[hole * 2] = h;
      keys[hole * 2 + 1] = l;
      hole = j;
    }
    keys[hole * 2] = 0;
    keys[hole * 2 + 1] = 0;
    this.size--;
    return true;
  }

  /** The fingerprints in use, as (high, low) pairs. */
  packed(alloc: ArrayAllocator, role: string): Uint32Array {
    const used = alloc.uint32(role, this.size * 2);
    let n = 0;
    for (let i = 0; i < this.keys.length; i += 2) {
      if (this.keys[i] !== 0 || this.keys[i + 1] !== 0) {
        used[n++] = this.keys[i]!;
        used[n++] = this.keys[i + 1]!;
      }
    }
    return used;
  }
}

// The last fingerprint computed: module variables rather than a returned pair, so hashing allocates nothing.
let fingerprintHigh = 0;
let fingerprintLow = 0;

/** Two independent 32-bit FNV-1a style hashes (different seeds and multipliers) make a 64-bit fingerprint. */
function fingerprint(text: string): void {
  let h1 = 0x811c9dc5;
  let h2 = 0x9747b28c;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  h1 >>>= 0;
  h2 >>>= 0;
  if (h1 === 0 && h2 === 0) h2 = 1;
  fingerprintHigh = h1;
  fingerprintLow = h2;
}
