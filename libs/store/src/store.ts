/**
 * The repository interface every service uses. It speaks MongoDB's own query language
 * (filter, update and aggregation-pipeline documents) so that a query is written once and
 * runs unchanged on MongoDB and on the embedded store.
 */

export type StoredDocument = Record<string, unknown>;
/** A MongoDB query filter document, e.g. `{ day: { $gte: '2026-01-01' } }`. */
export type Filter = Record<string, unknown>;
/** A MongoDB update document with operators, e.g. `{ $set: { state: 'held' } }`. */
export type UpdateDocument = Record<string, unknown>;
/** One aggregation stage, e.g. `{ $group: { _id: '$productId', n: { $sum: 1 } } }`. */
export type PipelineStage = Record<string, unknown>;
export type SortSpec = Record<string, 1 | -1>;

export interface IndexSpec {
  /** Stable name: creating the same index twice is a no-op. */
  name: string;
  key: Record<string, 1 | -1>;
  unique?: boolean;
}

/** Index declarations per collection name, created when the store opens. */
export type IndexDeclarations = Record<string, IndexSpec[]>;

export interface InsertManyResult {
  inserted: number;
  /** Documents refused because a unique key (`_id` or a unique index) already existed. */
  duplicates: number;
}

export interface UpdateResult {
  matched: number;
  modified: number;
  /** True when an upsert inserted a new document. */
  upserted: boolean;
}

export interface FindOptions {
  sort?: SortSpec;
  skip?: number;
  limit?: number;
  projection?: Record<string, 0 | 1>;
}

export interface Collection<T extends StoredDocument = StoredDocument> {
  readonly name: string;
  /** Unordered bulk insert: every document is tried; duplicate keys are counted, not thrown. */
  insertMany(documents: T[]): Promise<InsertManyResult>;
  find(filter?: Filter, options?: FindOptions): Promise<T[]>;
  findOne(filter?: Filter, options?: FindOptions): Promise<T | null>;
  /** Updates the first match; with `upsert` inserts filter equalities + `$setOnInsert` + the update when none matches. */
  updateOne(filter: Filter, update: UpdateDocument, options?: { upsert?: boolean }): Promise<UpdateResult>;
  deleteMany(filter: Filter): Promise<{ deleted: number }>;
  countDocuments(filter?: Filter): Promise<number>;
  aggregate<R = StoredDocument>(pipeline: PipelineStage[]): Promise<R[]>;
  createIndexes(indexes: IndexSpec[]): Promise<void>;
  /** Removes the collection and its indexes; dropping a missing collection is a no-op. */
  drop(): Promise<void>;
}

export interface Store {
  readonly kind: 'mongodb' | 'embedded';
  collection<T extends StoredDocument = StoredDocument>(name: string): Collection<T>;
  listCollections(): Promise<string[]>;
  /** Resolves when the store can serve requests; rejects with the reason otherwise (for readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Thrown when a single-document write would break a unique key (MongoDB error code 11000). */
export class DuplicateKeyError extends Error {
  readonly code = 11000;
  constructor(collection: string, detail: string) {
    super(`duplicate key in collection "${collection}": ${detail}`);
    this.name = 'DuplicateKeyError';
  }
}
