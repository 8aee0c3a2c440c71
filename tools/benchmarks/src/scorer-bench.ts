import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseCommandLine } from '@shelflife/config';
import { writeJsonInSlices } from '@shelflife/service-kit';
import { CaptureBuffers, RecommendationModel } from '@shelflife/recs';
import { replayRealData } from './scorer-replay';
import { DEFAULT_SYNTHETIC, syntheticEvents } from './scorer-synthetic';

/**
 * The scorer's in-process figures: update rate on real session data replayed in a loop, then memory and
 * update rate after N synthetic events over P products, and in-process query latency on that model.
 * Run: npm run bench:scorer -- [--events 10000000] [--products 100000] [--passes 100]
 * (node --expose-gc gives exact heap figures: NODE_OPTIONS=--expose-gc npm run bench:scorer)
 */
async function main(): Promise<void> {
  const { values } = parseCommandLine({
    command: 'npm run bench:scorer --',
    description: "the recommendation model's apply and query rates against a naive implementation, in one process",
    config: {
      args: process.argv.slice(2),
      options: {
        events: { type: 'string', default: '10000000' },
        products: { type: 'string', default: '100000' },
        passes: { type: 'string', default: '100' },
      },
    },
  });
  const events = positiveInt(values.events!, '--events');
  const products = positiveInt(values.products!, '--products');
  const passes = positiveInt(values.passes!, '--passes');
  console.log(`node ${process.version}, ${new Date().toISOString()}`);

  const replays = (['diginetica', 'otto'] as const).map((dataset) => replayRealData(dataset, dataset === 'otto' ? passes * 10 : passes));
  for (const replay of replays) {
    console.log(
      `replay ${replay.dataset}: ${replay.events.toLocaleString('en')} events in ${replay.seconds.toFixed(2)} s = ${Math.round(replay.eventsPerSec).toLocaleString('en')} events/s (median pass ${Math.round(replay.medianPassEventsPerSec).toLocaleString('en')}/s; per CPU second ${Math.round(replay.eventsPerCpuSec).toLocaleString('en')}/s)`,
    );
  }

  const baseline = memory();
  const model = new RecommendationModel();
  const cpuStarted = process.cpuUsage();
  const started = process.hrtime.bigint();
  let applied = 0;
  const recentSessions: string[] = []; // the last 1,000 events' sessions: live sessions to query afterwards
  for (const event of syntheticEvents(events, { ...DEFAULT_SYNTHETIC, products })) {
    model.apply(event);
    recentSessions[applied % 1000] = event.sessionId;
    if (++applied % 2_000_000 === 0)
      console.log(`  ${applied.toLocaleString('en')} synthetic events, rss ${mib(process.memoryUsage().rss)} MiB`);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuStarted);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const after = memory();
  const stats = model.stats();
  console.log(
    `synthetic: ${events.toLocaleString('en')} events over ${products.toLocaleString('en')} products in ${seconds.toFixed(1)} s = ${Math.round(events / seconds).toLocaleString('en')} events/s, ${Math.round(events / cpuSeconds).toLocaleString('en')} per CPU second (both include generating them)`,
  );
  console.log(`model: ${JSON.stringify(stats)}`);
  console.log(
    `memory: rss ${mib(after.rss)} MiB, heap used ${mib(after.heapUsed)} MiB (+${mib(after.heapUsed - baseline.heapUsed)}), array buffers ${mib(after.arrayBuffers)} MiB; ${Math.round((after.heapUsed - baseline.heapUsed + after.arrayBuffers - baseline.arrayBuffers) / stats.products)} bytes per product all in`,
  );

  const latency = queryLatency(model, products, recentSessions);
  console.log(
    `query latency in-process (product + session queries, limit 20): p50 ${latency.p50.toFixed(1)} µs, p99 ${latency.p99.toFixed(1)} µs`,
  );
  const snapshot = snapshotRoundTrip(model);
  console.log(
    `snapshot: ${mib(snapshot.bytes)} MiB of JSON, toSnapshot + stringify ${snapshot.saveMs} ms, parse + fromSnapshot ${snapshot.restoreMs} ms`,
  );
  const sliced = await slicedSave(model);
  console.log(
    `snapshot as the service saves it: capture ${sliced.captureMs} ms (${sliced.firstCaptureMs} ms the first time, allocating ${sliced.buffersMiB} MiB of buffers kept for the next ones), then encode + write in slices for ${sliced.totalMs} ms with the longest event-loop delay ${sliced.longestStallMs} ms`,
  );
  console.log(
    JSON.stringify({
      replayEventsPerSec: Object.fromEntries(replays.map((replay) => [replay.dataset, Math.round(replay.eventsPerSec)])),
      replayMedianPassEventsPerSec: Object.fromEntries(
        replays.map((replay) => [replay.dataset, Math.round(replay.medianPassEventsPerSec)]),
      ),
      replayEventsPerCpuSec: Object.fromEntries(replays.map((replay) => [replay.dataset, Math.round(replay.eventsPerCpuSec)])),
      syntheticEvents: events,
      products: stats.products,
      relations: stats.relations,
      sessions: stats.sessions,
      rssMiB: mib(after.rss),
      heapUsedMiB: mib(after.heapUsed),
      arrayBuffersMiB: mib(after.arrayBuffers),
      syntheticEventsPerSec: Math.round(events / seconds),
      syntheticEventsPerCpuSec: Math.round(events / cpuSeconds),
      queryP50Us: Number(latency.p50.toFixed(1)),
      queryP99Us: Number(latency.p99.toFixed(1)),
      snapshotMiB: mib(snapshot.bytes),
      snapshotSaveMs: snapshot.saveMs,
      snapshotRestoreMs: snapshot.restoreMs,
      snapshotCaptureMs: sliced.captureMs,
      snapshotFirstCaptureMs: sliced.firstCaptureMs,
      snapshotBuffersMiB: sliced.buffersMiB,
      snapshotSlicedWriteMs: sliced.totalMs,
      snapshotSlicedLongestStallMs: sliced.longestStallMs,
    }),
  );
}

/** Alternating product queries (spread over the catalogue) and live-session queries with exclusions. */
function queryLatency(model: RecommendationModel, products: number, sessions: string[]): { p50: number; p99: number } {
  const samples: number[] = [];
  for (let i = 0; i < 20_000; i++) {
    const query =
      i % 2 === 0
        ? { productId: `p${(i * 7919) % products}`, limit: 20 }
        : { sessionId: sessions[i % sessions.length], limit: 20, excludeViewed: true, excludeInCart: true };
    const started = process.hrtime.bigint();
    model.recommend(query);
    samples.push(Number(process.hrtime.bigint() - started) / 1e3);
  }
  samples.sort((a, b) => a - b);
  return { p50: samples[Math.floor(samples.length * 0.5)]!, p99: samples[Math.floor(samples.length * 0.99)]! };
}

/** What a periodic snapshot costs the service: the event loop is busy for saveMs (writing the file is extra). */
function snapshotRoundTrip(model: RecommendationModel): { bytes: number; saveMs: number; restoreMs: number } {
  const saveStarted = process.hrtime.bigint();
  const json = JSON.stringify(model.toSnapshot());
  const saveMs = Math.round(Number(process.hrtime.bigint() - saveStarted) / 1e6);
  const restoreStarted = process.hrtime.bigint();
  const restored = RecommendationModel.fromSnapshot(JSON.parse(json));
  const restoreMs = Math.round(Number(process.hrtime.bigint() - restoreStarted) / 1e6);
  if (restored.stats().relations !== model.stats().relations) throw new Error('snapshot round trip lost relations');
  return { bytes: Buffer.byteLength(json), saveMs, restoreMs };
}

/**
 * The service's save (apps/stream-scorer ModelSnapshots): capture the tables into buffers kept between saves,
 * then encode and write them in slices. Two saves: the first allocates the buffers, the second (every later
 * one) reuses them. The longest event-loop delay during the slices is what a request could wait besides the
 * capture.
 */
async function slicedSave(
  model: RecommendationModel,
): Promise<{ firstCaptureMs: number; captureMs: number; totalMs: number; longestStallMs: number; buffersMiB: number }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shelflife-snap-'));
  const buffers = new CaptureBuffers();
  const save = async () => {
    const captureStarted = performance.now();
    const captured = model.captureSnapshot(buffers);
    const captureMs = Math.round(performance.now() - captureStarted);
    const delay = monitorEventLoopDelay({ resolution: 1 });
    delay.enable();
    const started = performance.now();
    const handle = await fs.promises.open(path.join(dir, 'model.json'), 'w');
    try {
      await writeJsonInSlices({ savedAt: Date.now(), model: captured }, (chunk) => handle.write(chunk));
    } finally {
      await handle.close();
    }
    const totalMs = Math.round(performance.now() - started);
    delay.disable();
    return { captureMs, totalMs, longestStallMs: Math.round(delay.max / 1e6) };
  };
  const first = await save();
  const second = await save();
  fs.rmSync(dir, { recursive: true, force: true });
  return { firstCaptureMs: first.captureMs, ...second, buffersMiB: mib(buffers.byteLength) };
}

function memory(): NodeJS.MemoryUsage {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage();
}

const mib = (bytes: number) => Math.round(bytes / 1024 / 1024);

function positiveInt(text: string, flag: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${flag} must be a positive integer, got ${text}`);
  return value;
}

void main();
