import { Aggregator, Query } from 'mingo';
import {
  DuplicateKeyError,
  type Collection,
  type Filter,
  type FindOptions,
  type IndexSpec,
  type InsertManyResult,
  type PipelineStage,
  type StoredDocument,
  type UpdateDocument,
  type UpdateResult,
} from '../store';
import { applyUpdate, upsertSeed } from './apply-update';
import type { CollectionState } from './collection-state';
import { canonicalKey, isOperatorObject } from './document-path';
import type { EmbeddedStore } from './embedded-store';
import { newObjectIdHex } from './object-id';

/** Stages that would write behind the log's back; the embedded store refuses them with a clear error. */
const WRITING_STAGES = ['$out', '$merge'];

export class EmbeddedCollection<T extends StoredDocument> implements Collection<T> {
  constructor(
    readonly name: string,
    private readonly store: EmbeddedStore,
  ) {}

  insertMany(documents: T[]): Promise<InsertManyResult> {
    return this.store.write((state, records) => {
      const collection = state.getOrCreate(this.name);
      const accepted: StoredDocument[] = [];
      let duplicates = 0;
      for (const input of documents) {
        const document: StoredDocument = structuredClone(input);
        if (document._id === undefined) document._id = newObjectIdHex();
        if (collection.getById(document._id) || collection.conflictOf(document)) {
          duplicates += 1;
          continue;
        }
        collection.put(document);
        accepted.push(document);
      }
      if (accepted.length > 0) records.push({ t: 'put', c: this.name, d: accepted });
      return { inserted: accepted.length, duplicates };
    });
  }

  async find(filter: Filter = {}, options: FindOptions = {}): Promise<T[]> {
    let cursor = new Query(filter).find(this.candidates(filter), options.projection);
    if (options.sort) cursor = cursor.sort(options.sort);
    if (options.skip) cursor = cursor.skip(options.skip);
    if (options.limit) cursor = cursor.limit(options.limit);
    return cursor.all().map((document) => structuredClone(document) as T);
  }

  async findOne(filter: Filter = {}, options: FindOptions = {}): Promise<T | null> {
    const [first] = await this.find(filter, { ...options, limit: 1 });
    return first ?? null;
  }

  updateOne(filter: Filter, update: UpdateDocument, options: { upsert?: boolean } = {}): Promise<UpdateResult> {
    return this.store.write((state, records) => {
      const query = new Query(filter);
      const current = this.candidates(filter).find((document) => query.test(document));
      const existing = state.get(this.name);
      if (current && existing) {
        const next = applyUpdate(current, update, false);
        if (JSON.stringify(next) === JSON.stringify(current)) return { matched: 1, modified: 0, upserted: false };
        this.assertNoConflict(existing, next);
        existing.put(next);
        records.push({ t: 'put', c: this.name, d: [next] });
        return { matched: 1, modified: 1, upserted: false };
      }
      if (!options.upsert) return { matched: 0, modified: 0, upserted: false };
      const seed = upsertSeed(filter);
      if (seed._id === undefined) seed._id = newObjectIdHex();
      const inserted = applyUpdate(seed, update, true);
      const collection = state.getOrCreate(this.name);
      this.assertNoConflict(collection, inserted);
      if (collection.getById(inserted._id)) throw new DuplicateKeyError(this.name, `_id ${canonicalKey(inserted._id)}`);
      collection.put(inserted);
      records.push({ t: 'put', c: this.name, d: [inserted] });
      return { matched: 0, modified: 0, upserted: true };
    });
  }

  deleteMany(filter: Filter): Promise<{ deleted: number }> {
    return this.store.write((state, records) => {
      const ids = new Query(filter)
        .find<StoredDocument>(this.candidates(filter))
        .all()
        .map((document) => document._id);
      if (ids.length > 0) {
        const record = { t: 'del' as const, c: this.name, ids };
        state.apply(record);
        records.push(record);
      }
      return { deleted: ids.length };
    });
  }

  async countDocuments(filter: Filter = {}): Promise<number> {
    if (Object.keys(filter).length === 0) return this.store.readState().get(this.name)?.documents.size ?? 0;
    return new Query(filter).find(this.candidates(filter)).all().length;
  }

  async aggregate<R = StoredDocument>(pipeline: PipelineStage[]): Promise<R[]> {
    const writing = pipeline.flatMap((stage) => Object.keys(stage)).filter((operator) => WRITING_STAGES.includes(operator));
    if (writing.length > 0) {
      throw new Error(`the embedded store does not run ${writing.join(', ')}: aggregate, then write the result with insertMany`);
    }
    const state = this.store.readState();
    const aggregator = new Aggregator(pipeline, {
      collectionResolver: (name: string) => [...(state.get(name)?.documents.values() ?? [])],
    });
    return aggregator.run(this.allDocuments()).map((document) => structuredClone(document) as R);
  }

  createIndexes(indexes: IndexSpec[]): Promise<void> {
    return this.store.write((state, records) => {
      const collection = state.getOrCreate(this.name);
      for (const spec of indexes) {
        if (collection.indexes.has(spec.name)) {
          collection.addIndex(spec); // throws when the definition differs
          continue;
        }
        collection.addIndex(spec);
        records.push({ t: 'index', c: this.name, s: spec });
      }
    });
  }

  drop(): Promise<void> {
    return this.store.write((state, records) => {
      if (!state.get(this.name)) return;
      state.apply({ t: 'drop', c: this.name });
      records.push({ t: 'drop', c: this.name });
    });
  }

  private allDocuments(): StoredDocument[] {
    return [...(this.store.readState().get(this.name)?.documents.values() ?? [])];
  }

  /** The documents a filter can match: one by `_id` or a unique single-field index when it pins a scalar, else all. */
  private candidates(filter: Filter): StoredDocument[] {
    const state = this.store.readState().get(this.name);
    if (!state) return [];
    for (const [field, condition] of Object.entries(filter)) {
      const value = isOperatorObject(condition) && Object.keys(condition).length === 1 && '$eq' in condition ? condition.$eq : condition;
      if (typeof value !== 'string' && typeof value !== 'number') continue;
      if (field === '_id') {
        const found = state.getById(value);
        return found ? [found] : [];
      }
      const unique = state.lookupUnique(field, value);
      if (unique) return unique.found ? [unique.found] : [];
    }
    return this.allDocuments();
  }

  private assertNoConflict(collection: CollectionState, document: StoredDocument): void {
    const conflict = collection.conflictOf(document);
    if (conflict) throw new DuplicateKeyError(this.name, conflict);
  }
}
