import { SentinelServiceService } from '@shelflife/contracts';
import { topology } from '@shelflife/bus';
import { openServiceStore, type Store } from '@shelflife/store';
import { composeService, type ServiceDeps, type ServiceHandle } from '@shelflife/service-kit';
import { BatchAuditor } from '@shelflife/quality-gates';
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
export async function start(config: SentinelConfig, deps: ServiceDeps<Store> = {}): Promise<SentinelHandle> {
  const service = await composeService({
    name: 'quality-sentinel',
    config,
    deps,
    openStore: () => openServiceStore(config, { embeddedFolder: 'sentinel' }),
  });
  const { bus, store, logger } = service;
  const names = topology(config.busPrefix);
  const state = new MonitorState(store);
  const { monitor, version } = await state.load();
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

  const server = await service.serveGrpc(config.grpcPort, [
    {
      name: 'shelflife.sentinel.v1.SentinelService',
      definition: SentinelServiceService,
      implementation: sentinelHandlers(
        core,
        logger,
        quarantineHandlers({ store, bus, busPrefix: config.busPrefix, maxFutureSkewMs: config.maxFutureSkewMs, logger }),
      ),
    },
  ]);
  server.setServing('SERVING');
  // A standby is healthy: ready like the active replica (it answers reads and audits, and takes over).
  const handle = await service.ready({
    async drain() {
      role.pause();
      await consumer.cancel();
      // Saves only when active: a standby's copy must never overwrite what the active replica saved.
      await role.stop();
    },
  });
  logger.info(
    {
      grpcPort: server.port,
      adminPort: handle.adminPort,
      bus: bus.kind,
      store: store.kind,
      role: role.role,
      replica: role.replicaId,
      eventsObserved: monitor.eventsObserved,
    },
    'quality-sentinel started',
  );
  return { ...handle, grpcPort: server.port, core, role };
}
