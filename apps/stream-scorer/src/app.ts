import * as grpc from '@grpc/grpc-js';
import { loadProtoDefinition, PROTO_FILES, type ScorerProto } from '@shelflife/contracts';
import { createBus, queueLimitsFrom, routingKeys, topology, type EventBus } from '@shelflife/bus';
import { RecommendationModel, type RecsOptions } from '@shelflife/recs';
import { openStore, type Store } from '@shelflife/store';
import { loadModelVersion, loadPublishedModel } from '@shelflife/batch';
import { ActiveVerdicts, QuarantineGate, Readiness, startAdminServer, startGrpcServer, type ServiceHandle } from '@shelflife/service-kit';
import { createLogger, metrics, type Logger } from '@shelflife/telemetry';
import type { ScorerConfig } from './config';
import { ModelSnapshots } from './model-snapshots';
import { scorerEventHandler } from './events-consumer';
import { controlHandler } from './control-consumer';
import { scorerService } from './scorer-service';
import { replayArchiveSince } from './archive-replay';

export interface ScorerHandle extends ServiceHandle {
  grpcPort: number;
  adminPort?: number;
  model: RecommendationModel;
}

/**
 * The stream scorer: restores its model (snapshot), consumes events into it, serves recommendations
 * over gRPC, blends published batch models and honours quarantine verdicts.
 */
export async function start(config: ScorerConfig, deps: { bus?: EventBus; store?: Store; withAdmin?: boolean } = {}): Promise<ScorerHandle> {
  const logger = createLogger('stream-scorer', { level: config.logLevel });
  const names = topology(config.busPrefix);
  const snapshots = new ModelSnapshots(deps.store ? ':memory:' : config.storeDir);
  const recsOptions = { maxFutureSkewMs: config.maxFutureSkewMs };
  const saved = loadSnapshot(snapshots, recsOptions, logger);
  const model = saved?.model ?? new RecommendationModel(recsOptions);
  if (saved) logger.info({ savedAt: new Date(saved.savedAt).toISOString(), ...model.stats() }, 'model restored from snapshot');
  // The store holds published batch models; only a shared store (MongoDB, or the all-in-one process's) can serve them.
  const store = deps.store ?? (config.mongoUrl ? await openStore({ mongoUrl: config.mongoUrl, dbName: config.mongoDb, storeDir: config.storeDir }) : undefined);
  const gate = new QuarantineGate();
  if (store) {
    const published = await loadPublishedModel(store).catch(() => null);
    if (published) model.loadBatchModel(published);
    // The verdicts active now, before the catch-up: the next broadcast may be seconds away.
    gate.update(await new ActiveVerdicts(store).load().catch(() => []));
    if (saved) {
      // By ingest time: what reached the pipeline after the snapshot (less a margin for consumer lag).
      const replayed = await replayArchiveSince(store, model, saved.savedAt, gate);
      logger.info({ replayed, verdicts: gate.current().length }, 'events archived since the snapshot replayed');
    }
  }

  const ownsBus = !deps.bus;
  const bus = deps.bus ?? createBus({ amqpUrl: config.amqpUrl, prefix: config.busPrefix, queueLimits: queueLimitsFrom(config), logger });
  if (ownsBus) await bus.start();
  const control = await bus.subscribe(names.exchanges.control, [routingKeys.modelPublished, routingKeys.quarantine], controlHandler({
    model, gate, logger, loadModel: async (version) => (store ? loadModelVersion(store, version) : null),
  }));
  const events = await bus.consume(names.queues.scorerEvents, scorerEventHandler(model, gate, logger, names.queues.scorerEvents), { prefetch: config.prefetch });

  const definition = loadProtoDefinition(PROTO_FILES.scorer);
  const proto = grpc.loadPackageDefinition(definition) as unknown as ScorerProto;
  const service = scorerService(model, config.defaultLimit);
  const server = await startGrpcServer({
    port: config.grpcPort,
    services: [{ name: 'shelflife.scorer.v1.ScorerService', definition: proto.shelflife.scorer.v1.ScorerService.service, implementation: service.handlers as unknown as grpc.UntypedServiceImplementation }],
    packageDefinitions: [definition],
  });
  // The scorer can answer from its model (or the popular fallback) even when the broker is away: it stays SERVING.
  server.setServing('SERVING');
  const readiness = new Readiness().add('broker', () => {
    if (!bus.isConnected()) throw new Error('message broker not connected: the model is not being updated');
  });
  if (store) readiness.add('store', () => store.ping());
  const admin = deps.withAdmin === false ? undefined : await startAdminServer(config.adminPort, readiness, metrics().registry);
  const lagTimer = setInterval(() => {
    bus.queueDepth(names.queues.scorerEvents).then((depth) => metrics().queueDepth.set({ queue: names.queues.scorerEvents }, depth), () => undefined);
  }, 5_000);
  const snapshotTimer = config.snapshotIntervalMs > 0
    ? setInterval(() => void snapshots.save(model).catch((error: Error) => logger.warn({ err: error.message }, 'snapshot failed')), config.snapshotIntervalMs)
    : undefined;
  logger.info({ grpcPort: server.port, adminPort: admin?.port, bus: bus.kind }, 'stream-scorer started');
  return {
    grpcPort: server.port,
    adminPort: admin?.port,
    model,
    async stop() {
      readiness.startDraining();
      clearInterval(lagTimer);
      if (snapshotTimer) clearInterval(snapshotTimer);
      await events.cancel();
      await control.cancel();
      await snapshots.save(model).then(() => logger.info(model.stats(), 'model saved'), (error: Error) => logger.warn({ err: error.message }, 'final snapshot failed'));
      // Open recommendation streams would hold the server's drain until its grace period ends.
      service.endStreams();
      await server.stop(config.drainTimeoutMs / 2);
      await admin?.close();
      if (ownsBus) await bus.close();
      if (store && !deps.store) await store.close();
    },
  };
}

/** A snapshot that cannot be read (older format, damaged file) is reported and the scorer starts empty. */
function loadSnapshot(snapshots: ModelSnapshots, options: Partial<RecsOptions>, logger: Logger): { model: RecommendationModel; savedAt: number } | undefined {
  try {
    const saved = snapshots.load();
    if (!saved) return undefined;
    const model = RecommendationModel.fromSnapshot(saved.model, options);
    const repairedFrom = model.stats().clockRepairedFrom;
    if (repairedFrom !== null) {
      logger.warn({ clockRepairedFrom: new Date(repairedFrom).toISOString() },
        'the snapshot\'s clock was ahead of now (a future-dated event learned before issue 13) and was brought back; for a clean model, start without the snapshot and replay the archive');
    }
    return { model, savedAt: saved.savedAt };
  } catch (error) {
    logger.warn({ err: (error as Error).message }, 'snapshot unreadable; starting with an empty model (events since are replayed from the archive when one is shared)');
    return undefined;
  }
}
