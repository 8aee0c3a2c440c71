import { nightlyWindow, openHeldRuns, runBatch, BATCH_INDEXES } from '@shelflife/batch';
import { limitedQueues, routingKeys, topology } from '@shelflife/bus';
import { openServiceStore, type Store } from '@shelflife/store';
import { BatchServiceService } from '@shelflife/contracts';
import { composeService, rejectedControlMessage, type ServiceDeps, type ServiceHandle } from '@shelflife/service-kit';
import { QuarantineGate, receiveVerdictBroadcast } from '@shelflife/quality-gates';
import { metrics } from '@shelflife/telemetry';
import type { AggregatorConfig } from './config';
import { ArchiveWriter } from './archive-writer';
import { batchDeps } from './batch-deps';
import { batchHandlers } from './batch-service';
import { scheduleCron } from './batch-schedule';
import { inBatchSpan } from './batch-span';

/** Held runs change at batch time or when a person approves one: a minute is soon enough for an alert that waits longer. */
const HELD_SAMPLE_MS = 60_000;
/** How often the gRPC health status follows /readyz (the Kubernetes readiness probe asks the gRPC one). */
const HEALTH_SAMPLE_MS = 1_000;

export interface AggregatorHandle extends ServiceHandle {
  grpcPort: number;
  adminPort?: number;
  /** Runs the nightly job now (what the schedule does). */
  runNightly(): Promise<void>;
  store: Store;
}

/** The batch aggregator service: the archive consumer plus the scheduled write-audit-publish job. */
export async function start(config: AggregatorConfig, deps: ServiceDeps<Store> = {}): Promise<AggregatorHandle> {
  const service = await composeService({
    name: 'batch-aggregator',
    config,
    deps,
    openStore: () => openServiceStore(config, { embeddedFolder: 'aggregator', indexes: BATCH_INDEXES }),
  });
  const { bus, store, logger, readiness } = service;
  const names = topology(config.busPrefix);
  const gate = new QuarantineGate();
  const control = await bus.subscribe(names.exchanges.control, [routingKeys.quarantine], async (message) => {
    const read = receiveVerdictBroadcast(message, { consumer: 'aggregator', logger });
    if (!read.ok) return rejectedControlMessage(read.reason);
    gate.update(read.verdicts);
    return { action: 'ack' };
  });
  const archive = new ArchiveWriter(store, { batchSize: config.archiveBatchSize, lingerMs: config.archiveLingerMs });
  const consumer = await bus.consume(names.queues.archiveEvents, archive.handler(names.queues.archiveEvents), {
    prefetch: Math.max(config.archiveBatchSize * 2, 64),
  });
  const jobDeps = batchDeps({
    store,
    logger,
    sentinelAddr: config.sentinelAddr,
    scorerAddr: config.scorerAddr,
    tls: config,
    auditTimeoutMs: config.auditTimeoutMs,
    bus,
    names,
    gate,
  });

  // Held runs from the store, whoever ran them (this schedule, the CronJob, the CLI): what the held-batch alert watches.
  const sampleHeld = () =>
    openHeldRuns(store).then(
      (held) => metrics().batchHeldRuns.set(held.length),
      () => undefined,
    );
  let running: Promise<void> | undefined;
  const runNightly = async () => {
    if (running) return running; // never two runs at once
    running = (async () => {
      const started = Date.now();
      const window = nightlyWindow(started);
      try {
        const outcome = await inBatchSpan(store, window, () => runBatch(store, window, jobDeps));
        metrics().batchRuns.inc({ verdict: outcome.published ? 'published' : 'held' });
        void sampleHeld();
        if (outcome.divergence) metrics().modelDivergence.set(outcome.divergence.divergence);
        logger.info(
          { version: outcome.version, window, published: outcome.published, reason: outcome.reason, divergence: outcome.divergence },
          'batch run finished',
        );
      } catch (error) {
        metrics().batchRuns.inc({ verdict: 'failed' });
        logger.error({ err: (error as Error).message, window }, 'batch run failed; the next run restarts it cleanly');
      } finally {
        metrics().batchDuration.observe((Date.now() - started) / 1000);
        running = undefined;
      }
    })();
    return running;
  };
  const schedule = scheduleCron(config.batchCron, runNightly);

  const server = await service.serveGrpc(config.grpcPort, [
    {
      name: 'shelflife.batch.v1.BatchService',
      definition: BatchServiceService,
      implementation: batchHandlers({ store, announce: (version) => jobDeps.announce(version), logger }),
    },
  ]);
  // The gRPC health status says what /readyz says (broker and store): an approval needs both.
  const sampleHealth = () => readiness.report().then((report) => server.setServing(report.ready ? 'SERVING' : 'NOT_SERVING'));
  await sampleHealth();
  const healthTimer = setInterval(() => void sampleHealth(), HEALTH_SAMPLE_MS);
  healthTimer.unref();
  // Consumer lag of the work queues (the scorer's stream reports its own lag: shelflife_stream_lag_seconds).
  const depthTimer = setInterval(() => {
    for (const queue of limitedQueues(names))
      bus.queueDepth(queue).then(
        (depth) => metrics().queueDepth.set({ queue }, depth),
        () => undefined,
      );
  }, 5_000);
  depthTimer.unref();
  void sampleHeld();
  const heldTimer = setInterval(sampleHeld, HELD_SAMPLE_MS);
  heldTimer.unref();
  const handle = await service.ready({
    async drain() {
      clearInterval(healthTimer);
      clearInterval(depthTimer);
      clearInterval(heldTimer);
      schedule.stop();
      await consumer.cancel();
      await control.cancel();
      // After the batch run: an approval in flight finishes on the store it started on (the gRPC server stops next).
      await running;
    },
    afterDrain: () => jobDeps.close(),
  });
  logger.info(
    { grpcPort: server.port, adminPort: handle.adminPort, bus: bus.kind, store: store.kind, nextBatch: schedule.next().toISOString() },
    'batch-aggregator started',
  );
  return { ...handle, grpcPort: server.port, runNightly, store };
}
