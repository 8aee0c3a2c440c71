import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { loadProtoDefinition, PROTO_FILES, type SentinelProto } from '@shelflife/contracts';
import { createBus, queueLimitsFrom, topology, type EventBus } from '@shelflife/bus';
import { openStore, type Store } from '@shelflife/store';
import { BatchAuditor, Readiness, startAdminServer, startGrpcServer, type ServiceHandle } from '@shelflife/service-kit';
import { createLogger, metrics } from '@shelflife/telemetry';
import type { SentinelConfig } from './config';
import { SentinelCore } from './sentinel-core';
import { MonitorState } from './sentinel-state';
import { sentinelHandlers } from './sentinel-service';

export interface SentinelHandle extends ServiceHandle {
  grpcPort: number;
  adminPort?: number;
  core: SentinelCore;
}

/** The quality sentinel: detectors on its own queue, alerts and quarantine out, audits on request. */
export async function start(config: SentinelConfig, deps: { bus?: EventBus; store?: Store; withAdmin?: boolean } = {}): Promise<SentinelHandle> {
  const logger = createLogger('quality-sentinel', { level: config.logLevel });
  const names = topology(config.busPrefix);
  const store = deps.store ?? (await openStore({ mongoUrl: config.mongoUrl, dbName: config.mongoDb, storeDir: config.storeDir === ':memory:' ? ':memory:' : path.join(config.storeDir, 'sentinel') }));
  const state = new MonitorState(store);
  const monitor = await state.load();
  const ownsBus = !deps.bus;
  const bus = deps.bus ?? createBus({ amqpUrl: config.amqpUrl, prefix: config.busPrefix, queueLimits: queueLimitsFrom(config), logger });
  if (ownsBus) await bus.start();
  const core = new SentinelCore(monitor, { bus, names, store, logger, auditor: new BatchAuditor(store) });
  const consumer = await bus.consume(names.queues.sentinelEvents, core.handler(names.queues.sentinelEvents), { prefetch: config.prefetch });

  const definition = loadProtoDefinition(PROTO_FILES.sentinel);
  const proto = grpc.loadPackageDefinition(definition) as unknown as SentinelProto;
  const server = await startGrpcServer({
    port: config.grpcPort,
    services: [{ name: 'shelflife.sentinel.v1.SentinelService', definition: proto.shelflife.sentinel.v1.SentinelService.service, implementation: sentinelHandlers(core, logger) as unknown as grpc.UntypedServiceImplementation }],
    packageDefinitions: [definition],
  });
  server.setServing('SERVING');
  const readiness = new Readiness()
    .add('broker', () => {
      if (!bus.isConnected()) throw new Error('message broker not connected');
    })
    .add('store', () => store.ping());
  const admin = deps.withAdmin === false ? undefined : await startAdminServer(config.adminPort, readiness, metrics().registry);
  const tickTimer = setInterval(() => void core.tick().catch((error: Error) => logger.warn({ err: error.message }, 'tick failed')), 1_000);
  const saveTimer = setInterval(() => void state.save(monitor).catch((error: Error) => logger.warn({ err: error.message }, 'could not save baselines')), config.stateSaveIntervalMs);
  logger.info({ grpcPort: server.port, adminPort: admin?.port, bus: bus.kind, store: store.kind }, 'quality-sentinel started');
  return {
    grpcPort: server.port,
    adminPort: admin?.port,
    core,
    async stop() {
      readiness.startDraining();
      clearInterval(tickTimer);
      clearInterval(saveTimer);
      await consumer.cancel();
      await state.save(monitor);
      await server.stop(config.drainTimeoutMs / 2);
      await admin?.close();
      if (ownsBus) await bus.close();
      if (!deps.store) await store.close();
    },
  };
}
