/**
 * Child process for the crash test: writes batches to an embedded store as fast as it can and prints
 * "acked <n>" after each acknowledged batch, until the parent kills it with SIGKILL.
 */
import { EmbeddedStore } from './embedded-store';

const BATCH = 50;

async function main(directory: string): Promise<void> {
  const store = await EmbeddedStore.open(directory, { compactAfterBytes: 256 * 1024 });
  const events = store.collection('events');
  await events.createIndexes([{ name: 'eventId_unique', key: { eventId: 1 }, unique: true }]);
  for (let batch = 0; ; batch += 1) {
    const documents = Array.from({ length: BATCH }, (_, i) => ({ eventId: `e${batch * BATCH + i}`, payload: 'x'.repeat(200) }));
    await events.insertMany(documents);
    // Keep a counter document updated too, so replay of updates is exercised as well as inserts.
    await events.updateOne({ _id: 'counter' }, { $set: { batches: batch + 1 } }, { upsert: true });
    process.stdout.write(`acked ${(batch + 1) * BATCH}\n`);
  }
}

main(process.argv[2]).catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
