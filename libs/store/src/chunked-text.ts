import { randomUUID } from 'node:crypto';
import type { Collection, Store, StoredDocument } from './store';

/** Well under MongoDB's 16 MiB document limit even if every character took 4 bytes in UTF-8. */
const DEFAULT_CHUNK_CHARS = 4 * 1024 * 1024;
/** Chunks of a set no header points to, older than this, were left by a writer that died mid-save. */
const ORPHAN_AGE_MS = 60 * 60 * 1000;

export interface ChunkedTextHeader extends StoredDocument {
  _id: string;
  /** Only a header of the same lineage and a higher version replaces this one. */
  lineage: string;
  version: number;
  setId: string;
  chunks: number;
  chars: number;
  savedAt: number;
}

interface TextChunk extends StoredDocument {
  _id: string;
  key: string;
  setId: string;
  seq: number;
  text: string;
  writtenAt: number;
}

export type ChunkedTextWrite = 'saved' | 'superseded';

export interface ChunkedTextOptions {
  /** Headers go in this collection, chunks in `<collection>_chunks`. */
  collection: string;
  chunkChars?: number;
}

/**
 * A text too large for one document (a model snapshot of hundreds of MB), kept in the shared store
 * as numbered chunks under one header per key. Readers follow the header, which moves to a new set
 * of chunks only once all of them are written (compare-and-set), so a reader never sees half a save.
 * Versions only go forward within a lineage: of two writers the one with the higher version wins and
 * the other's chunks are removed. A different lineage (a bus whose offsets started again) replaces it.
 *
 * MongoDB's GridFS does this for files, but only on MongoDB; this runs on both stores with the
 * repository interface the services already use.
 */
export class ChunkedTextSlot {
  private readonly headers: Collection<ChunkedTextHeader>;
  private readonly chunks: Collection<TextChunk>;
  private readonly chunkChars: number;
  private indexed?: Promise<void>;

  constructor(
    store: Store,
    private readonly key: string,
    options: ChunkedTextOptions,
  ) {
    this.headers = store.collection<ChunkedTextHeader>(options.collection);
    this.chunks = store.collection<TextChunk>(`${options.collection}_chunks`);
    this.chunkChars = options.chunkChars ?? DEFAULT_CHUNK_CHARS;
  }

  header(): Promise<ChunkedTextHeader | null> {
    return this.headers.findOne({ _id: this.key });
  }

  /**
   * Writes what `produce` emits as a new set of chunks, then points the header at it unless a newer
   * version of the same lineage got there first ('superseded': nothing of this write is kept).
   */
  async write(
    lineage: string,
    version: number,
    produce: (emit: (text: string) => Promise<void>) => Promise<void>,
  ): Promise<ChunkedTextWrite> {
    if (isSuperseded(await this.header(), lineage, version)) return 'superseded';
    await this.ensureIndexes();
    const setId = randomUUID();
    let pending = '';
    let seq = 0;
    let chars = 0;
    const flush = async (all: boolean) => {
      while (pending.length >= this.chunkChars || (all && pending.length > 0)) {
        const text = pending.slice(0, this.chunkChars);
        pending = pending.slice(text.length);
        await this.chunks.insertMany([{ _id: `${this.key}/${setId}/${seq}`, key: this.key, setId, seq, text, writtenAt: Date.now() }]);
        seq += 1;
        chars += text.length;
      }
    };
    try {
      await produce(async (text) => {
        pending += text;
        await flush(false);
      });
      await flush(true);
    } catch (error) {
      await this.chunks.deleteMany({ key: this.key, setId });
      throw error;
    }
    const header: ChunkedTextHeader = { _id: this.key, lineage, version, setId, chunks: seq, chars, savedAt: Date.now() };
    const replaced = await this.swapHeader(header);
    if (replaced === 'superseded') {
      await this.chunks.deleteMany({ key: this.key, setId });
      return 'superseded';
    }
    await this.chunks.deleteMany({
      key: this.key,
      setId: { $ne: setId },
      $or: [{ setId: replaced ?? '' }, { writtenAt: { $lt: Date.now() - ORPHAN_AGE_MS } }],
    });
    return 'saved';
  }

  /** The text the header points to, or null when there is none. */
  async read(): Promise<{ header: ChunkedTextHeader; text: string } | null> {
    // A save that lands between reading the header and its chunks removes them: read again once.
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const header = await this.header();
      if (!header) return null;
      const chunks = await this.chunks.find({ key: this.key, setId: header.setId }, { sort: { seq: 1 } });
      if (chunks.length === header.chunks && chunks.every((chunk, i) => chunk.seq === i)) {
        const text = chunks.map((chunk) => chunk.text).join('');
        if (text.length === header.chars) return { header, text };
      }
    }
    throw new Error(`the shared text "${this.key}" is incomplete (chunks missing under its header): it is rewritten at the next save`);
  }

  /** Points the header at the new set; returns the set it replaced (undefined when there was none) or 'superseded'. */
  private async swapHeader(header: ChunkedTextHeader): Promise<string | undefined | 'superseded'> {
    for (;;) {
      const current = await this.header();
      if (isSuperseded(current, header.lineage, header.version)) return 'superseded';
      if (!current) {
        const { inserted } = await this.headers.insertMany([header]);
        if (inserted === 1) return undefined;
        continue; // another writer created it first: compare with theirs
      }
      // Compare-and-set on the set id read just now: a writer in between makes this match nothing.
      const { _id, ...fields } = header;
      const { matched } = await this.headers.updateOne({ _id, setId: current.setId }, { $set: fields });
      if (matched === 1) return current.setId;
    }
  }

  private ensureIndexes(): Promise<void> {
    this.indexed ??= this.chunks.createIndexes([{ name: 'key_set_seq', key: { key: 1, setId: 1, seq: 1 } }]);
    return this.indexed;
  }
}

function isSuperseded(current: ChunkedTextHeader | null, lineage: string, version: number): boolean {
  return current !== null && current.lineage === lineage && current.version >= version;
}
