import './instrument';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BATCH_INDEXES, archiveEvents, nightlyWindow, parseGatewayNdjson, revenueReportLines, runBackfill, runBatch, utcDay, verdictReportLine, type BatchOutcome } from '@shelflife/batch';
import { createBus, busOptionsFrom, topology, type EventBus } from '@shelflife/bus';
import { openStore } from '@shelflife/store';
import { createLogger, shutdownTelemetry } from '@shelflife/telemetry';
import { loadAggregatorConfig } from './config';
import { batchDeps } from './batch-deps';
import { inBatchSpan } from './batch-span';
import { configOrExit } from '@shelflife/service-kit';
import { parseBatchArgs } from './cli-args';

/** One-shot batch runs: the CronJob's entry point, backfills, and checks of a file of events. */
async function main(): Promise<number> {
  const args = parseBatchArgs(process.argv.slice(2));
  const config = configOrExit(() => loadAggregatorConfig());
  // Figures go to stdout as JSON lines; logs to stderr so the report stays machine-readable.
  const logger = createLogger('batch-aggregator', { level: config.logLevel, destination: process.stderr });
  const store = await openStore({ mongoUrl: config.mongoUrl, dbName: config.mongoDb, storeDir: config.storeDir === ':memory:' ? ':memory:' : path.join(config.storeDir, 'aggregator'), indexes: BATCH_INDEXES });
  let bus: EventBus | undefined;
  if (config.amqpUrl) {
    bus = createBus({ ...busOptionsFrom(config), logger });
    await bus.start();
  }
  const deps = batchDeps({ store, logger, sentinelAddr: config.sentinelAddr, scorerAddr: config.scorerAddr, auditTimeoutMs: config.auditTimeoutMs, bus, names: topology(config.busPrefix) });
  try {
    let inputDays: string[] = [];
    if (args.input) {
      const reading = parseGatewayNdjson(fs.readFileSync(args.input, 'utf8'));
      for (const bad of reading.rejected.slice(0, 20)) logger.warn({ line: bad.line, code: bad.code, problems: bad.problems }, 'input line rejected');
      const written = await archiveEvents(store, reading.events);
      inputDays = reading.events.map((e) => utcDay(e.occurredAt)).sort();
      logger.info({ file: args.input, events: reading.events.length, rejected: reading.rejected.length, ...written }, 'input archived');
    }
    let outcomes: BatchOutcome[];
    if (args.from && args.to) outcomes = await inBatchSpan(store, { from: args.from, to: args.to }, () => runBackfill(store, { from: args.from!, to: args.to! }, deps));
    else if (args.date) outcomes = [await inBatchSpan(store, { from: args.date, to: args.date }, () => runBatch(store, { from: args.date!, to: args.date! }, deps))];
    // A file of events is a backfill of the days it holds (a day without sales in old data is not a
    // fault), each judged against the days before it, so a fault that starts mid-file (a currency
    // flip on day 3) is held instead of blending into one baseline.
    else if (inputDays.length > 0) {
      outcomes = [];
      for (const day of new Set(inputDays)) {
        const window = { from: day, to: day, backfill: true };
        outcomes.push(await inBatchSpan(store, window, () => runBatch(store, window, deps)));
      }
    }
    else {
      const window = nightlyWindow(Date.now());
      outcomes = [await inBatchSpan(store, window, () => runBatch(store, window, deps))];
    }
    for (const outcome of outcomes) {
      if (args.report) for (const line of revenueReportLines(outcome.revenue.filter((r) => !r.productId))) process.stdout.write(`${JSON.stringify(line)}\n`);
      process.stdout.write(`${JSON.stringify({ ...verdictReportLine(outcome), window: outcome.window, backfill: outcome.backfill, findings: outcome.findings })}\n`);
    }
    return outcomes.every((o) => o.published) ? 0 : 3;
  } finally {
    deps.close();
    await bus?.close();
    await store.close();
    await shutdownTelemetry();
  }
}

main().then((code) => process.exit(code), (error: Error) => {
  process.stderr.write(`batch failed: ${error.message}\n`);
  process.exit(1);
});
