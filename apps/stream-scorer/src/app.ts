import { ScorerServiceService } from '@shelflife/contracts';
import { routingKeys, topology, type StreamStart } from '@shelflife/bus';
import { RecommendationModel, type RecsOptions } from '@shelflife/recs';
import { IN_MEMORY, openServiceStore, type Store } from '@shelflife/store';
import { loadModelVersion, loadPublishedModel } from '@shelflife/batch';
import { composeService, type ServiceDeps, type ServiceHandle } from '@shelflife/service-kit';
import { ActiveVerdicts, QuarantineGate } from '@shelflife/quality-gates';
import { metrics, type Logger } from '@shelflife/telemetry';
import type { ScorerConfig } from './config';
import { ModelSnapshots } from './model-snapshots';
import { scorerEventHandler } from './events-consumer';
import { controlHandler } from './control-consumer';
import { scorerService } from './scorer-service';
import { replayArchiveSince } from './archive-replay';
import { StreamPosition } from './stream-position';

/** Nothing new from the stream for this long: the reader has read all there is (idle traffic is not lag). */
const STREAM_IDLE_MS = 1_000;

export interface ScorerHandle extends ServiceHandle {
  grpcPort: number;
  adminPort?: number;
  model: RecommendationModel;
}

/**
 * The stream scorer: restores its model (snapshot), reads the whole event stream into it from the
 * offset the snapshot covers (every replica learns every event), serves recommendations over gRPC,
 * blends published batch models and honours quarantine verdicts.
 */
export interface ScorerDeps extends ServiceDeps<Store> {
  /**
   * Snapshots of the model in STORE_DIR (default true). The all-in-one demo turns them off: its in-process
   * bus's stream starts again with the process, so an offset saved on disk would point into a stream
   * that no longer exists.
   */
  localSnapshots?: boolean;
}

/**
 * The stream scorer: restores its model (snapshot), reads the whole event stream into it from the
 * offset the snapshot covers (every replica learns every event), serves recommendations over gRPC,
 * blends published batch models and honours quarantine verdicts.
 */
export async function start(config: ScorerConfig, deps: ScorerDeps = {}): Promise<ScorerHandle> {
  // The store holds published batch models and the shared snapshot: only a shared one (MongoDB, or the all-in-one process's) can serve them.
  const service = await composeService({
    name: 'stream-scorer',
    config,
    deps,
    openStore: () => openServiceStore(config, { embeddedFolder: null }),
    bus: { brokerNeededFor: 'the model is not being updated' },
  });
  const { bus, store, logger } = service;
  const names = topology(config.busPrefix);
  const stream = names.streams.scorerEvents;
  // With a shared store a replica can start from the model another one copied there (and copies its own when asked to).
  const sharing = store ? { store, stream, lineage: bus.streamLineage } : undefined;
  const snapshots = new ModelSnapshots(deps.localSnapshots === false ? IN_MEMORY : config.storeDir, sharing);
  const recsOptions = { maxFutureSkewMs: config.maxFutureSkewMs };
  const saved = await loadSnapshot(snapshots, recsOptions, logger);
  const model = saved?.model ?? new RecommendationModel(recsOptions);
  if (saved)
    logger.info(
      { savedAt: new Date(saved.savedAt).toISOString(), from: saved.origin, streamOffset: saved.streamOffset, ...model.stats() },
      'model restored from snapshot',
    );
  const gate = new QuarantineGate();
  if (store) {
    const published = await loadPublishedModel(store).catch(() => null);
    if (published) model.loadBatchModel(published);
    // The verdicts active now, before the catch-up: the next broadcast may be seconds away.
    gate.update(await new ActiveVerdicts(store).load().catch(() => []));
    if (saved && saved.streamOffset === undefined) {
      // A snapshot from before the stream: what reached the pipeline after it is in the archive (by ingest time, less a margin).
      const replayed = await replayArchiveSince(store, model, saved.savedAt, gate);
      logger.info({ replayed, verdicts: gate.current().length }, 'events archived since the snapshot replayed');
    }
  }
  // Every replica reads the whole stream: from just after what its snapshot covers, else from the oldest event kept.
  const resumeFrom = saved?.streamOffset !== undefined ? saved.streamOffset + 1 : undefined;
  const start: StreamStart = resumeFrom !== undefined ? { offset: resumeFrom } : 'first';
  const position = new StreamPosition(resumeFrom);
  const onGap = async (skipped: number, offset: number) => {
    metrics().streamGap.inc({ consumer: 'scorer' }, skipped);
    logger.error(
      {
        skipped,
        resumeFrom,
        firstOffsetKept: offset,
        snapshotSavedAt: saved ? new Date(saved.savedAt).toISOString() : undefined,
        streamMaxAge: config.streamMaxAge,
      },
      store
        ? 'the stream had dropped messages this scorer had not applied (its snapshot is older than the stream retention); replaying them from the archive'
        : 'the stream had dropped messages this scorer had not applied (its snapshot is older than the stream retention): what they taught is missing until the next batch model; raise SHELFLIFE_STREAM_MAX_AGE or snapshot more often (docs/scaling.md)',
    );
    if (store && saved)
      logger.warn({ replayed: await replayArchiveSince(store, model, saved.savedAt, gate) }, 'gap in the stream filled from the archive');
  };

  const control = await bus.subscribe(
    names.exchanges.control,
    [routingKeys.modelPublished, routingKeys.quarantine],
    controlHandler({
      model,
      gate,
      logger,
      loadModel: async (version) => (store ? loadModelVersion(store, version) : null),
    }),
  );
  const events = await bus.readStream(stream, start, scorerEventHandler({ model, gate, logger, stream, position, onGap }), {
    prefetch: config.prefetch,
  });
  position.readerAttached();
  logger.info({ stream, from: start }, 'reading the event stream');

  const recommendations = scorerService(model, config.defaultLimit);
  const server = await service.serveGrpc(config.grpcPort, [
    { name: 'shelflife.scorer.v1.ScorerService', definition: ScorerServiceService, implementation: recommendations.handlers },
  ]);
  // The scorer can answer from its model (or the popular fallback) even when the broker is away: it stays SERVING.
  server.setServing('SERVING');
  service.readiness.add('stream', () => {
    // A replica that is still replaying would answer from an old model: it takes traffic once caught up.
    const lagMs = position.lagMs(STREAM_IDLE_MS);
    if (lagMs > config.readyLagMs)
      throw new Error(`replaying the event stream: ${(lagMs / 1000).toFixed(1)} s behind, ready below ${config.readyLagMs} ms`);
  });
  const lagTimer = setInterval(() => metrics().streamLag.set({ consumer: 'scorer' }, position.lagMs(STREAM_IDLE_MS) / 1000), 1_000);
  const snapshotTimer =
    config.snapshotIntervalMs > 0
      ? setInterval(
          () =>
            void snapshots
              .save(model, () => position.offset)
              .catch((error: Error) => logger.warn({ err: error.message }, 'snapshot failed')),
          config.snapshotIntervalMs,
        )
      : undefined;
  const shareTimer =
    snapshots.sharesSnapshots && config.sharedSnapshotIntervalMs > 0
      ? setInterval(
          () =>
            void snapshots
              .share(model, () => position.offset)
              .then(
                (outcome) => logger.info({ outcome, streamOffset: position.offset }, 'model copied to the shared store for new replicas'),
                (error: Error) =>
                  logger.warn(
                    { err: error.message },
                    'shared snapshot failed: new replicas start from an older copy or replay the stream; check the store',
                  ),
              ),
          config.sharedSnapshotIntervalMs,
        )
      : undefined;
  const handle = await service.ready({
    async drain() {
      clearInterval(lagTimer);
      if (snapshotTimer) clearInterval(snapshotTimer);
      if (shareTimer) clearInterval(shareTimer);
      await events.cancel();
      await control.cancel();
      await snapshots
        .save(model, () => position.offset)
        .then(
          () => logger.info({ ...model.stats(), streamOffset: position.offset }, 'model saved'),
          (error: Error) => logger.warn({ err: error.message }, 'final snapshot failed'),
        );
      // Open recommendation streams would hold the server's drain until its grace period ends.
      recommendations.endStreams();
    },
  });
  logger.info({ grpcPort: server.port, adminPort: handle.adminPort, bus: bus.kind }, 'stream-scorer started');
  return { ...handle, grpcPort: server.port, model };
}

/** A snapshot that cannot be read (older format, damaged file) is reported and the scorer starts empty. */
async function loadSnapshot(
  snapshots: ModelSnapshots,
  options: Partial<RecsOptions>,
  logger: Logger,
): Promise<{ model: RecommendationModel; savedAt: number; streamOffset?: number; origin?: string } | undefined> {
  try {
    const saved = await snapshots.loadNewest((error) =>
      logger.warn({ err: error.message }, 'the shared snapshot could not be read; starting from the local one or the stream'),
    );
    if (!saved) return undefined;
    const model = RecommendationModel.fromSnapshot(saved.model, options);
    const repairedFrom = model.stats().clockRepairedFrom;
    if (repairedFrom !== null) {
      logger.warn(
        { clockRepairedFrom: new Date(repairedFrom).toISOString() },
        "the snapshot's clock was ahead of now (a future-dated event learned before issue 13) and was brought back; for a clean model, start without the snapshot and replay the archive",
      );
    }
    return { model, savedAt: saved.savedAt, streamOffset: saved.streamOffset, origin: saved.origin };
  } catch (error) {
    logger.warn(
      { err: (error as Error).message },
      'snapshot unreadable; starting with an empty model (events since are replayed from the archive when one is shared)',
    );
    return undefined;
  }
}
