import { CollectorServiceService, fileDescriptorProtos } from '@shelflife/contracts';
import { createBus, busOptionsFrom, type EventBus, topology } from '@shelflife/bus';
import { Readiness, startAdminServer, startGrpcServer, type ServiceHandle } from '@shelflife/service-kit';
import { createLogger, metrics } from '@shelflife/telemetry';
import type { CollectorConfig } from './config';
import { EventPublisher } from './event-publisher';
import { collectorHandlers } from './collector-service';

export interface CollectorHandle extends ServiceHandle {
  grpcPort: number;
  adminPort?: number;
}

/** Wires the collector: bus -> publisher -> gRPC server (+ health, reflection) and the admin endpoints. */
export async function start(config: CollectorConfig, deps: { bus?: EventBus; withAdmin?: boolean } = {}): Promise<CollectorHandle> {
  const logger = createLogger('event-collector', { level: config.logLevel });
  const ownsBus = !deps.bus;
  const bus = deps.bus ?? createBus({ ...busOptionsFrom(config), confirmTimeoutMs: config.confirmTimeoutMs, logger });
  if (ownsBus) await bus.start();
  const publisher = new EventPublisher(bus, topology(config.busPrefix), config.dedupCapacity, {
    maxFutureSkewMs: config.maxFutureSkewMs,
    lateAfterMs: config.lateAfterMs,
  });
  const name = 'shelflife.collector.v1.CollectorService';
  const server = await startGrpcServer({
    port: config.grpcPort,
    host: config.grpcHost,
    tls: config,
    logger,
    services: [
      {
        name,
        definition: CollectorServiceService,
        implementation: collectorHandlers(publisher, logger),
        fileDescriptorProtos: fileDescriptorProtos(name),
      },
    ],
  });
  const readiness = new Readiness().add('broker', () => {
    if (!bus.isConnected()) throw new Error('message broker not connected');
  });
  const admin =
    deps.withAdmin === false ? undefined : await startAdminServer(config.adminPort, readiness, metrics().registry, config.adminHost);
  // Health follows the broker: without it the collector cannot confirm anything.
  const healthTimer = setInterval(() => server.setServing(bus.isConnected() ? 'SERVING' : 'NOT_SERVING'), 1_000);
  server.setServing(bus.isConnected() ? 'SERVING' : 'NOT_SERVING');
  logger.info({ grpcPort: server.port, adminPort: admin?.port, bus: bus.kind }, 'event-collector started');
  return {
    grpcPort: server.port,
    adminPort: admin?.port,
    async stop() {
      clearInterval(healthTimer);
      readiness.startDraining();
      await server.stop(config.drainTimeoutMs / 2);
      await admin?.close();
      if (ownsBus) await bus.close();
    },
  };
}
