/**
 * One configuration of bench:scaling: the five services as separate processes (multi-process.ts's
 * startProcesses), `scorers - 1` more stream-scorer and `collectors - 1` more event-collector replicas
 * (startReplica), and a gateway that spreads its calls over all of them (`ipv4:` lists, round_robin).
 *
 * The replicas' ports are chosen first and put in the layout, so the gateway has every replica in its
 * address lists; the replicas start before it (startProcesses' beforeGateway), so its calls and
 * recommendation streams find them all up, as in a deployment that has been running a while.
 */
import type { ChildProcess } from 'node:child_process';
import { freePorts, startProcesses, startReplica, stopChild, type ProcessLayout, type ReplicaPorts } from '@shelflife/harness';

export type ProcessKind = 'gateway' | 'collector' | 'scorer' | 'sentinel' | 'aggregator';

export interface ClusterProcess {
  /** gateway, collector-1, collector-2, scorer-1, ... */
  name: string;
  kind: ProcessKind;
  child: ChildProcess;
  adminPort: number;
}

export interface ScalingCluster {
  gatewayUrl: string;
  processes: ClusterProcess[];
  /** Processes that exited while the cluster was meant to run. */
  crashed: { name: string; code: number | null; signal: string | null }[];
  stop(): Promise<void>;
}

export async function startScalingCluster(options: {
  root: string;
  env: NodeJS.ProcessEnv;
  layout: ProcessLayout;
  storeDir: string;
  logDir: string;
  fromDist: boolean;
  scorers: number;
  collectors: number;
  /** Set on the gateway only (e.g. SHELFLIFE_SCORER_STREAM_REBALANCE_MS). */
  gatewayEnv?: NodeJS.ProcessEnv;
}): Promise<ScalingCluster> {
  const { root, env, storeDir, logDir, fromDist } = options;
  // The replicas' ports first: the gateway is started with every replica in its address lists.
  const portsFor = async (count: number): Promise<ReplicaPorts[]> => {
    const ports = await freePorts(2 * count);
    return Array.from({ length: count }, (_, i) => ({ grpcPort: ports[2 * i]!, adminPort: ports[2 * i + 1]! }));
  };
  const layout: ProcessLayout = {
    ...options.layout,
    replicas: { scorer: await portsFor(options.scorers - 1), collector: await portsFor(options.collectors - 1) },
  };
  const replicas: Awaited<ReturnType<typeof startReplica>>[] = [];
  const killReplicas = () => replicas.forEach((r) => r.child.exitCode === null && r.child.kill('SIGKILL'));
  process.once('exit', killReplicas);
  // The replicas before the gateway: its streams and calls then find every one of them up.
  const startReplicas = async () => {
    // One at a time: on two cores, parallel starts only make each readiness wait longer.
    for (const [i, ports] of (layout.replicas?.scorer ?? []).entries()) {
      replicas.push(
        await startReplica('stream-scorer', { root, env, layout, storeDir, logDir, fromDist, name: `stream-scorer-${i + 2}`, ports }),
      );
    }
    for (const [i, ports] of (layout.replicas?.collector ?? []).entries()) {
      replicas.push(
        await startReplica('event-collector', { root, env, layout, storeDir, logDir, fromDist, name: `event-collector-${i + 2}`, ports }),
      );
    }
  };
  let pipeline: Awaited<ReturnType<typeof startProcesses>>;
  try {
    pipeline = await startProcesses({
      root,
      env,
      layout,
      logDir,
      storeDir,
      fromDist,
      envFor: { 'storefront-gateway': options.gatewayEnv },
      beforeGateway: startReplicas,
    });
  } catch (error) {
    killReplicas();
    process.removeListener('exit', killReplicas);
    throw error;
  }
  const crashed: ScalingCluster['crashed'] = [];
  let stopping = false;
  const stop = async () => {
    stopping = true;
    // Intake first, then the extra replicas, then the rest of the pipeline (consumers last).
    await stopChild(pipeline.children.get('storefront-gateway')!);
    await Promise.all(replicas.map((r) => stopChild(r.child)));
    await pipeline.stop();
    process.removeListener('exit', killReplicas);
  };
  const processes: ClusterProcess[] = [
    {
      name: 'gateway',
      kind: 'gateway',
      child: pipeline.children.get('storefront-gateway')!,
      adminPort: layout.adminPorts['storefront-gateway'],
    },
    {
      name: 'collector-1',
      kind: 'collector',
      child: pipeline.children.get('event-collector')!,
      adminPort: layout.adminPorts['event-collector'],
    },
    ...replicas
      .filter((r) => r.service === 'event-collector')
      .map((r, i) => ({ name: `collector-${i + 2}`, kind: 'collector' as const, child: r.child, adminPort: r.adminPort })),
    { name: 'scorer-1', kind: 'scorer', child: pipeline.children.get('stream-scorer')!, adminPort: layout.adminPorts['stream-scorer'] },
    ...replicas
      .filter((r) => r.service === 'stream-scorer')
      .map((r, i) => ({ name: `scorer-${i + 2}`, kind: 'scorer' as const, child: r.child, adminPort: r.adminPort })),
    {
      name: 'sentinel',
      kind: 'sentinel',
      child: pipeline.children.get('quality-sentinel')!,
      adminPort: layout.adminPorts['quality-sentinel'],
    },
    {
      name: 'aggregator',
      kind: 'aggregator',
      child: pipeline.children.get('batch-aggregator')!,
      adminPort: layout.adminPorts['batch-aggregator'],
    },
  ];
  for (const p of processes) {
    p.child.once('exit', (code, signal) => {
      if (!stopping) crashed.push({ name: p.name, code, signal });
    });
  }
  return { gatewayUrl: pipeline.gatewayUrl, processes, crashed, stop };
}
