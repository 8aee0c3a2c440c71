import * as path from 'node:path';
import { SentinelServiceService, fileDescriptorProtos } from '@shelflife/contracts';
import { createBus, busOptionsFrom, topology, type EventBus } from '@shelflife/bus';
import { openStore, type Store } from '@shelflife/store';
import { BatchAuditor, Readiness, startAdminServer, startGrpcServer, type ServiceHandle } from '@shelflife/service-kit';
import { createLogger, metrics } from '@shelflife/telemetry';
import type { SentinelConfig } from './config';
import { SentinelCore } from './sentinel-core';
import { MonitorState } from './sentinel-state';
import { SentinelRole } from './sentinel-role';
import { quarantineHandlers } from './quarantine-service';
import { sentinelHandlers } from './sentinel-service';

export interface SentinelHandle extends ServiceHandle {
  grpcPort: number;
  adminPort?: number;
  core: SentinelCore;
  /** Active (receives the events, runs the time-driven rules, saves) or standby. */
  role: SentinelRole;
}

/**
 * The quality sentinel: detectors on its own queue, alerts and quarantine out, audits on request.
 * Replicas share the queue with a single active consumer: one is active, the others stand by and take
 * over with the state it saved (SentinelRole).
 */
export async function start(
  config: SentinelConfig,
  deps: { bus?: EventBus; store?: Store; withAdmin?: boolean } = {},
): Promise<SentinelHandle> {
  const logger = createLogger('quality-sentinel', { level: config.logLevel });
  const names = topology(config.busPrefix);
  const store =
    deps.store ??
    (await openStore({
      mongoUrl: config.mongoUrl,
      dbName: config.mongoDb,
      storeDir: config.storeDir === ':memory:' ? ':memory:' : path.join(config.storeDir, 'sentinel'),
    }));
  const state = new MonitorState(store);
  const { monitor, version } = await state.load();
  const ownsBus = !deps.bus;
  const bus = deps.bus ?? createBus({ ...busOptionsFrom(config), logger });
  if (ownsBus) await bus.start();
  const core = new SentinelCore(monitor, { bus, names, store, logger, auditor: new BatchAuditor(store) });
  const role = new SentinelRole({
    core,
    state,
    bus,
    logger,
    basis: version,
    saveIntervalMs: config.stateSaveIntervalMs,
    activeAtStart: bus.kind === 'in-process',
  });
  const consumer = await bus.consume(names.queues.sentinelEvents, role.guard(core.handler(names.queues.sentinelEvents)), {
    prefetch: config.prefetch,
  });
  role.start();

  const name = 'shelflife.sentinel.v1.SentinelService';
  const server = await startGrpcServer({
    port: config.grpcPort,
    host: config.grpcHost,
    tls: config,
    logger,
    services: [
      {
        name,
        definition: SentinelServiceService,
        implementation: sentinelHandlers(
          core,
          logger,
          quarantineHandlers({ store, bus, busPrefix: config.busPrefix, maxFutureSkewMs: config.maxFutureSkewMs, logger }),
        ),
        fileDescriptorProtos: fileDescriptorProtos(name),
      },
    ],
  });
  server.setServing('SERVING');
  // A standby is healthy: ready like the active replica (it answers reads and audits, and takes over).
  const readiness = new Readiness()
    .add('broker', () => {
      if (!bus.isConnected()) throw new Error('message broker not connected');
    })
    .add('store', () => store.ping());
  const admin =
    deps.withAdmin === false ? undefined : await startAdminServer(config.adminPort, readiness, metrics().registry, config.adminHost);
  logger.info(
    {
      grpcPort: server.port,
      adminPort: admin?.port,
      bus: bus.kind,
      store: store.kind,
      role: role.role,
      replica: role.replicaId,
      eventsObserved: monitor.eventsObserved,
    },
    'quality-sentinel started',
  );
  return {
    grpcPort: server.port,
    adminPort: admin?.port,
    core,
    role,
    async stop() {
      readiness.startDraining();
      role.pause();
      await consumer.cancel();
      // Saves only when active: a standby's copy must never overwrite what the active replica saved.
      await role.stop();
      await server.stop(config.drainTimeoutMs / 2);
      await admin?.close();
      if (ownsBus) await bus.close();
      if (!deps.store) await store.close();
    },
  };
}
