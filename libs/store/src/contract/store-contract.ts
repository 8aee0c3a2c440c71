import { randomBytes } from 'node:crypto';
import { ChunkedTextSlot } from '../chunked-text';
import { DuplicateKeyError, type IndexSpec, type Store } from '../store';

interface Item extends Record<string, unknown> {
  _id?: unknown;
  eventId: string;
  productId: string;
  day: string;
  quantity: number;
}

function item(n: number, day = '2026-01-01'): Item {
  return { eventId: `e${n}`, productId: `p${n % 3}`, day, quantity: n };
}

/**
 * The behaviour every Store adapter must share. Each test uses its own collection name so the
 * suite can run against a shared MongoDB database without interference.
 */
export function describeStoreContract(label: string, openStore: () => Promise<Store>): void {
  describe(`Store contract: ${label}`, () => {
    let store: Store;
    const used: string[] = [];
    const fresh = (purpose: string): string => {
      const name = `contract_${purpose}_${randomBytes(4).toString('hex')}`;
      used.push(name);
      return name;
    };

    beforeAll(async () => {
      store = await openStore();
    });
    afterAll(async () => {
      for (const name of used) await store.collection(name).drop();
      await store.close();
    });

    it('answers ping', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });

    it('inserts unordered, counting duplicate keys instead of failing the batch', async () => {
      const events = store.collection<Item>(fresh('insert'));
      await events.createIndexes([{ name: 'eventId_unique', key: { eventId: 1 }, unique: true }]);
      expect(await events.insertMany([item(1), item(2)])).toEqual({ inserted: 2, duplicates: 0 });
      const again = await events.insertMany([item(2), item(3), item(1), item(4)]);
      expect(again).toEqual({ inserted: 2, duplicates: 2 });
      expect(await events.countDocuments()).toBe(4);
    });

    it('refuses a repeated _id as a duplicate too', async () => {
      const events = store.collection<Item>(fresh('ids'));
      const result = await events.insertMany([
        { ...item(1), _id: 'a' },
        { ...item(2), _id: 'a' },
      ]);
      expect(result).toEqual({ inserted: 1, duplicates: 1 });
      expect((await events.findOne({ _id: 'a' }))?.eventId).toBe('e1');
    });

    it("leaves the caller's documents untouched on insert", async () => {
      const events = store.collection<Item>(fresh('untouched'));
      const input = item(1);
      await events.insertMany([input]);
      expect(input).toEqual(item(1));
    });

    it('finds with a filter, sort, skip, limit and projection', async () => {
      const events = store.collection<Item>(fresh('find'));
      await events.insertMany([1, 2, 3, 4, 5, 6].map((n) => item(n, n <= 3 ? '2026-01-01' : '2026-01-02')));
      const found = await events.find(
        { day: '2026-01-02' },
        { sort: { quantity: -1 }, skip: 1, limit: 2, projection: { _id: 0, eventId: 1 } },
      );
      expect(found).toEqual([{ eventId: 'e5' }, { eventId: 'e4' }]);
      expect(await events.find({ quantity: { $gte: 5 } }, { sort: { quantity: 1 }, projection: { _id: 0, quantity: 1 } })).toEqual([
        { quantity: 5 },
        { quantity: 6 },
      ]);
      expect(await events.findOne({ eventId: 'missing' })).toBeNull();
      expect(await events.countDocuments({ productId: 'p0' })).toBe(2);
    });

    it('updates one document and reports matched and modified', async () => {
      const events = store.collection<Item>(fresh('update'));
      await events.insertMany([item(1), item(2)]);
      expect(await events.updateOne({ eventId: 'e1' }, { $set: { day: '2026-02-01' }, $inc: { quantity: 10 } })).toEqual({
        matched: 1,
        modified: 1,
        upserted: false,
      });
      expect(await events.updateOne({ eventId: 'e1' }, { $set: { day: '2026-02-01' } })).toEqual({
        matched: 1,
        modified: 0,
        upserted: false,
      });
      expect(await events.updateOne({ eventId: 'none' }, { $set: { day: 'x' } })).toEqual({ matched: 0, modified: 0, upserted: false });
      const updated = await events.findOne({ eventId: 'e1' }, { projection: { _id: 0 } });
      expect(updated).toEqual({ eventId: 'e1', productId: 'p1', day: '2026-02-01', quantity: 11 });
    });

    it('upserts from the filter equalities plus $setOnInsert, which applies only on insert', async () => {
      const runs = store.collection(fresh('upsert'));
      const first = await runs.updateOne(
        { _id: 'run-1' },
        { $set: { state: 'computing' }, $setOnInsert: { createdAt: 1 } },
        { upsert: true },
      );
      expect(first).toEqual({ matched: 0, modified: 0, upserted: true });
      const second = await runs.updateOne({ _id: 'run-1' }, { $set: { state: 'done' }, $setOnInsert: { createdAt: 2 } }, { upsert: true });
      expect(second).toEqual({ matched: 1, modified: 1, upserted: false });
      expect(await runs.findOne({ _id: 'run-1' })).toEqual({ _id: 'run-1', state: 'done', createdAt: 1 });
    });

    it('replaces a whole document when the update has no operators', async () => {
      const runs = store.collection(fresh('replace'));
      await runs.updateOne({ _id: 'k' }, { a: 1, b: 2 }, { upsert: true });
      await runs.updateOne({ _id: 'k' }, { a: 3 });
      expect(await runs.findOne({ _id: 'k' })).toEqual({ _id: 'k', a: 3 });
    });

    it('throws DuplicateKeyError when a conditional upsert meets an existing key (compare-and-set)', async () => {
      const pointers = store.collection(fresh('cas'));
      await pointers.updateOne(
        { _id: 'model', asOf: { $lte: '2026-01-05' } },
        { $set: { asOf: '2026-01-05', version: 'v5' } },
        { upsert: true },
      );
      const older = pointers.updateOne(
        { _id: 'model', asOf: { $lte: '2026-01-03' } },
        { $set: { asOf: '2026-01-03', version: 'v3' } },
        { upsert: true },
      );
      await expect(older).rejects.toBeInstanceOf(DuplicateKeyError);
      expect((await pointers.findOne({ _id: 'model' }))?.version).toBe('v5');
    });

    it('deletes many and counts', async () => {
      const events = store.collection<Item>(fresh('delete'));
      await events.insertMany([1, 2, 3, 4].map((n) => item(n)));
      expect(await events.deleteMany({ quantity: { $lte: 2 } })).toEqual({ deleted: 2 });
      expect(await events.deleteMany({ quantity: 99 })).toEqual({ deleted: 0 });
      expect(await events.countDocuments()).toBe(2);
    });

    it('runs an aggregation pipeline without changing the stored documents', async () => {
      const events = store.collection<Item>(fresh('aggregate'));
      await events.insertMany([1, 2, 3, 4, 5].map((n) => item(n)));
      const rows = await events.aggregate([
        { $set: { doubled: { $multiply: ['$quantity', 2] } } },
        { $group: { _id: '$productId', total: { $sum: '$doubled' }, orders: { $addToSet: '$eventId' } } },
        { $project: { _id: 0, productId: '$_id', total: 1, orders: { $size: '$orders' } } },
        { $sort: { productId: 1 } },
      ]);
      expect(rows).toEqual([
        { productId: 'p0', total: 6, orders: 1 },
        { productId: 'p1', total: 10, orders: 2 },
        { productId: 'p2', total: 14, orders: 2 },
      ]);
      expect(await events.countDocuments({ doubled: { $exists: true } })).toBe(0);
    });

    it('creates indexes idempotently and enforces unique ones on insert', async () => {
      const events = store.collection<Item>(fresh('indexes'));
      const specs: IndexSpec[] = [
        { name: 'eventId_unique', key: { eventId: 1 }, unique: true },
        { name: 'day', key: { day: 1 } },
      ];
      await events.createIndexes(specs);
      await events.createIndexes(specs);
      expect(await events.insertMany([item(7), { ...item(7), _id: 'other' }])).toEqual({ inserted: 1, duplicates: 1 });
    });

    it('drops a collection and lists the rest', async () => {
      const keep = fresh('keep');
      const gone = fresh('gone');
      await store.collection<Item>(keep).insertMany([item(1)]);
      await store.collection<Item>(gone).insertMany([item(1)]);
      await store.collection(gone).drop();
      await store.collection(gone).drop();
      const names = await store.listCollections();
      expect(names).toContain(keep);
      expect(names).not.toContain(gone);
      expect(await store.collection(gone).countDocuments()).toBe(0);
    });

    describe('a large text in chunks (ChunkedTextSlot)', () => {
      const emitAll = (text: string, piece: number) => async (emit: (text: string) => Promise<void>) => {
        for (let i = 0; i < text.length; i += piece) await emit(text.slice(i, i + piece));
      };
      const slotIn = (collection: string, chunkChars = 10) => {
        used.push(collection, `${collection}_chunks`);
        return new ChunkedTextSlot(store, 'model', { collection, chunkChars });
      };

      it('reads back what was written, across chunk boundaries, and keeps only the current set', async () => {
        const collection = fresh('chunked');
        const slot = slotIn(collection);
        expect(await slot.read()).toBeNull();
        const first = 'a'.repeat(25) + '€'.repeat(7);
        expect(await slot.write('L', 1, emitAll(first, 7))).toBe('saved');
        expect((await slot.read())?.text).toBe(first);
        expect((await slot.header())?.chunks).toBe(4);
        const second = 'b'.repeat(31);
        expect(await slot.write('L', 2, emitAll(second, 31))).toBe('saved');
        expect(await slot.read()).toEqual({ header: expect.objectContaining({ version: 2, chunks: 4, chars: 31 }), text: second });
        // The first set's chunks are gone: only the current set is stored.
        expect(await store.collection(`${collection}_chunks`).countDocuments()).toBe(4);
      });

      it('never goes back to an older version of the same lineage, and keeps nothing of the refused write', async () => {
        const collection = fresh('chunked');
        const slot = slotIn(collection);
        expect(await slot.write('L', 5, emitAll('newer', 2))).toBe('saved');
        expect(await slot.write('L', 4, emitAll('older', 2))).toBe('superseded');
        expect(await slot.write('L', 5, emitAll('same', 2))).toBe('superseded');
        expect((await slot.read())?.text).toBe('newer');
        expect(await store.collection(`${collection}_chunks`).countDocuments()).toBe(1);
        // Another lineage (offsets that started again) replaces it whatever its version.
        expect(await slot.write('M', 1, emitAll('restarted', 4))).toBe('saved');
        expect((await slot.read())?.header.lineage).toBe('M');
      });

      it('lets the higher version win when two writers save at once', async () => {
        const collection = fresh('chunked');
        const slot = slotIn(collection, 3);
        let release!: () => void;
        const gate = new Promise<void>((resolve) => (release = resolve));
        // The slower writer has the higher version: it must still win when it finishes last or first.
        const slow = slot.write('L', 9, async (emit) => {
          await emit('slow-');
          await gate;
          await emit('writer');
        });
        const fast = slot.write('L', 8, emitAll('fast writer', 4));
        expect(await fast).toBe('saved');
        release();
        expect(await slow).toBe('saved');
        expect((await slot.read())?.text).toBe('slow-writer');
        expect(await slot.write('L', 8, emitAll('late', 4))).toBe('superseded');
        expect(await store.collection(`${collection}_chunks`).countDocuments()).toBe(4);
      });

      it('keeps nothing of a write whose producer fails', async () => {
        const collection = fresh('chunked');
        const slot = slotIn(collection);
        await expect(
          slot.write('L', 1, async (emit) => {
            await emit('x'.repeat(25));
            throw new Error('capture failed');
          }),
        ).rejects.toThrow('capture failed');
        expect(await slot.read()).toBeNull();
        expect(await store.collection(`${collection}_chunks`).countDocuments()).toBe(0);
      });
    });
  });
}
