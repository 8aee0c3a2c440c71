import { FRESH_ARRAYS, type ArrayAllocator } from './capture-buffers';
import { decodeFloat64, decodeInt32, type ArrayEncoder } from './typed-array-codec';

export interface RelationTableSnapshot<A = string> {
  maxPerProduct: number;
  slotsPerProduct: number;
  /** Relations per product, in product-index order. */
  sizes: A;
  /** Neighbour indexes and weights of all products, concatenated in product order. */
  neighbors: A;
  weights: A;
}

/**
 * Weighted directed relations product -> product in flat typed arrays: each product owns a fixed block of
 * slots (the cap plus some slack), so memory is slots × 12 bytes per product and no object is allocated per
 * update. When a block is full the weakest relations are pruned back to the cap; the slack lets a new
 * relation build up weight before it has to compete with the established ones.
 */
export class RelationTable {
  readonly slotsPerProduct: number;
  private capacity = 0;
  private sizes = new Int32Array(0);
  private neighbors = new Int32Array(0);
  private weights = new Float64Array(0);
  private scratch: Float64Array;
  private total = 0;

  constructor(
    readonly maxPerProduct: number,
    slack: number,
  ) {
    this.slotsPerProduct = maxPerProduct + Math.max(1, Math.ceil(maxPerProduct * slack));
    this.scratch = new Float64Array(this.slotsPerProduct);
    this.ensureCapacity(1024);
  }

  /** Total relations stored. */
  get size(): number {
    return this.total;
  }

  get byteLength(): number {
    return this.sizes.byteLength + this.neighbors.byteLength + this.weights.byteLength;
  }

  ensureCapacity(products: number): void {
    if (products <= this.capacity) return;
    let capacity = Math.max(this.capacity, 1024);
    while (capacity < products) capacity *= 2;
    const sizes = new Int32Array(capacity);
    sizes.set(this.sizes);
    const neighbors = new Int32Array(capacity * this.slotsPerProduct);
    neighbors.set(this.neighbors);
    const weights = new Float64Array(capacity * this.slotsPerProduct);
    weights.set(this.weights);
    this.sizes = sizes;
    this.neighbors = neighbors;
    this.weights = weights;
    this.capacity = capacity;
  }

  /** Adds weight to from -> to (the caller has made room with ensureCapacity). */
  add(from: number, to: number, weight: number): void {
    const base = from * this.slotsPerProduct;
    let size = this.sizes[from]!;
    const end = base + size;
    const neighbors = this.neighbors;
    for (let slot = base; slot < end; slot++) {
      if (neighbors[slot] === to) {
        this.weights[slot]! += weight;
        return;
      }
    }
    if (size === this.slotsPerProduct) size = this.prune(from);
    neighbors[base + size] = to;
    this.weights[base + size] = weight;
    this.sizes[from] = size + 1;
    this.total++;
  }

  /**
   * Takes weight back from from -> to (a retraction). A relation that was pruned meanwhile is skipped (never
   * re-created); one left at zero (or float residue of zero) is removed, its slot filled by the block's last one.
   */
  subtract(from: number, to: number, weight: number): void {
    if (from >= this.capacity) return;
    const base = from * this.slotsPerProduct;
    const last = base + this.sizes[from]! - 1;
    for (let slot = base; slot <= last; slot++) {
      if (this.neighbors[slot] !== to) continue;
      const left = this.weights[slot]! - weight;
      if (left > weight * 1e-9) {
        this.weights[slot] = left;
        return;
      }
      this.neighbors[slot] = this.neighbors[last]!;
      this.weights[slot] = this.weights[last]!;
      this.sizes[from]!--;
      this.total--;
      return;
    }
  }

  weight(from: number, to: number): number {
    const base = from * this.slotsPerProduct;
    const end = base + (this.sizes[from] ?? 0);
    for (let slot = base; slot < end; slot++) if (this.neighbors[slot] === to) return this.weights[slot]!;
    return 0;
  }

  countOf(from: number): number {
    return from < this.capacity ? this.sizes[from]! : 0;
  }

  /** Calls visit(to, weight) for every relation of from. */
  forEach(from: number, visit: (to: number, weight: number) => void): void {
    if (from >= this.capacity) return;
    const base = from * this.slotsPerProduct;
    const end = base + this.sizes[from]!;
    for (let slot = base; slot < end; slot++) visit(this.neighbors[slot]!, this.weights[slot]!);
  }

  rescale(factor: number): void {
    for (let product = 0; product < this.capacity; product++) {
      const base = product * this.slotsPerProduct;
      const end = base + this.sizes[product]!;
      for (let slot = base; slot < end; slot++) this.weights[slot]! *= factor;
    }
  }

  /** Keeps the maxPerProduct heaviest relations of one product; returns its new size. */
  private prune(from: number): number {
    const base = from * this.slotsPerProduct;
    const size = this.sizes[from]!;
    const sorted = this.scratch;
    sorted.set(this.weights.subarray(base, base + size));
    sorted.sort();
    const threshold = sorted[size - this.maxPerProduct]!; // the lightest weight that survives
    let aboveThreshold = 0;
    for (let i = 0; i < size; i++) if (sorted[i]! > threshold) aboveThreshold++;
    let tiesToKeep = this.maxPerProduct - aboveThreshold;
    let kept = 0;
    for (let slot = base; slot < base + size; slot++) {
      const weight = this.weights[slot]!;
      if (weight > threshold || (weight === threshold && tiesToKeep-- > 0)) {
        this.neighbors[base + kept] = this.neighbors[slot]!;
        this.weights[base + kept] = weight;
        kept++;
      }
    }
    this.total -= size - kept;
    this.sizes[from] = kept;
    return kept;
  }

  toSnapshot<A>(products: number, encode: ArrayEncoder<A>, alloc: ArrayAllocator = FRESH_ARRAYS): RelationTableSnapshot<A> {
    const sizes = alloc.int32('relations.sizes', products);
    sizes.set(this.sizes.subarray(0, products));
    let total = 0;
    for (const size of sizes) total += size;
    const neighbors = alloc.int32('relations.neighbors', total);
    const weights = alloc.float64('relations.weights', total);
    // Element loops, not subarray + set: two view objects per product cost more than the copying itself.
    const sourceNeighbors = this.neighbors;
    const sourceWeights = this.weights;
    let at = 0;
    for (let product = 0; product < products; product++) {
      const base = product * this.slotsPerProduct;
      const end = base + sizes[product]!;
      for (let slot = base; slot < end; slot++, at++) {
        neighbors[at] = sourceNeighbors[slot]!;
        weights[at] = sourceWeights[slot]!;
      }
    }
    return {
      maxPerProduct: this.maxPerProduct,
      slotsPerProduct: this.slotsPerProduct,
      sizes: encode(sizes, true),
      neighbors: encode(neighbors, true),
      weights: encode(weights, true),
    };
  }

  /** Restores relations into this (possibly differently capped) table; over-cap products are pruned on the way. */
  restore(snapshot: RelationTableSnapshot): void {
    const sizes = decodeInt32(snapshot.sizes);
    const neighbors = decodeInt32(snapshot.neighbors);
    const weights = decodeFloat64(snapshot.weights);
    if (neighbors.length !== weights.length)
      throw new Error('snapshot relations are corrupt: neighbour and weight counts differ; rebuild from events');
    this.ensureCapacity(sizes.length);
    let at = 0;
    for (let product = 0; product < sizes.length; product++) {
      const size = sizes[product]!;
      if (size <= this.slotsPerProduct && this.sizes[product] === 0) {
        // The block fits as it is: copy it whole rather than re-adding (and re-scanning) each relation.
        const base = product * this.slotsPerProduct;
        this.neighbors.set(neighbors.subarray(at, at + size), base);
        this.weights.set(weights.subarray(at, at + size), base);
        this.sizes[product] = size;
        this.total += size;
        at += size;
      } else {
        for (let i = 0; i < size; i++, at++) this.add(product, neighbors[at]!, weights[at]!);
      }
    }
  }
}
