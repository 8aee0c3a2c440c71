import { CollectorServiceService } from '@shelflife/contracts';
import { topology } from '@shelflife/bus';
import { composeService, type ServiceDeps, type ServiceHandle } from '@shelflife/service-kit';
import type { CollectorConfig } from './config';
import { EventPublisher } from './event-publisher';
import { collectorHandlers } from './collector-service';

export interface CollectorHandle extends ServiceHandle {
  grpcPort: number;
  adminPort?: number;
}

/** Wires the collector: bus -> publisher -> gRPC server (+ health, reflection) and the admin endpoints. */
export async function start(config: CollectorConfig, deps: Omit<ServiceDeps, 'store'> = {}): Promise<CollectorHandle> {
  const service = await composeService({ name: 'event-collector', config, deps, bus: { confirmTimeoutMs: config.confirmTimeoutMs } });
  const { bus, logger } = service;
  const publisher = new EventPublisher(bus, topology(config.busPrefix), config.dedupCapacity, {
    maxFutureSkewMs: config.maxFutureSkewMs,
    lateAfterMs: config.lateAfterMs,
  });
  const server = await service.serveGrpc(config.grpcPort, [
    {
      name: 'shelflife.collector.v1.CollectorService',
      definition: CollectorServiceService,
      implementation: collectorHandlers(publisher, logger),
    },
  ]);
  // Health follows the broker: without it the collector cannot confirm anything.
  const healthTimer = setInterval(() => server.setServing(bus.isConnected() ? 'SERVING' : 'NOT_SERVING'), 1_000);
  server.setServing(bus.isConnected() ? 'SERVING' : 'NOT_SERVING');
  const handle = await service.ready({ drain: () => clearInterval(healthTimer) });
  logger.info({ grpcPort: server.port, adminPort: handle.adminPort, bus: bus.kind }, 'event-collector started');
  return { ...handle, grpcPort: server.port };
}
