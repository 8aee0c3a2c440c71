import { decodeFloat64, type ArrayEncoder } from './typed-array-codec';

/**
 * Interns product ids as dense integers (relations store integers, not strings) and keeps each product's
 * decayed, event-weighted occurrence count: the denominator of the similarity and the popularity signal.
 */
export class ProductIndex {
  private readonly indexById = new Map<string, number>();
  private readonly ids: string[] = [];
  private counts: Float64Array<ArrayBuffer> = new Float64Array(1024);

  get size(): number {
    return this.ids.length;
  }

  /** The counts table; the id strings and their map are extra (roughly 60-100 bytes per product). */
  get byteLength(): number {
    return this.counts.byteLength;
  }

  lookup(productId: string): number | undefined {
    return this.indexById.get(productId);
  }

  /** The product's index, adding it when new. */
  intern(productId: string): number {
    const known = this.indexById.get(productId);
    if (known !== undefined) return known;
    const index = this.ids.length;
    this.ids.push(productId);
    this.indexById.set(productId, index);
    if (index >= this.counts.length) this.counts = grow(this.counts, index + 1);
    return index;
  }

  idOf(index: number): string {
    const id = this.ids[index];
    if (id === undefined) throw new RangeError(`no product at index ${index}`);
    return id;
  }

  count(index: number): number {
    return this.counts[index] ?? 0;
  }

  addCount(index: number, weight: number): number {
    return (this.counts[index]! += weight);
  }

  /** Takes back an increment (a retraction), clamping at zero: float residue of a sum undone in another order counts as zero. */
  subtractCount(index: number, weight: number): number {
    const left = this.counts[index]! - weight;
    return (this.counts[index] = left <= weight * 1e-9 ? 0 : left);
  }

  rescale(factor: number): void {
    for (let i = 0; i < this.ids.length; i++) this.counts[i]! *= factor;
  }

  toSnapshot<A>(encode: ArrayEncoder<A>): { ids: string[]; counts: A } {
    return { ids: this.ids.slice(), counts: encode(this.counts.subarray(0, this.ids.length), false) };
  }

  static fromSnapshot(snapshot: { ids: string[]; counts: string }): ProductIndex {
    const index = new ProductIndex();
    const counts = decodeFloat64(snapshot.counts);
    if (counts.length !== snapshot.ids.length) {
      throw new Error(`snapshot has ${snapshot.ids.length} product ids but ${counts.length} counts: it is corrupt, rebuild from events`);
    }
    for (const id of snapshot.ids) index.intern(id);
    index.counts.set(counts);
    return index;
  }
}

function grow(array: Float64Array, atLeast: number): Float64Array<ArrayBuffer> {
  let length = array.length;
  while (length < atLeast) length *= 2;
  const bigger = new Float64Array(length);
  bigger.set(array);
  return bigger;
}
