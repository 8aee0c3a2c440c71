/**
 * One configuration of bench:scaling: the five services as separate processes (multi-process.ts's
 * startProcesses), `scorers - 1` more stream-scorer and `collectors - 1` more event-collector replicas
 * (startReplica), and a gateway that spreads its calls over all of them (`ipv4:` lists, round_robin).
 *
 * serviceEnv() writes SHELFLIFE_COLLECTOR_ADDR / SHELFLIFE_SCORER_ADDR after the shared env, so the
 * gateway startProcesses starts always gets the layout's single addresses. Until multi-process.ts lets a
 * caller set them, the gateway it started is replaced here, once every replica is ready, by one on the
 * same ports with the lists (and put in `pipeline.children`, so `pipeline.stop()` stops it). Starting it
 * last is wanted anyway: its recommendation streams land on the scorer replicas that are up when it opens
 * them (they are then rebalanced after 1, 2, 4... s and every SHELFLIFE_SCORER_STREAM_REBALANCE_MS).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { serviceEnv, startProcesses, startReplica, stopChild, type ProcessLayout } from '../../demo/src/multi-process';

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
  root: string; env: NodeJS.ProcessEnv; layout: ProcessLayout; storeDir: string; logDir: string; fromDist: boolean;
  scorers: number; collectors: number;
  /** Set on the gateway only, after everything else (e.g. SHELFLIFE_SCORER_STREAM_REBALANCE_MS). */
  gatewayEnv?: NodeJS.ProcessEnv;
}): Promise<ScalingCluster> {
  const { root, env, layout, storeDir, logDir, fromDist } = options;
  const pipeline = await startProcesses({ root, env, layout, logDir, storeDir, fromDist });
  const replicas: Awaited<ReturnType<typeof startReplica>>[] = [];
  const killReplicas = () => replicas.forEach((r) => r.child.exitCode === null && r.child.kill('SIGKILL'));
  process.once('exit', killReplicas);
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
  try {
    // One at a time: on two cores, parallel starts only make each readiness wait longer.
    for (let i = 2; i <= options.scorers; i += 1) replicas.push(await startReplica('stream-scorer', { root, env, layout, storeDir, logDir, fromDist, name: `stream-scorer-${i}` }));
    for (let i = 2; i <= options.collectors; i += 1) replicas.push(await startReplica('event-collector', { root, env, layout, storeDir, logDir, fromDist, name: `event-collector-${i}` }));
    const list = (first: number, service: string) => `ipv4:${[first, ...replicas.filter((r) => r.service === service).map((r) => r.grpcPort)].map((p) => `127.0.0.1:${p}`).join(',')}`;
    await stopChild(pipeline.children.get('storefront-gateway')!);
    const gateway = spawnGateway(root, fromDist, path.join(logDir, 'storefront-gateway.log'), {
      ...serviceEnv('storefront-gateway', layout, env, storeDir),
      SHELFLIFE_COLLECTOR_ADDR: list(layout.grpcPorts.collector, 'event-collector'),
      SHELFLIFE_SCORER_ADDR: list(layout.grpcPorts.scorer, 'stream-scorer'),
      ...options.gatewayEnv,
    });
    pipeline.children.set('storefront-gateway', gateway);
    await waitFor200([`http://127.0.0.1:${layout.adminPorts['storefront-gateway']}/readyz`, `${pipeline.gatewayUrl}/readyz`], gateway, 60_000);
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
  const processes: ClusterProcess[] = [
    { name: 'gateway', kind: 'gateway', child: pipeline.children.get('storefront-gateway')!, adminPort: layout.adminPorts['storefront-gateway'] },
    { name: 'collector-1', kind: 'collector', child: pipeline.children.get('event-collector')!, adminPort: layout.adminPorts['event-collector'] },
    ...replicas.filter((r) => r.service === 'event-collector').map((r, i) => ({ name: `collector-${i + 2}`, kind: 'collector' as const, child: r.child, adminPort: r.adminPort })),
    { name: 'scorer-1', kind: 'scorer', child: pipeline.children.get('stream-scorer')!, adminPort: layout.adminPorts['stream-scorer'] },
    ...replicas.filter((r) => r.service === 'stream-scorer').map((r, i) => ({ name: `scorer-${i + 2}`, kind: 'scorer' as const, child: r.child, adminPort: r.adminPort })),
    { name: 'sentinel', kind: 'sentinel', child: pipeline.children.get('quality-sentinel')!, adminPort: layout.adminPorts['quality-sentinel'] },
    { name: 'aggregator', kind: 'aggregator', child: pipeline.children.get('batch-aggregator')!, adminPort: layout.adminPorts['batch-aggregator'] },
  ];
  for (const p of processes) {
    p.child.once('exit', (code, signal) => {
      if (!stopping) crashed.push({ name: p.name, code, signal });
    });
  }
  return { gatewayUrl: pipeline.gatewayUrl, processes, crashed, stop };
}

/** The gateway as startProcesses would start it (dist/ bundle or tsx), output appended to its log. */
function spawnGateway(root: string, fromDist: boolean, logFile: string, env: NodeJS.ProcessEnv): ChildProcess {
  const log = fs.openSync(logFile, 'a');
  const [command, args] = fromDist
    ? [process.execPath, [path.join(root, 'dist/apps/storefront-gateway/main.js')]]
    : [path.join(root, 'node_modules/.bin/tsx'), [path.join(root, 'apps/storefront-gateway/src/main.ts')]];
  const child = spawn(command, args, { cwd: root, env, stdio: ['ignore', log, log] });
  fs.closeSync(log);
  return child;
}

async function waitFor200(urls: string[], child: ChildProcess, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (const url of urls) {
    let last = '';
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the gateway exited with code ${child.exitCode}`);
      if (Date.now() > until) throw new Error(`${url} was not ready within ${timeoutMs} ms (last answer: ${last})`);
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
        if (response.status === 200) break;
        last = `${response.status} ${await response.text()}`;
      } catch (error) {
        last = (error as Error).message;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}
