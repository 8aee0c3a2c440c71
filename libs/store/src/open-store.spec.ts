import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore } from './open-store';

describe('openStore', () => {
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
