import type { EventType, ShopEvent } from '@shelflife/contracts';

/** What a retraction's matcher sees of one journalled event (one reused object: read it, do not keep it). */
export interface JournalEvent {
  source: string;
  type: EventType;
  /** The price's currency, '' when the event carried no price. */
  currency: string;
  productId: string;
  occurredAt: number;
}

const TYPES: readonly EventType[] = ['view', 'add_to_cart', 'remove_from_cart', 'purchase'];
const TYPE_CODE: Record<string, number> = { view: 0, add_to_cart: 1, remove_from_cart: 2, purchase: 3 };
const MAX_CHUNK_EVENTS = 4096;
/** Sources and currencies are interned into 16-bit codes; a stream with more distinct values than this is broken anyway. */
const MAX_DISTINCT_STRINGS = 65_535;
const RETRACTED = 1;

/**
 * A block of consecutive entries in flat typed arrays (46 bytes per entry plus 16 per pair): no object per
 * event, so journalling costs a few array writes on the hot path.
 */
class JournalChunk {
  size = 0;
  pairs = 0;
  readonly fingerprints: Uint32Array;
  readonly products: Int32Array;
  readonly occurredAt: Float64Array;
  /** The model clock when the entry was made: never decreases in apply order, so it dates the entry for the age bound. */
  readonly appliedAt: Float64Array;
  /** What the event added to its product's count, in stored (forward-decayed) units. */
  readonly countAdded: Float64Array;
  /** Entry i's pairs are [pairEnd[i - 1], pairEnd[i]) (from 0 for the first). */
  readonly pairEnd: Int32Array;
  readonly sources: Uint16Array;
  readonly currencies: Uint16Array;
  readonly types: Uint8Array;
  readonly flags: Uint8Array;
  /** [earlier, later] per pair: the forward increment; the backward one is weight × backwardWeight, recomputed exactly. */
  pairProducts: Int32Array;
  pairWeights: Float64Array;

  constructor(readonly capacity: number) {
    this.fingerprints = new Uint32Array(capacity * 2);
    this.products = new Int32Array(capacity);
    this.occurredAt = new Float64Array(capacity);
    this.appliedAt = new Float64Array(capacity);
    this.countAdded = new Float64Array(capacity);
    this.pairEnd = new Int32Array(capacity);
    this.sources = new Uint16Array(capacity);
    this.currencies = new Uint16Array(capacity);
    this.types = new Uint8Array(capacity);
    this.flags = new Uint8Array(capacity);
    // Pairs grow by doubling: a typical event teaches far fewer than the worst case (pairWindow + crossSessionWindow).
    this.pairProducts = new Int32Array(capacity * 8);
    this.pairWeights = new Float64Array(capacity * 4);
  }

  reset(): void {
    this.size = 0;
    this.pairs = 0;
  }

  pairStart(i: number): number {
    return i === 0 ? 0 : this.pairEnd[i - 1]!;
  }

  pushPair(earlier: number, later: number, weight: number): void {
    if (this.pairs === this.pairWeights.length) {
      const products = new Int32Array(this.pairProducts.length * 2);
      products.set(this.pairProducts);
      const weights = new Float64Array(this.pairWeights.length * 2);
      weights.set(this.pairWeights);
      this.pairProducts = products;
      this.pairWeights = weights;
    }
    this.pairProducts[this.pairs * 2] = earlier;
    this.pairProducts[this.pairs * 2 + 1] = later;
    this.pairWeights[this.pairs] = weight;
    this.pairs++;
    this.pairEnd[this.size - 1] = this.pairs;
  }

  get byteLength(): number {
    return (
      this.fingerprints.byteLength +
      this.products.byteLength +
      this.occurredAt.byteLength +
      this.appliedAt.byteLength +
      this.countAdded.byteLength +
      this.pairEnd.byteLength +
      this.sources.byteLength +
      this.currencies.byteLength +
      this.types.byteLength +
      this.flags.byteLength +
      this.pairProducts.byteLength +
      this.pairWeights.byteLength
    );
  }
}

/** Where an entry is: chunk position in the journal (oldest first) and index in the chunk. */
export interface JournalPosition {
  chunk: number;
  entry: number;
}

/**
 * Undoes one entry: its product's count increment, and its pairs k in [from, to): earlier = pairProducts[2k],
 * later = pairProducts[2k + 1], forward increment pairWeights[k].
 */
export type UndoEntry = (
  product: number,
  countAdded: number,
  pairProducts: Int32Array,
  pairWeights: Float64Array,
  from: number,
  to: number,
) => void;

/**
 * The recent learning journal: for each of the most recent applied events, exactly what learnEvent added
 * (the product's count increment and each pair increment, in stored forward-decay units), so that a
 * quarantine verdict can take back what the model learned from the faulty events before it arrived.
 *
 * Bounded by count (between maxEvents − one chunk and maxEvents entries, a chunk being at most a quarter of
 * the bound) and by age: an entry expires once the model clock (latest event time) has moved more than maxAgeMs
 * past the clock at which it was applied; expired entries are never retracted and their chunk is freed once
 * its newest entry has expired. Entries are in apply order, so once an entry is gone every remaining one was
 * applied after it.
 */
export class LearningJournal {
  private chunks: JournalChunk[] = [];
  private spare: JournalChunk | undefined;
  private total = 0;
  private readonly chunkEvents: number;
  private readonly stringCodes = new Map<string, number>();
  private strings: string[] = [];
  /** The chunk holding the entry begin() opened; null when the journal is off or was cleared (addCount/addPair then do nothing). */
  private current: JournalChunk | null = null;
  // Consecutive events mostly share source and currency: one string comparison instead of a Map lookup.
  private lastSource = '';
  private lastSourceCode = -1;
  private lastCurrency = '';
  private lastCurrencyCode = -1;

  constructor(
    readonly maxEvents: number,
    readonly maxAgeMs: number,
  ) {
    // Evicting a whole chunk keeps at least 3/4 of the bound.
    this.chunkEvents = Math.max(1, Math.min(MAX_CHUNK_EVENTS, Math.ceil(maxEvents / 4)));
  }

  get size(): number {
    return this.total;
  }

  get byteLength(): number {
    let bytes = 0;
    for (const chunk of this.chunks) bytes += chunk.byteLength;
    return bytes;
  }

  /** Opens the entry of an event about to be learned; `now` is the model clock (latest event time). */
  begin(fingerprintHigh: number, fingerprintLow: number, product: number, event: ShopEvent, now: number): void {
    if (this.maxEvents === 0) return;
    this.evict(now);
    let chunk = this.chunks[this.chunks.length - 1];
    if (!chunk || chunk.size === chunk.capacity) {
      chunk = this.spare ?? new JournalChunk(this.chunkEvents);
      this.spare = undefined;
      chunk.reset();
      this.chunks.push(chunk);
    }
    const sourceText = event.source;
    const currencyText = event.price?.currency ?? '';
    const source =
      sourceText === this.lastSource && this.lastSourceCode >= 0
        ? this.lastSourceCode
        : (this.lastSourceCode = this.code((this.lastSource = sourceText)));
    const currency =
      currencyText === this.lastCurrency && this.lastCurrencyCode >= 0
        ? this.lastCurrencyCode
        : (this.lastCurrencyCode = this.code((this.lastCurrency = currencyText)));
    if (source < 0 || currency < 0) {
      // More distinct sources or currencies than a sane stream has: start over rather than grow without bound.
      this.clear();
      this.begin(fingerprintHigh, fingerprintLow, product, event, now);
      return;
    }
    const i = chunk.size++;
    chunk.fingerprints[i * 2] = fingerprintHigh;
    chunk.fingerprints[i * 2 + 1] = fingerprintLow;
    chunk.products[i] = product;
    chunk.occurredAt[i] = event.occurredAt;
    chunk.appliedAt[i] = now;
    chunk.countAdded[i] = 0;
    chunk.pairEnd[i] = chunk.pairs;
    chunk.sources[i] = source;
    chunk.currencies[i] = currency;
    chunk.types[i] = TYPE_CODE[event.type] ?? 0;
    chunk.flags[i] = 0;
    this.total++;
    this.current = chunk;
  }

  /** The open entry's product count grew by weight (stored units). */
  addCount(weight: number): void {
    const chunk = this.current;
    if (chunk) chunk.countAdded[chunk.size - 1]! += weight;
  }

  /** The open entry added weight to earlier -> later (and weight × backwardWeight to the reverse). */
  addPair(earlier: number, later: number, weight: number): void {
    this.current?.pushPair(earlier, later, weight);
  }

  /** The decay clock moved its landmark: increments follow the model's tables, so a retraction stays exact. */
  rescale(factor: number): void {
    for (const chunk of this.chunks) {
      for (let i = 0; i < chunk.size; i++) chunk.countAdded[i]! *= factor;
      for (let k = 0; k < chunk.pairs; k++) chunk.pairWeights[k]! *= factor;
    }
  }

  clear(): void {
    this.chunks = [];
    this.spare = undefined;
    this.total = 0;
    this.stringCodes.clear();
    this.strings = [];
    this.current = null;
    this.lastSourceCode = -1;
    this.lastCurrencyCode = -1;
  }

  /**
   * The newest unexpired entry of an event id's fingerprint (retracted or not: it still marks where a fault
   * began), or null. `now` is the model clock: entries applied more than maxAgeMs before it have expired.
   */
  find(fingerprintHigh: number, fingerprintLow: number, now: number): JournalPosition | null {
    const expiredBefore = now - this.maxAgeMs;
    for (let c = this.chunks.length - 1; c >= 0; c--) {
      const chunk = this.chunks[c]!;
      for (let i = chunk.size - 1; i >= 0; i--) {
        if (chunk.appliedAt[i]! < expiredBefore) return null;
        if (chunk.fingerprints[i * 2] === fingerprintHigh && chunk.fingerprints[i * 2 + 1] === fingerprintLow)
          return { chunk: c, entry: i };
      }
    }
    return null;
  }

  /** Position of the oldest entry (everything in the journal). */
  start(): JournalPosition {
    return { chunk: 0, entry: 0 };
  }

  /**
   * Visits the unexpired entries not yet retracted from `from` on (apply order) with occurredAt >= minTime; for
   * each one `match` accepts, calls undo and marks it retracted. Returns the retracted entries' fingerprints.
   */
  retractFrom(
    from: JournalPosition,
    minTime: number,
    now: number,
    match: (event: JournalEvent) => boolean,
    productIdOf: (product: number) => string,
    undo: UndoEntry,
  ): Uint32Array {
    const view: JournalEvent = { source: '', type: 'view', currency: '', productId: '', occurredAt: 0 };
    const retracted: number[] = [];
    const expiredBefore = now - this.maxAgeMs;
    for (let c = from.chunk; c < this.chunks.length; c++) {
      const chunk = this.chunks[c]!;
      for (let i = c === from.chunk ? from.entry : 0; i < chunk.size; i++) {
        if ((chunk.flags[i]! & RETRACTED) !== 0 || chunk.occurredAt[i]! < minTime || chunk.appliedAt[i]! < expiredBefore) continue;
        view.source = this.strings[chunk.sources[i]!]!;
        view.type = TYPES[chunk.types[i]!]!;
        view.currency = this.strings[chunk.currencies[i]!]!;
        view.productId = productIdOf(chunk.products[i]!);
        view.occurredAt = chunk.occurredAt[i]!;
        if (!match(view)) continue;
        undo(chunk.products[i]!, chunk.countAdded[i]!, chunk.pairProducts, chunk.pairWeights, chunk.pairStart(i), chunk.pairEnd[i]!);
        chunk.flags[i]! |= RETRACTED;
        retracted.push(chunk.fingerprints[i * 2]!, chunk.fingerprints[i * 2 + 1]!);
      }
    }
    return Uint32Array.from(retracted);
  }

  private evict(now: number): void {
    while (this.chunks.length > 0) {
      const oldest = this.chunks[0]!;
      const tooMany = this.total >= this.maxEvents;
      const tooOld = oldest.appliedAt[oldest.size - 1]! < now - this.maxAgeMs; // its newest entry has expired
      if (!tooMany && !tooOld) return;
      this.chunks.shift();
      this.total -= oldest.size;
      this.spare = oldest;
    }
  }

  private code(text: string): number {
    const known = this.stringCodes.get(text);
    if (known !== undefined) return known;
    if (this.strings.length >= MAX_DISTINCT_STRINGS) return -1;
    this.strings.push(text);
    this.stringCodes.set(text, this.strings.length - 1);
    return this.strings.length - 1;
  }
}
