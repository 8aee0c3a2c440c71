import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { IN_MEMORY } from './embedded/embedded-store';
import { openServiceStore, serviceStoreDir } from './service-store';

describe('openServiceStore', () => {
  it("opens the embedded store in the service's own folder under STORE_DIR", async () => {
    const directory = mkdtempSync(path.join(os.tmpdir(), 'shelflife-service-store-'));
    const store = await openServiceStore({ storeDir: directory, mongoDb: 'shelflife' }, { embeddedFolder: 'sentinel' });
    await store.collection('state').insertMany([{ _id: 'a' }]);
    await store.close();
    expect(store.kind).toBe('embedded');
    expect(existsSync(path.join(directory, 'sentinel'))).toBe(true);
    rmSync(directory, { recursive: true, force: true });
  });

  it('keeps the store in memory when STORE_DIR says so, and gives none to a service that needs a shared one', async () => {
    expect(serviceStoreDir(IN_MEMORY, 'aggregator')).toBe(IN_MEMORY);
    const store = await openServiceStore({ storeDir: IN_MEMORY, mongoDb: 'shelflife' }, { embeddedFolder: 'aggregator' });
    expect(store.kind).toBe('embedded');
    await store.close();
    expect(await openServiceStore({ storeDir: IN_MEMORY, mongoDb: 'shelflife' }, { embeddedFolder: null })).toBeUndefined();
  });
});
