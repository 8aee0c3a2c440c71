/**
 * What the e2e harnesses share to run RabbitMQ nodes of their own from Debian's rabbitmq-server:
 * free ports, rabbitmqctl against one named node, a node's data folder and environment, and waiting
 * for a node to boot. Every command here names its node (-n): the shared broker (rabbit@<host> on
 * 5672/25672) is never addressed, stopped or reconfigured.
 */
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

/** One node's identity and places: the same spec starts it again after a crash (same name, ports, data). */
export interface RabbitNodeSpec {
  nodeName: string;
  port: number;
  distPort: number;
  /** Holds rabbitmq.conf, enabled_plugins, mnesia/, log/, pid and server.log; must be writable by the rabbitmq user. */
  dir: string;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net
      .createServer()
      .once('error', reject)
      .listen(0, '127.0.0.1', () => {
        const { port } = server.address() as net.AddressInfo;
        server.close(() => resolve(port));
      });
  });
}

function onPath(command: string): boolean {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => {
    try {
      fs.accessSync(path.join(dir, command), fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** Throws an error that says what to install when rabbitmqctl or rabbitmq-server is missing. */
export function requireRabbitmq(): void {
  try {
    execFileSync('rabbitmqctl', ['version'], { stdio: 'ignore' });
  } catch {
    throw new Error(
      'rabbitmqctl is not installed: the end-to-end tests start a RabbitMQ node of their own (apt-get install rabbitmq-server; .ci/run does)',
    );
  }
  if (!onPath('rabbitmq-server')) {
    throw new Error(
      'rabbitmq-server is not on the PATH (it is in /usr/sbin): the end-to-end tests start a RabbitMQ node of their own (apt-get install rabbitmq-server; .ci/run does)',
    );
  }
}

/** rabbitmqctl -n nodeName ..., blocking; output ignored. */
export function ctl(nodeName: string, args: string[], timeoutMs = 60_000): void {
  execFileSync('rabbitmqctl', ['-n', nodeName, ...args], { stdio: 'ignore', timeout: timeoutMs });
}

/**
 * A RabbitMQ CLI tool (rabbitmqctl, rabbitmq-queues, ...) with -n nodeName, without blocking the event loop
 * (clients of the test keep their heartbeats and confirms going meanwhile). Resolves with stdout; rejects
 * with an error carrying the command and its output.
 */
export function ctlAsync(nodeName: string, args: string[], timeoutMs = 60_000, tool = 'rabbitmqctl'): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(tool, ['-n', nodeName, ...args], { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) {
        const output = `${stdout}${stderr}`.trim().split('\n').slice(-8).join('\n');
        reject(new Error(`${tool} -n ${nodeName} ${args.join(' ')} failed (${error.message.split('\n')[0]}): ${output}`));
      } else {
        resolve(stdout);
      }
    });
  });
}

/** The folder of a new node: writable by the rabbitmq user (Debian's wrapper drops to it), no plugins, its own config. */
export function prepareNodeDir(dir: string, configLines: string[]): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.chmodSync(dir, 0o777);
  fs.writeFileSync(path.join(dir, 'enabled_plugins'), '[].\n');
  // Its own config: the machine's one names the shared broker's listener.
  fs.writeFileSync(path.join(dir, 'rabbitmq.conf'), configLines.map((line) => `${line}\n`).join(''));
}

/** The environment that makes rabbitmq-server boot this node and nothing else. */
export function nodeEnv(spec: RabbitNodeSpec): NodeJS.ProcessEnv {
  const { dir } = spec;
  return {
    ...process.env,
    RABBITMQ_NODENAME: spec.nodeName,
    RABBITMQ_NODE_IP_ADDRESS: '127.0.0.1',
    RABBITMQ_NODE_PORT: String(spec.port),
    RABBITMQ_DIST_PORT: String(spec.distPort),
    RABBITMQ_CONFIG_FILE: path.join(dir, 'rabbitmq.conf'),
    RABBITMQ_MNESIA_BASE: path.join(dir, 'mnesia'),
    RABBITMQ_LOG_BASE: path.join(dir, 'log'),
    RABBITMQ_ENABLED_PLUGINS_FILE: path.join(dir, 'enabled_plugins'),
    RABBITMQ_PID_FILE: path.join(dir, 'pid'),
  };
}

/** Starts rabbitmq-server for the spec, its output appended to the given log fd. Returns the wrapper process. */
export function spawnNode(spec: RabbitNodeSpec, logFd: number): ChildProcess {
  const child = spawn('rabbitmq-server', [], { stdio: ['ignore', logFd, logFd], env: nodeEnv(spec) });
  // A spawn failure (ENOENT, EACCES) shows as exitCode/signal below; without a listener it would crash the runner.
  child.on('error', () => undefined);
  return child;
}

/**
 * Waits until the node has booted (rabbitmqctl await_startup). await_startup fails at once until the node has
 * registered with epmd: ask again until it answers, or the wrapper exits, or the deadline passes.
 */
export async function awaitNodeStartup(spec: RabbitNodeSpec, child: ChildProcess, timeoutMs = 90_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      await ctlAsync(spec.nodeName, ['await_startup', '--timeout', '60'], 70_000);
      return;
    } catch (error) {
      const exited = child.exitCode !== null || child.signalCode !== null;
      if (Date.now() > until || exited) {
        throw new Error(
          `the test's own RabbitMQ node ${spec.nodeName} did not start${exited ? ` (rabbitmq-server exited with ${child.exitCode ?? child.signalCode})` : ''} (${(error as Error).message}); see ${path.join(spec.dir, 'server.log')} and ${path.join(spec.dir, 'log')}`,
          { cause: error },
        );
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

/** The beam pid the node wrote at boot, or 0 when there is no pid file (yet). */
export function readNodePid(spec: RabbitNodeSpec): number {
  try {
    const pid = Number(fs.readFileSync(path.join(spec.dir, 'pid'), 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : 0;
  } catch {
    return 0;
  }
}

/**
 * Whether pid is alive and is this node's beam: its environment names the node. Pids get reused, and a stale
 * pid file must never make us signal another process (least of all the shared broker). Where /proc cannot be
 * read, only liveness is checked.
 */
export function isNodeProcess(pid: number, nodeName: string): boolean {
  if (pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return fs.readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(`RABBITMQ_NODENAME=${nodeName}`);
  } catch {
    return true;
  }
}

/** Whether something accepts TCP connections on 127.0.0.1:port. */
export function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.setTimeout(2_000);
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket
      .once('connect', () => done(true))
      .once('error', () => done(false))
      .once('timeout', () => done(false));
  });
}
