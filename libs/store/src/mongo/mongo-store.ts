import { MongoClient, type Db } from 'mongodb';
import type { Collection, Store, StoredDocument } from '../store';
import { MongoCollection } from './mongo-collection';

/** The production adapter: the official driver, one database. */
export class MongoStore implements Store {
  readonly kind = 'mongodb' as const;

  private constructor(
    private readonly client: MongoClient,
    private readonly db: Db,
  ) {}

  static async open(url: string, dbName: string, serverSelectionTimeoutMS = 5000): Promise<MongoStore> {
    const client = new MongoClient(url, { serverSelectionTimeoutMS });
    try {
      await client.connect();
    } catch (error) {
      const where = url.replace(/\/\/[^@/]*@/, '//***@'); // never log credentials
      throw new Error(
        `cannot connect to MongoDB at ${where}: ${(error as Error).message}; check MONGO_URL or unset it to use the embedded store`,
        { cause: error },
      );
    }
    return new MongoStore(client, client.db(dbName));
  }

  collection<T extends StoredDocument = StoredDocument>(name: string): Collection<T> {
    return new MongoCollection<T>(this.db.collection(name));
  }

  async listCollections(): Promise<string[]> {
    const collections = await this.db.listCollections({}, { nameOnly: true }).toArray();
    return collections.map((collection) => collection.name).sort();
  }

  async ping(): Promise<void> {
    await this.db.command({ ping: 1 });
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}
