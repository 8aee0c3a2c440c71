import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_DB_NAME, DEFAULT_STORE_DIR, openStore, storeConfigFromEnv } from './open-store';

describe('openStore', () => {
  it('reads MONGO_URL, STORE_DIR and MONGO_DB, treating empty values as unset', () => {
    expect(storeConfigFromEnv({})).toEqual({ mongoUrl: undefined, storeDir: DEFAULT_STORE_DIR, dbName: DEFAULT_DB_NAME });
    expect(storeConfigFromEnv({ MONGO_URL: '', STORE_DIR: ':memory:', MONGO_DB: 'x' })).toEqual({ mongoUrl: undefined, storeDir: ':memory:', dbName: 'x' });
    expect(storeConfigFromEnv({ MONGO_URL: 'mongodb://db:27017' }).mongoUrl).toBe('mongodb://db:27017');
  });

  it('opens the embedded store without MONGO_URL and creates the declared indexes at start-up', async () => {
    const directory = mkdtempSync(path.join(os.tmpdir(), 'shelflife-open-'));
    const indexes = { events: [{ name: 'eventId_unique', key: { eventId: 1 as const }, unique: true }] };
    const store = await openStore({ storeDir: directory, indexes });
    expect(store.kind).toBe('embedded');
    await store.collection('events').insertMany([{ eventId: 'a' }]);
    await store.close();
    const reopened = await openStore({ storeDir: directory, indexes });
    expect(await reopened.collection('events').insertMany([{ eventId: 'a' }, { eventId: 'b' }])).toEqual({ inserted: 1, duplicates: 1 });
    await reopened.close();
    rmSync(directory, { recursive: true, force: true });
  });
});
