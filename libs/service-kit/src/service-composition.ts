import type * as grpc from '@grpc/grpc-js';
import type { Logger } from 'pino';
import { fileDescriptorProtos, type GrpcServiceName } from '@shelflife/contracts';
import { busOptionsFrom, createBus, type EventBus } from '@shelflife/bus';
import { createLogger, metrics } from '@shelflife/telemetry';
import { Readiness } from './readiness';
import { startAdminServer, type AdminServer } from './admin-server';
import { startGrpcServer, type RunningGrpcServer } from './grpc-server';
import type { GrpcTlsSettings } from './grpc-tls';
import type { ServiceHandle } from './lifecycle';

/** What the composition needs of a store (libs/store's Store is one): readiness pings it, and it is closed when owned. */
export interface ServiceStore {
  readonly kind: string;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** The settings every service reads (libs/config commonSettings and its admin port). */
export interface ServiceSettings extends GrpcTlsSettings {
  logLevel: string;
  adminPort: number;
  drainTimeoutMs: number;
  /** Where the admin server (/healthz, /readyz, /metrics) and the gRPC server listen (SHELFLIFE_ADMIN_HOST, SHELFLIFE_GRPC_HOST). */
  adminHost?: string;
  grpcHost?: string;
}

/** The bus settings (libs/config commonSettings), for a service that has a bus. */
export type BusSettings = Parameters<typeof busOptionsFrom>[0];

/**
 * What a caller may hand a service instead of letting it open its own: the all-in-one demo and tests
 * run several services on one in-process bus and one store. What is handed in is borrowed: the
 * service never starts or closes it.
 */
export interface ServiceDeps<S extends ServiceStore = ServiceStore> {
  bus?: EventBus;
  store?: S;
  /** false: no admin server (/healthz, /readyz, /metrics); several services in one process share none. */
  withAdmin?: boolean;
  logger?: Logger;
}

/** One gRPC service of the server: its descriptors for reflection are looked up by name (contracts). */
export interface GrpcService {
  /** Fully qualified, e.g. "shelflife.scorer.v1.ScorerService". */
  name: GrpcServiceName;
  definition: grpc.ServiceDefinition;
  implementation: grpc.UntypedServiceImplementation;
}

/** How a service stops, beyond what the composition closes itself. */
export interface StopSteps {
  /** Stop intake and finish in-flight work (consumers, timers, snapshots): after readiness goes false, before the gRPC server stops. */
  drain?: () => Promise<void> | void;
  /** Closes what the drain still needed (clients the handlers call), once the gRPC server has stopped. */
  afterDrain?: () => Promise<void> | void;
}

export interface ComposedService<B extends EventBus | undefined, S extends ServiceStore | undefined> {
  readonly name: string;
  readonly logger: Logger;
  /** The bus, started; borrowed (deps.bus) or owned. */
  readonly bus: B;
  /** The store; borrowed (deps.store), owned, or none (a service that needs a shared one and has none). */
  readonly store: S;
  /** Has the broker and store checks already; the service adds its own. */
  readonly readiness: Readiness;
  /** Starts the service's gRPC server with health (NOT_SERVING until told) and reflection; it is stopped by `ready`'s stop. */
  serveGrpc(port: number, services: GrpcService[]): Promise<RunningGrpcServer>;
  /**
   * The last step of a start: opens the admin server (unless deps.withAdmin is false), now that every
   * readiness check is in place, and returns the handle whose stop drains in reverse order of the start:
   * readiness false, the service's drain, the gRPC server (half the drain timeout), what must outlive it,
   * the admin server, then the bus and store it owns.
   */
  ready(steps?: StopSteps): Promise<ServiceHandle & { adminPort?: number }>;
}

export interface ComposeOptions<S extends ServiceStore | undefined> {
  /** The service's name, as logs and traces know it ("stream-scorer"). */
  name: string;
  config: ServiceSettings & Partial<BusSettings>;
  deps?: ServiceDeps<NonNullable<S>>;
  /** The service's own store when none is handed in: `openServiceStore` (libs/store), where stores are chosen. */
  openStore?: () => Promise<S>;
  /** The bus, unless false (the gateway has none). */
  bus?: false | { confirmTimeoutMs?: number; brokerNeededFor?: string };
}

/**
 * What every service's start shares, in one place: its logger, its store (borrowed or its own) and its
 * bus (borrowed, or its own, started), readiness that asks each of them, the gRPC server with health and
 * reflection, the admin server, and a stop that closes all of it in reverse order. Each app's start keeps
 * only what is particular to it.
 */
export async function composeService<S extends ServiceStore | undefined = undefined>(
  options: ComposeOptions<S> & { bus: false },
): Promise<ComposedService<undefined, S>>;
export async function composeService<S extends ServiceStore | undefined = undefined>(
  options: ComposeOptions<S> & { config: BusSettings },
): Promise<ComposedService<EventBus, S>>;
export async function composeService<S extends ServiceStore | undefined>(
  options: ComposeOptions<S>,
): Promise<ComposedService<EventBus | undefined, S>> {
  const { name, config, deps = {} } = options;
  const logger = deps.logger ?? createLogger(name, { level: config.logLevel });
  // The store first: a service restores its state before it takes messages.
  const ownsStore = !deps.store && options.openStore !== undefined;
  // S is what openStore gives; a service without openStore has S = undefined, which is what it gets.
  const store = (deps.store ?? (await options.openStore?.())) as S;
  const ownsBus = options.bus !== false && !deps.bus;
  let bus: EventBus | undefined;
  if (options.bus !== false) {
    bus = deps.bus ?? createBus({ ...busOptionsFrom(config as BusSettings), confirmTimeoutMs: options.bus?.confirmTimeoutMs, logger });
    if (ownsBus) await bus.start();
  }
  const readiness = new Readiness();
  if (bus) {
    const connected = bus;
    const neededFor = options.bus ? options.bus.brokerNeededFor : undefined;
    readiness.add('broker', () => {
      if (!connected.isConnected()) throw new Error(`message broker not connected${neededFor ? `: ${neededFor}` : ''}`);
    });
  }
  if (store) readiness.add('store', () => store.ping());
  let server: RunningGrpcServer | undefined;
  return {
    name,
    logger,
    bus,
    store,
    readiness,
    async serveGrpc(port, services) {
      if (server) throw new Error(`${name} already serves gRPC on port ${server.port}: pass every service to one serveGrpc call`);
      server = await startGrpcServer({
        port,
        host: config.grpcHost,
        // TLS, mutual TLS or plaintext as the settings say (grpc-tls.ts); the server logs which.
        tls: config,
        logger,
        services: services.map((service) => ({ ...service, fileDescriptorProtos: fileDescriptorProtos(service.name) })),
      });
      return server;
    },
    async ready(steps = {}) {
      const admin: AdminServer | undefined =
        deps.withAdmin === false ? undefined : await startAdminServer(config.adminPort, readiness, metrics().registry, config.adminHost);
      return {
        adminPort: admin?.port,
        async stop() {
          readiness.startDraining();
          await steps.drain?.();
          await server?.stop(config.drainTimeoutMs / 2);
          await steps.afterDrain?.();
          await admin?.close();
          if (ownsBus) await bus?.close();
          if (ownsStore) await store?.close();
        },
      };
    },
  };
}
