/**
 * Store benchmark: archive write rate and batch duration over N synthetic events.
 *
 *   npx tsx tools/benchmarks/src/store-bench.ts [--events 1000000] [--batch 1000] [--dir /tmp/x]
 *
 * Embedded store always (on disk, fsync per acknowledged batch, in a fresh directory); MongoDB too
 * when MONGO_URL is set (database shelflife_bench, dropped first). Prints one JSON line per phase.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  archiveEvents,
  BATCH_INDEXES,
  computeBatchModel,
  computeDailyRevenue,
  DEFAULT_BATCH_MODEL_OPTIONS,
  runBatch,
} from '@shelflife/batch';
import { EmbeddedStore, MongoStore, type Store } from '@shelflife/store';
import { syntheticEventBatches, type SyntheticShop } from './store-synthetic';
import { parseCommandLine } from '@shelflife/config';

interface Args {
  events: number;
  batch: number;
  dir?: string;
}

// node:util's parser with the repository's --help and error answers, instead of a hand-written loop.
function parseArgs(argv: string[]): Args {
  const { values } = parseCommandLine({
    command: 'npm run bench:store --',
    description: 'the archive write and the batch queries on the embedded store (MongoDB with MONGO_URL)',
    args: argv,
    config: {
      options: { events: { type: 'string', default: '1000000' }, batch: { type: 'string', default: '1000' }, dir: { type: 'string' } },
    },
  });
  const args: Args = { events: Number(values.events), batch: Number(values.batch), dir: values.dir };
  if (!(args.events > 0) || !(args.batch > 0)) throw new Error('--events and --batch must be positive numbers');
  return args;
}

function report(figures: Record<string, unknown>): void {
  const memory = process.memoryUsage();
  console.log(JSON.stringify({ ...figures, rssMiB: Math.round(memory.rss / 2 ** 20), heapUsedMiB: Math.round(memory.heapUsed / 2 ** 20) }));
}

async function seconds<T>(work: () => Promise<T>): Promise<[T, number]> {
  const start = process.hrtime.bigint();
  const result = await work();
  return [result, Number(process.hrtime.bigint() - start) / 1e9];
}

async function benchmark(label: string, open: () => Promise<Store>, shop: SyntheticShop, batchSize: number): Promise<void> {
  const store = await open();
  for (const [name, indexes] of Object.entries(BATCH_INDEXES)) await store.collection(name).createIndexes(indexes);

  let inserted = 0;
  const [, writeSeconds] = await seconds(async () => {
    for (const batch of syntheticEventBatches(shop, batchSize)) inserted += (await archiveEvents(store, batch)).inserted;
  });
  report({
    store: label,
    phase: 'archive',
    events: inserted,
    batchSize,
    seconds: +writeSeconds.toFixed(2),
    eventsPerSecond: Math.round(inserted / writeSeconds),
  });

  const [redelivered, redeliverSeconds] = await seconds(async () => {
    let duplicates = 0;
    for (const batch of syntheticEventBatches({ ...shop, events: Math.min(shop.events, 100_000) }, batchSize))
      duplicates += (await archiveEvents(store, batch)).duplicates;
    return duplicates;
  });
  report({
    store: label,
    phase: 'redelivery (all duplicates)',
    events: redelivered,
    seconds: +redeliverSeconds.toFixed(2),
    eventsPerSecond: Math.round(redelivered / redeliverSeconds),
  });

  const lastDay = new Date(Date.parse('2026-10-01T00:00:00Z') + (shop.days - 1) * 86_400_000).toISOString().slice(0, 10);
  const window = { from: lastDay, to: lastDay };
  const [revenue, revenueSeconds] = await seconds(() => computeDailyRevenue(store, window));
  report({
    store: label,
    phase: 'daily revenue (1 day)',
    rows: revenue.totals.length + revenue.perProduct.length,
    seconds: +revenueSeconds.toFixed(2),
  });
  const [model, modelSeconds] = await seconds(() => computeBatchModel(store, window, DEFAULT_BATCH_MODEL_OPTIONS));
  report({
    store: label,
    phase: 'full-history model',
    products: Object.keys(model.relations).length,
    relations: model.relationCount,
    seconds: +modelSeconds.toFixed(2),
  });

  const deps = {
    audit: async () => ({ approved: true, reason: 'benchmark', findings: [] }),
    announce: async () => undefined,
    now: () => Date.parse(`${lastDay}T00:00:00Z`) + 26 * 3600_000,
  };
  const [outcome, batchSeconds] = await seconds(() => runBatch(store, window, deps));
  report({
    store: label,
    phase: 'runBatch (write-audit-publish, 1 day window)',
    published: outcome.published,
    seconds: +batchSeconds.toFixed(2),
  });
  const [rerun, rerunSeconds] = await seconds(() => runBatch(store, window, deps));
  report({ store: label, phase: 'runBatch rerun (idempotent)', reused: rerun.reused, seconds: +rerunSeconds.toFixed(2) });
  await store.close();

  if (store instanceof EmbeddedStore) {
    const [reopened, reopenSeconds] = await seconds(() => open());
    report({
      store: label,
      phase: 'reopen (snapshot + log replay)',
      events: await reopened.collection('events').countDocuments(),
      seconds: +reopenSeconds.toFixed(2),
    });
    await reopened.close();
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const shop: SyntheticShop = { events: args.events, products: 20_000, days: 30, sessionLength: 8, seed: 42 };
  console.log(JSON.stringify({ benchmark: 'store', date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, shop }));

  const directory = args.dir ?? mkdtempSync(path.join(os.tmpdir(), 'shelflife-store-bench-'));
  try {
    await benchmark(`embedded (${directory})`, () => EmbeddedStore.open(directory), shop, args.batch);
  } finally {
    if (!args.dir) rmSync(directory, { recursive: true, force: true });
  }

  const mongoUrl = process.env.MONGO_URL;
  if (!mongoUrl) {
    console.log(JSON.stringify({ store: 'mongodb', skipped: 'MONGO_URL is not set, so MongoDB was not measured' }));
    return;
  }
  const openMongo = async () => MongoStore.open(mongoUrl, 'shelflife_bench');
  const cleanup = await openMongo();
  for (const name of await cleanup.listCollections()) await cleanup.collection(name).drop();
  await cleanup.close();
  await benchmark('mongodb', openMongo, shop, args.batch);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
