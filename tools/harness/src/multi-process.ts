import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RunningPipeline } from './running-pipeline';
import { freePorts } from './free-ports';
import { ADMIN_PORTS } from '@shelflife/config';
import { IN_MEMORY, serviceStoreDir } from '@shelflife/store';

export const SERVICES = ['quality-sentinel', 'stream-scorer', 'batch-aggregator', 'event-collector', 'storefront-gateway'] as const;
export type ServiceName = (typeof SERVICES)[number];

export interface ProcessLayout {
  httpPort: number;
  grpcPorts: { collector: number; scorer: number; sentinel: number; aggregator: number };
  adminPorts: Record<ServiceName, number>;
  /**
   * Ports of extra collector and scorer replicas (started with `startReplica`): the gateway gets every
   * replica as an `ipv4:` list and spreads its calls over them (round_robin skips one not up yet).
   */
  replicas?: { collector?: ReplicaPorts[]; scorer?: ReplicaPorts[] };
}

export interface ReplicaPorts {
  grpcPort: number;
  adminPort: number;
}

/** "127.0.0.1:p" for one process, "ipv4:127.0.0.1:p1,127.0.0.1:p2" for several. */
function grpcTarget(first: number, replicas: ReplicaPorts[] = []): string {
  if (replicas.length === 0) return `127.0.0.1:${first}`;
  return `ipv4:${[first, ...replicas.map((r) => r.grpcPort)].map((p) => `127.0.0.1:${p}`).join(',')}`;
}

export const DEFAULT_LAYOUT: ProcessLayout = {
  httpPort: 8080,
  grpcPorts: { collector: 50051, scorer: 50052, sentinel: 50053, aggregator: 50054 },
  adminPorts: { ...ADMIN_PORTS },
};

/** A layout on ports the OS says are free now (tests and benchmarks must not meet a running demo). */
export async function freeLayout(): Promise<ProcessLayout> {
  const [http, collector, scorer, sentinel, aggregator, a1, a2, a3, a4, a5] = await freePorts(10);
  return {
    httpPort: http!,
    grpcPorts: { collector: collector!, scorer: scorer!, sentinel: sentinel!, aggregator: aggregator! },
    adminPorts: {
      'storefront-gateway': a1!,
      'event-collector': a2!,
      'stream-scorer': a3!,
      'quality-sentinel': a4!,
      'batch-aggregator': a5!,
    },
  };
}

/** The environment each service gets when they run as separate processes on one machine. */
export function serviceEnv(service: ServiceName, layout: ProcessLayout, shared: NodeJS.ProcessEnv, storeDir: string): NodeJS.ProcessEnv {
  const grpcPort = {
    'event-collector': layout.grpcPorts.collector,
    'stream-scorer': layout.grpcPorts.scorer,
    'quality-sentinel': layout.grpcPorts.sentinel,
    'batch-aggregator': layout.grpcPorts.aggregator,
  }[service as string];
  return {
    ...shared,
    OTEL_SERVICE_NAME: service,
    SHELFLIFE_ADMIN_PORT: String(layout.adminPorts[service]),
    SHELFLIFE_HTTP_PORT: String(layout.httpPort),
    ...(grpcPort ? { SHELFLIFE_GRPC_PORT: String(grpcPort) } : {}),
    SHELFLIFE_COLLECTOR_ADDR: grpcTarget(layout.grpcPorts.collector, layout.replicas?.collector),
    SHELFLIFE_SCORER_ADDR: grpcTarget(layout.grpcPorts.scorer, layout.replicas?.scorer),
    SHELFLIFE_SENTINEL_ADDR: `127.0.0.1:${layout.grpcPorts.sentinel}`,
    SHELFLIFE_AGGREGATOR_ADDR: `127.0.0.1:${layout.grpcPorts.aggregator}`,
    STORE_DIR: serviceStoreDir(storeDir, service),
  };
}

/**
 * The five services as separate processes on RabbitMQ, each started as `nx serve` would
 * (from source through tsx, or from dist/ when built), logs to files.
 */
export async function startProcesses(options: {
  root: string;
  env: NodeJS.ProcessEnv;
  layout?: ProcessLayout;
  logDir: string;
  storeDir: string;
  fromDist?: boolean;
  nodeArgs?: Partial<Record<ServiceName, string[]>>;
  /** Settings for one service only, on top of the rest (e.g. the gateway's rebalance interval in a bench). */
  envFor?: Partial<Record<ServiceName, NodeJS.ProcessEnv>>;
  /** Runs once the four back-end services are ready, before the gateway starts (e.g. start extra replicas). */
  beforeGateway?: () => Promise<void>;
}): Promise<RunningPipeline & { children: Map<ServiceName, ChildProcess> }> {
  const layout = options.layout ?? DEFAULT_LAYOUT;
  fs.mkdirSync(options.logDir, { recursive: true });
  const children = new Map<ServiceName, ChildProcess>();
  const spawnOne = (service: ServiceName) => {
    const logFile = path.join(options.logDir, `${service}.log`);
    children.set(
      service,
      spawnService(service, {
        ...options,
        logFile,
        env: { ...serviceEnv(service, layout, options.env, options.storeDir), ...options.envFor?.[service] },
      }),
    );
  };
  const gatewayUrl = `http://127.0.0.1:${layout.httpPort}`;
  const stopAll = async () => {
    // Gateway first (stop intake), consumers last.
    for (const service of [...SERVICES].reverse()) {
      const child = children.get(service);
      if (child) await stopChild(child);
    }
  };
  // Never leave orphans behind, whatever happens to the parent.
  const killAll = () => children.forEach((child) => child.exitCode === null && child.kill('SIGKILL'));
  process.once('exit', killAll);
  try {
    // The gateway last, once what it calls is ready: its calls and streams find every replica up.
    const backends = SERVICES.filter((service) => service !== 'storefront-gateway');
    for (const service of backends) spawnOne(service);
    for (const service of backends)
      await waitForReady(`http://127.0.0.1:${layout.adminPorts[service]}/readyz`, 60_000, children, options.logDir);
    await options.beforeGateway?.();
    spawnOne('storefront-gateway');
    await waitForReady(`http://127.0.0.1:${layout.adminPorts['storefront-gateway']}/readyz`, 60_000, children, options.logDir);
    await waitForReady(`${gatewayUrl}/readyz`, 60_000, children, options.logDir);
  } catch (error) {
    await stopAll();
    throw error;
  }
  return {
    gatewayUrl,
    adminUrl: `http://127.0.0.1:${layout.adminPorts['storefront-gateway']}`,
    scorerAddr: grpcTarget(layout.grpcPorts.scorer, layout.replicas?.scorer),
    sentinelAddr: `127.0.0.1:${layout.grpcPorts.sentinel}`,
    aggregatorAddr: `127.0.0.1:${layout.grpcPorts.aggregator}`,
    metricsTargets: Object.fromEntries(SERVICES.map((service) => [service, `http://127.0.0.1:${layout.adminPorts[service]}`])),
    children,
    async stop() {
      await stopAll();
      process.removeListener('exit', killAll);
    },
  };
}

/** One service process, as `nx serve` would run it (from source through tsx, or from dist/ when built), its output to a file. */
function spawnService(
  service: ServiceName,
  options: { root: string; env: NodeJS.ProcessEnv; logFile: string; fromDist?: boolean; nodeArgs?: Partial<Record<ServiceName, string[]>> },
): ChildProcess {
  const log = fs.openSync(options.logFile, 'a');
  const [command, args] = options.fromDist
    ? [process.execPath, [...(options.nodeArgs?.[service] ?? []), path.join(options.root, 'dist/apps', service, 'main.js')]]
    : [path.join(options.root, 'node_modules/.bin/tsx'), [path.join(options.root, 'apps', service, 'src/main.ts')]];
  const child = spawn(command, args, { cwd: options.root, env: options.env, stdio: ['ignore', log, log] });
  fs.closeSync(log);
  return child;
}

export interface ReplicaProcess {
  service: ServiceName;
  child: ChildProcess;
  grpcPort: number;
  adminPort: number;
  /** Its own store folder (the scorer keeps its snapshot there); the same on a restart. */
  storeDir: string;
  logFile: string;
}

/**
 * One more replica of a gRPC service beside a running pipeline: its own gRPC and admin ports and its own
 * store folder, the same bus and addresses. Resolves once its /readyz answers 200 (for a scorer: once it
 * has caught up with the stream). Start it again with the same `ports` and `name` to restart it.
 */
export async function startReplica(
  service: 'stream-scorer' | 'event-collector',
  options: {
    root: string;
    env: NodeJS.ProcessEnv;
    layout: ProcessLayout;
    storeDir: string;
    logDir: string;
    name: string;
    fromDist?: boolean;
    ports?: ReplicaPorts;
    readyTimeoutMs?: number;
  },
): Promise<ReplicaProcess> {
  const [grpcPort, adminPort] = options.ports ? [options.ports.grpcPort, options.ports.adminPort] : await freePorts(2);
  const storeDir = path.join(options.storeDir, options.name);
  const logFile = path.join(options.logDir, `${options.name}.log`);
  fs.mkdirSync(options.logDir, { recursive: true });
  const env = {
    ...serviceEnv(service, options.layout, options.env, IN_MEMORY),
    OTEL_SERVICE_NAME: service,
    SHELFLIFE_GRPC_PORT: String(grpcPort),
    SHELFLIFE_ADMIN_PORT: String(adminPort),
    STORE_DIR: storeDir,
  };
  const child = spawnService(service, { root: options.root, env, logFile, fromDist: options.fromDist });
  try {
    await waitForReady(
      `http://127.0.0.1:${adminPort}/readyz`,
      options.readyTimeoutMs ?? 60_000,
      new Map([[service, child]]),
      options.logDir,
    );
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return { service, child, grpcPort: grpcPort!, adminPort: adminPort!, storeDir, logFile };
}

export function stopChild(child: ChildProcess, timeoutMs = 15_000): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
    child.kill('SIGTERM');
  });
}

async function waitForReady(url: string, timeoutMs: number, children: Map<ServiceName, ChildProcess>, logDir: string): Promise<void> {
  const until = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < until) {
    for (const [service, child] of children) {
      if (child.exitCode !== null)
        throw new Error(`${service} exited with code ${child.exitCode}; see ${path.join(logDir, `${service}.log`)}`);
    }
    try {
      const response = await fetch(url);
      if (response.status === 200) return;
      last = `${response.status} ${await response.text()}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} was not ready within ${timeoutMs} ms (last answer: ${last}); see the logs in ${logDir}`);
}
