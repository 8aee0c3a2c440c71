import './instrument';
import {
  BATCH_INDEXES,
  nightlyWindow,
  revenueReportLines,
  runBackfill,
  runBatch,
  verdictReportLine,
  type BatchOutcome,
} from '@shelflife/batch';
import { createBus, busOptionsFrom, topology, type EventBus } from '@shelflife/bus';
import { openServiceStore } from '@shelflife/store';
import { createLogger, shutdownTelemetry } from '@shelflife/telemetry';
import { aggregatorSettings, loadAggregatorConfig } from './config';
import { takeInput } from './cli-input';
import { batchDeps } from './batch-deps';
import { inBatchSpan } from './batch-span';
import { configOrExit } from '@shelflife/service-kit';
import { parseBatchArgs } from './cli-args';

/** Exit codes: every window published; some window held by the audit; the input held (nothing ran); a failure. */
const EXIT = { published: 0, failed: 1, held: 3, inputHeld: 4 } as const;

/** One-shot batch runs: the CronJob's entry point, backfills, and checks of a file of events. */
async function main(): Promise<number> {
  const args = parseBatchArgs(process.argv.slice(2));
  const config = configOrExit(() => loadAggregatorConfig());
  // Figures go to stdout as JSON lines; logs to stderr so the report stays machine-readable.
  const logger = createLogger('batch-aggregator', { level: config.logLevel, destination: process.stderr });
  const store = await openServiceStore(config, { embeddedFolder: 'aggregator', indexes: BATCH_INDEXES });
  let bus: EventBus | undefined;
  if (config.amqpUrl) {
    bus = createBus({ ...busOptionsFrom(config), logger });
    await bus.start();
  }
  const deps = batchDeps({
    store,
    logger,
    sentinelAddr: config.sentinelAddr,
    scorerAddr: config.scorerAddr,
    tls: config,
    auditTimeoutMs: config.auditTimeoutMs,
    bus,
    names: topology(config.busPrefix),
  });
  try {
    let inputDays: string[] = [];
    if (args.input) {
      const requested = args.date
        ? { from: args.date, to: args.date }
        : args.from && args.to
          ? { from: args.from, to: args.to }
          : undefined;
      const intake = await takeInput(store, logger, {
        file: args.input,
        requested,
        maxRejectedShare: config.maxRejectedShare,
        maxRejectedShareSetting: aggregatorSettings.maxRejectedShare.variable,
        now: Date.now(),
      });
      if (intake.held) {
        writeVerdict(intake.outcome);
        process.stderr.write(`batch held: ${intake.outcome.reason}\n`);
        return EXIT.inputHeld;
      }
      inputDays = intake.days;
    }
    let outcomes: BatchOutcome[];
    if (args.from && args.to)
      outcomes = await inBatchSpan(store, { from: args.from, to: args.to }, () =>
        runBackfill(store, { from: args.from!, to: args.to! }, deps),
      );
    else if (args.date)
      outcomes = [
        await inBatchSpan(store, { from: args.date, to: args.date }, () => runBatch(store, { from: args.date!, to: args.date! }, deps)),
      ];
    // A file of events is a backfill of the days it holds (a day without sales in old data is not a
    // fault), each judged against the days before it, so a fault that starts mid-file (a currency
    // flip on day 3) is held instead of blending into one baseline.
    else if (args.input) {
      // Never the nightly window: a file's run covers the file's days (takeInput held an input without any).
      outcomes = [];
      for (const day of inputDays) {
        const window = { from: day, to: day, backfill: true };
        outcomes.push(await inBatchSpan(store, window, () => runBatch(store, window, deps)));
      }
    } else {
      const window = nightlyWindow(Date.now());
      outcomes = [await inBatchSpan(store, window, () => runBatch(store, window, deps))];
    }
    for (const outcome of outcomes) {
      if (args.report)
        for (const line of revenueReportLines(outcome.revenue.filter((r) => !r.productId)))
          process.stdout.write(`${JSON.stringify(line)}\n`);
      writeVerdict(outcome);
    }
    const held = outcomes.filter((o) => !o.published);
    if (held.length > 0)
      process.stderr.write(
        `batch held: ${held.length} of ${outcomes.length} window(s) not published (${held.map((o) => `${o.window.from}: ${o.reason}`).join(' | ')}); see batch_runs and docs/operations.md "A held batch"\n`,
      );
    return held.length === 0 ? EXIT.published : EXIT.held;
  } finally {
    deps.close();
    await bus?.close();
    await store.close();
    await shutdownTelemetry();
  }
}

/** The verdict line on stdout (JSON), one per window, held ones included. */
function writeVerdict(outcome: BatchOutcome): void {
  process.stdout.write(
    `${JSON.stringify({ ...verdictReportLine(outcome), window: outcome.window, backfill: outcome.backfill, findings: outcome.findings })}\n`,
  );
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`batch failed: ${error.message}\n`);
    process.exit(EXIT.failed);
  },
);
