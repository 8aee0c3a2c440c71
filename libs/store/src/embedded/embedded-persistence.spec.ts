import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EmbeddedStore } from './embedded-store';

const REPO_ROOT = path.resolve(__dirname, '../../../..');
let directory: string;

beforeEach(() => {
  directory = mkdtempSync(path.join(os.tmpdir(), 'shelflife-store-'));
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

describe('EmbeddedStore persistence', () => {
  it('keeps documents, updates, deletes and indexes across a reopen', async () => {
    const first = await EmbeddedStore.open(directory);
    const events = first.collection('events');
    await events.createIndexes([{ name: 'eventId_unique', key: { eventId: 1 }, unique: true }]);
    await events.insertMany([
      { eventId: 'a', n: 1 },
      { eventId: 'b', n: 2 },
      { eventId: 'c', n: 3 },
    ]);
    await events.updateOne({ eventId: 'a' }, { $inc: { n: 10 } });
    await events.deleteMany({ eventId: 'c' });
    await first.close();

    const second = await EmbeddedStore.open(directory);
    const reopened = second.collection('events');
    expect(await reopened.find({}, { sort: { eventId: 1 }, projection: { _id: 0 } })).toEqual([
      { eventId: 'a', n: 11 },
      { eventId: 'b', n: 2 },
    ]);
    expect(await reopened.insertMany([{ eventId: 'b', n: 9 }])).toEqual({ inserted: 0, duplicates: 1 });
    await second.close();
  });

  it('compacts into a snapshot and a fresh log without losing anything', async () => {
    const store = await EmbeddedStore.open(directory, { compactAfterBytes: 2000 });
    const events = store.collection('events');
    for (let batch = 0; batch < 20; batch += 1) {
      await events.insertMany(Array.from({ length: 10 }, (_, i) => ({ _id: `${batch}-${i}`, batch })));
    }
    await store.collection('dropped').insertMany([{ a: 1 }]);
    await store.collection('dropped').drop();
    await store.close();
    const files = readdirSync(directory);
    expect(files).toContain('snapshot.log');
    expect(files.filter((name) => name.startsWith('wal-'))).toHaveLength(1);

    const reopened = await EmbeddedStore.open(directory);
    expect(await reopened.collection('events').countDocuments()).toBe(200);
    expect(await reopened.listCollections()).toEqual(['events']);
    await reopened.close();
  });

  it('drops a torn last line (an unacknowledged write) and keeps every whole one', async () => {
    const store = await EmbeddedStore.open(directory);
    await store.collection('events').insertMany([{ _id: 1 }, { _id: 2 }]);
    await store.close();
    const wal = path.join(directory, readdirSync(directory).find((name) => name.startsWith('wal-')) as string);
    const sizeBefore = statSync(wal).size;
    appendFileSync(wal, '1234abcd {"t":"put","c":"events","d":[{"_id":3}'); // a write cut short by a crash

    const reopened = await EmbeddedStore.open(directory);
    expect(await reopened.collection('events').find({}, { sort: { _id: 1 } })).toEqual([{ _id: 1 }, { _id: 2 }]);
    expect(statSync(wal).size).toBe(sizeBefore);
    await reopened.collection('events').insertMany([{ _id: 4 }]);
    await reopened.close();
    const again = await EmbeddedStore.open(directory);
    expect(await again.collection('events').countDocuments()).toBe(3);
    await again.close();
  });

  it('loses nothing acknowledged when the writing process is killed with SIGKILL mid-write', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'crash-writer.fixture.ts'), directory], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let acknowledged = 0;
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const killed = new Promise<void>((resolve, reject) => {
      let buffered = '';
      child.stdout.on('data', (chunk: Buffer) => {
        buffered += chunk.toString();
        const lines = buffered.split('\n');
        buffered = lines.pop() as string;
        for (const line of lines) acknowledged = Number(line.split(' ')[1]);
        // Past a few compactions (256 KiB each), kill without warning while writes are in flight.
        if (acknowledged >= 6000 && child.exitCode === null) child.kill('SIGKILL');
      });
      child.on('exit', (_code, signal) =>
        signal === 'SIGKILL' ? resolve() : reject(new Error(`crash writer exited by itself: ${stderr}`)),
      );
    });
    await killed;

    const store = await EmbeddedStore.open(directory);
    const events = store.collection('events');
    const stored = await events.countDocuments({ eventId: { $exists: true } });
    expect(stored).toBeGreaterThanOrEqual(acknowledged);
    for (const probe of [0, Math.floor(acknowledged / 2), acknowledged - 1]) {
      expect(await events.findOne({ eventId: `e${probe}` })).not.toBeNull();
    }
    const counter = await events.findOne({ _id: 'counter' });
    expect(Number(counter?.batches) * 50).toBeGreaterThanOrEqual(acknowledged);
    expect(readdirSync(directory)).toContain('snapshot.log');
    await store.close();
  }, 60_000);
});
