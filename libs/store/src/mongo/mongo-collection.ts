import { MongoBulkWriteError, MongoServerError, type Collection as DriverCollection, type Document } from 'mongodb';
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

const DUPLICATE_KEY = 11000;

/** A thin pass-through to the driver: the documents are MongoDB's own, so nothing is translated. */
export class MongoCollection<T extends StoredDocument> implements Collection<T> {
  constructor(private readonly driver: DriverCollection<Document>) {}

  get name(): string {
    return this.driver.collectionName;
  }

  async insertMany(documents: T[]): Promise<InsertManyResult> {
    if (documents.length === 0) return { inserted: 0, duplicates: 0 };
    // The driver adds `_id` to the objects it is given: hand it copies so the caller's stay untouched.
    const copies = documents.map((document) => ({ ...document }));
    try {
      const result = await this.driver.insertMany(copies, { ordered: false });
      return { inserted: result.insertedCount, duplicates: 0 };
    } catch (error) {
      if (!(error instanceof MongoBulkWriteError)) throw error;
      const errors = Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors];
      const others = errors.filter((writeError) => writeError.code !== DUPLICATE_KEY);
      if (others.length > 0) throw error;
      return { inserted: error.result.insertedCount, duplicates: errors.length };
    }
  }

  async find(filter: Filter = {}, options: FindOptions = {}): Promise<T[]> {
    return (await this.driver.find(filter, options).toArray()) as unknown as T[];
  }

  async findOne(filter: Filter = {}, options: FindOptions = {}): Promise<T | null> {
    return (await this.driver.findOne(filter, options)) as unknown as T | null;
  }

  async updateOne(filter: Filter, update: UpdateDocument, options: { upsert?: boolean } = {}): Promise<UpdateResult> {
    const isReplacement = !Object.keys(update).some((key) => key.startsWith('$'));
    try {
      const result = isReplacement
        ? await this.driver.replaceOne(filter, update, { upsert: options.upsert === true })
        : await this.driver.updateOne(filter, update, { upsert: options.upsert === true });
      return { matched: result.matchedCount, modified: result.modifiedCount, upserted: result.upsertedCount > 0 };
    } catch (error) {
      if (error instanceof MongoServerError && error.code === DUPLICATE_KEY) throw new DuplicateKeyError(this.name, error.message);
      throw error;
    }
  }

  async deleteMany(filter: Filter): Promise<{ deleted: number }> {
    const result = await this.driver.deleteMany(filter);
    return { deleted: result.deletedCount };
  }

  countDocuments(filter: Filter = {}): Promise<number> {
    return this.driver.countDocuments(filter);
  }

  async aggregate<R = StoredDocument>(pipeline: PipelineStage[]): Promise<R[]> {
    // Full-history pipelines outgrow the 100 MB per-stage memory limit; let the server spill to disk.
    return (await this.driver.aggregate(pipeline, { allowDiskUse: true }).toArray()) as R[];
  }

  async createIndexes(indexes: IndexSpec[]): Promise<void> {
    if (indexes.length === 0) return;
    await this.driver.createIndexes(indexes.map((spec) => ({ name: spec.name, key: spec.key, unique: spec.unique === true })));
  }

  async drop(): Promise<void> {
    try {
      await this.driver.drop();
    } catch (error) {
      if (!(error instanceof MongoServerError && error.codeName === 'NamespaceNotFound')) throw error;
    }
  }
}
