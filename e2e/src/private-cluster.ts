/**
 * A RabbitMQ cluster of the test's own (three nodes by default) for tests of quorum queues, streams and
 * node failures: each node has its own name, AMQP and distribution ports on 127.0.0.1 and data folder
 * under one temp dir, started from Debian's rabbitmq-server like private-broker.ts (helpers in
 * rabbit-node.ts). A node can be crashed (SIGKILL of its beam) and started again with the same name,
 * ports and data, and rejoins. The shared broker on 5672/25672 is never addressed: every command names
 * one of this cluster's nodes.
 *
 * Erlang cookie: Debian's wrappers run both rabbitmq-server and rabbitmqctl as the rabbitmq user with
 * HOME=/var/lib/rabbitmq, so every node (and the CLI) reads /var/lib/rabbitmq/.erlang.cookie: the nodes
 * share a cookie without any setting here (checked: the nodes cluster; with different cookies they could
 * not even reach each other). Run as root, as CI does; as any other user than root or rabbitmq the
 * wrapper refuses to start.
 *
 * Formation: node 0 boots first, as a single node; the others boot in parallel with classic_config peer
 * discovery naming node 0 (already up, so it is reachable), and join it during their first boot. That
 * takes ~13 s for three nodes on a 2-CPU box, against ~20 s for the manual way (boot, then stop_app,
 * join_cluster node0, start_app: a second boot of the app per node). Peer discovery has one weak spot:
 * a node that cannot reach its seed boots as a blank standalone node without failing. So membership is
 * checked after boot and such a node is joined by hand (stop_app, reset, join_cluster, start_app), which
 * fails loudly, naming the node and the reason. Only nodes without data run discovery: a node started
 * again after a crash finds its mnesia dir and rejoins its cluster from it.
 */
import { type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  awaitNodeStartup,
  ctlAsync,
  freePort,
  isNodeProcess,
  portOpen,
  prepareNodeDir,
  readNodePid,
  requireRabbitmq,
  spawnNode,
  type RabbitNodeSpec,
} from './rabbit-node';

export interface PrivateCluster {
  /** amqp://guest:guest@127.0.0.1:<port>, one per node, in node order. */
  urls: string[];
  /** name@localhost, one per node, in node order; node 0 is the one the others joined. */
  nodeNames: string[];
  /** Crashes node i: SIGKILL of its beam (by the pid in its pid file), then waits until its AMQP port is closed. */
  killNode(i: number): Promise<void>;
  /** Starts node i again (same name, ports and data) and waits until it has booted and a running peer sees it in the cluster. */
  startNode(i: number): Promise<void>;
  /** Stops every node this cluster started (by name, then SIGKILL by pid) and removes its temp dir. Safe to call twice. */
  stop(): Promise<void>;
}

interface NodeState extends RabbitNodeSpec {
  log: number;
  child?: ChildProcess;
  /** The beam's pid of the last boot, for SIGKILL; 0 when not known. */
  pid: number;
  /** Between spawn and the end of await_startup. */
  booting: boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitUntil(what: string, probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(250);
  }
}

/** running_nodes of `cluster_status` as seen by node; [] when the node does not answer. */
export async function runningNodes(nodeName: string): Promise<string[]> {
  try {
    const status = JSON.parse(await ctlAsync(nodeName, ['cluster_status', '--formatter', 'json'], 30_000)) as { running_nodes?: string[] };
    return status.running_nodes ?? [];
  } catch {
    return [];
  }
}

export async function startPrivateCluster(size = 3): Promise<PrivateCluster> {
  if (!Number.isInteger(size) || size < 1) throw new Error(`a cluster needs at least one node, not ${size}`);
  requireRabbitmq();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shelflife-cluster-'));
  // Debian's rabbitmq-server drops to the rabbitmq user: it must be able to write here.
  fs.chmodSync(dir, 0o777);
  const id = randomBytes(4).toString('hex');
  const nodes: NodeState[] = [];
  for (let i = 0; i < size; i++) {
    const nodeDir = path.join(dir, `node${i}`);
    const discovery =
      i === 0
        ? []
        : [
            'cluster_formation.peer_discovery_backend = classic_config',
            `cluster_formation.classic_config.nodes.1 = shelflife-e2e-${id}-0@localhost`,
          ];
    // One cluster name for all (by default each node reports its own name as cluster_name to clients).
    prepareNodeDir(nodeDir, ['loopback_users.guest = true', `cluster_name = shelflife-e2e-${id}`, ...discovery]);
    nodes.push({
      nodeName: `shelflife-e2e-${id}-${i}@localhost`,
      port: await freePort(),
      distPort: await freePort(),
      dir: nodeDir,
      log: fs.openSync(path.join(nodeDir, 'server.log'), 'a'),
      pid: 0,
      booting: false,
    });
  }
  const node = (i: number): NodeState => {
    const n = nodes[i];
    if (!n) throw new Error(`no node ${i} in a cluster of ${nodes.length}`);
    return n;
  };

  let stopping: Promise<void> | undefined;

  async function boot(n: NodeState): Promise<void> {
    if (stopping) throw new Error(`the cluster is stopped: cannot start ${n.nodeName}`);
    if (isNodeProcess(n.pid, n.nodeName)) throw new Error(`${n.nodeName} is still running (pid ${n.pid}): kill it first`);
    fs.rmSync(path.join(n.dir, 'pid'), { force: true }); // a stale pid must not be read as this boot's
    n.pid = 0;
    n.booting = true;
    const child = spawnNode(n, n.log);
    n.child = child;
    // The node is stopped by name or pid; its wrapper must not keep the test runner alive.
    child.unref();
    try {
      await awaitNodeStartup(n, child);
    } finally {
      n.booting = false;
      n.pid = readNodePid(n);
    }
  }

  async function killBeam(n: NodeState): Promise<void> {
    const pid = n.pid || readNodePid(n);
    if (isNodeProcess(pid, n.nodeName)) process.kill(pid, 'SIGKILL');
    n.child?.kill('SIGKILL'); // the su/sh wrapper, if it has not gone with the beam
    await waitUntil(`${n.nodeName} (pid ${pid}) to exit`, async () => !isNodeProcess(pid, n.nodeName), 15_000);
  }

  async function shutdown(removeDir: boolean): Promise<void> {
    await Promise.all(
      nodes.map(async (n) => {
        if (!n.child) return; // never spawned
        const child = n.child;
        // Stopped mid-boot (startNode still waiting): the beam writes its pid file early in its boot.
        await waitUntil(
          `${n.nodeName}'s pid file`,
          async () => n.pid > 0 || readNodePid(n) > 0 || child.exitCode !== null || child.signalCode !== null,
          15_000,
        ).catch(() => undefined);
        const pid = n.pid || readNodePid(n);
        // A node still booting does not answer `stop` before its boot ends: it only gets the SIGKILL.
        if (isNodeProcess(pid, n.nodeName) && !n.booting) {
          try {
            await ctlAsync(n.nodeName, ['stop'], 30_000);
            await waitUntil(`${n.nodeName} to exit`, async () => !isNodeProcess(pid, n.nodeName), 10_000);
          } catch {
            // Only this node's own process, by its pid.
          }
        }
        await killBeam(n).catch(() => undefined);
      }),
    );
    for (const n of nodes) fs.closeSync(n.log);
    if (removeDir) fs.rmSync(dir, { recursive: true, force: true });
  }

  try {
    await boot(node(0));
    const seed = node(0).nodeName;
    await Promise.all(nodes.slice(1).map(boot));
    for (const n of nodes.slice(1)) {
      if ((await runningNodes(seed)).includes(n.nodeName)) continue;
      // Peer discovery left it standalone: join by hand, which says why when it cannot.
      await ctlAsync(n.nodeName, ['stop_app']);
      await ctlAsync(n.nodeName, ['reset']);
      await ctlAsync(n.nodeName, ['join_cluster', seed]);
      await ctlAsync(n.nodeName, ['start_app'], 120_000);
    }
    await waitUntil(`${size} running nodes in ${seed}'s cluster_status`, async () => (await runningNodes(seed)).length === size, 60_000);
  } catch (error) {
    // Keep the folder: the error names logs in it.
    stopping = shutdown(false).catch(() => undefined);
    await stopping;
    throw new Error(`the test's own RabbitMQ cluster did not form: ${(error as Error).message} (logs under ${dir})`, { cause: error });
  }

  return {
    urls: nodes.map((n) => `amqp://guest:guest@127.0.0.1:${n.port}`),
    nodeNames: nodes.map((n) => n.nodeName),
    async killNode(i) {
      const n = node(i);
      const pid = n.pid || readNodePid(n);
      if (!isNodeProcess(pid, n.nodeName)) throw new Error(`${n.nodeName} is not running: nothing to kill`);
      await killBeam(n);
      await waitUntil(`${n.nodeName}'s AMQP port ${n.port} to close`, async () => !(await portOpen(n.port)), 15_000);
      n.pid = 0;
    },
    async startNode(i) {
      const n = node(i);
      await boot(n);
      const peers = nodes.filter((p) => p !== n && isNodeProcess(p.pid, p.nodeName));
      const witness = peers[0]?.nodeName ?? n.nodeName;
      await waitUntil(
        `${n.nodeName} running in ${witness}'s cluster_status`,
        async () => (await runningNodes(witness)).includes(n.nodeName),
        60_000,
      );
    },
    stop() {
      stopping ??= shutdown(true);
      return stopping;
    },
  };
}
