/**
 * A RabbitMQ node of the test's own with a TLS listener, started from Debian's rabbitmq-server (in
 * /usr/sbin): its own node name, ports on 127.0.0.1 and data under a temp dir, stopped by its own pid.
 * The broker shared by the other tests (5672) is never addressed. A small cousin of e2e/src/rabbit-node.ts,
 * which a library's tests may not import.
 */
import { randomBytes } from 'node:crypto';
import { execFile, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

export interface TlsRabbitNode {
  nodeName: string;
  /** The TLS listener on 127.0.0.1. */
  tlsPort: number;
  stop(): Promise<void>;
}

export interface TlsListenerFiles {
  caFile: string;
  certFile: string;
  keyFile: string;
}

const SBIN = '/usr/sbin';

/** Where a RabbitMQ tool is (on the PATH, or in /usr/sbin, which a non-root PATH often lacks); undefined when not installed. */
export function rabbitmqTool(name: 'rabbitmq-server' | 'rabbitmqctl'): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), SBIN];
  for (const dir of dirs) {
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      /* next */
    }
  }
  return undefined;
}

function freePort(): Promise<number> {
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

function ctl(rabbitmqctl: string, nodeName: string, args: string[], timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(rabbitmqctl, ['-n', nodeName, ...args], { timeout: timeoutMs }, (error, stdout, stderr) =>
      error ? reject(new Error(`${`${stdout}${stderr}`.trim().split('\n').slice(-4).join(' ')}`, { cause: error })) : resolve(),
    );
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Whether pid is this node's beam (its environment names the node): a reused pid must never be signalled. */
function isNodeProcess(pid: number, nodeName: string): boolean {
  if (pid <= 0 || !alive(pid)) return false;
  try {
    return fs.readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(`RABBITMQ_NODENAME=${nodeName}`);
  } catch {
    return false;
  }
}

function readPid(dir: string): number {
  try {
    const pid = Number(fs.readFileSync(path.join(dir, 'pid'), 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : 0;
  } catch {
    return 0;
  }
}

async function waitUntil(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return check();
}

/**
 * Starts a node whose only AMQP clients are TLS ones on `tlsPort` (its plain listener is on a free port
 * nobody is told of), with the broker certificate and the CA it trusts for client certificates; with
 * `requireClientCert` it refuses a client that presents none (mutual TLS). `dir` and the listener's
 * files must be reachable by the rabbitmq user (a folder of mkdtemp is 0700: open it up first).
 */
export async function startTlsRabbitNode(dir: string, files: TlsListenerFiles, requireClientCert: boolean): Promise<TlsRabbitNode> {
  const server = rabbitmqTool('rabbitmq-server');
  const rabbitmqctl = rabbitmqTool('rabbitmqctl');
  if (!server || !rabbitmqctl) throw new Error('rabbitmq-server is not installed (apt-get install rabbitmq-server)');
  const [tcpPort, tlsPort, distPort] = [await freePort(), await freePort(), await freePort()];
  const nodeName = `shelflife-tls-${randomBytes(4).toString('hex')}@localhost`;
  fs.mkdirSync(dir, { recursive: true });
  fs.chmodSync(dir, 0o777); // Debian's wrapper drops to the rabbitmq user, which writes its data here
  fs.writeFileSync(path.join(dir, 'enabled_plugins'), '[].\n');
  const config = [
    'loopback_users.guest = true',
    `listeners.ssl.1 = 127.0.0.1:${tlsPort}`,
    `ssl_options.cacertfile = ${files.caFile}`,
    `ssl_options.certfile = ${files.certFile}`,
    `ssl_options.keyfile = ${files.keyFile}`,
    'ssl_options.verify = verify_peer',
    `ssl_options.fail_if_no_peer_cert = ${requireClientCert}`,
  ];
  fs.writeFileSync(path.join(dir, 'rabbitmq.conf'), config.map((line) => `${line}\n`).join(''));
  const log = fs.openSync(path.join(dir, 'server.log'), 'a');
  const child = spawn(server, [], {
    stdio: ['ignore', log, log],
    env: {
      ...process.env,
      RABBITMQ_NODENAME: nodeName,
      RABBITMQ_NODE_IP_ADDRESS: '127.0.0.1',
      RABBITMQ_NODE_PORT: String(tcpPort),
      RABBITMQ_DIST_PORT: String(distPort),
      RABBITMQ_CONFIG_FILE: path.join(dir, 'rabbitmq.conf'),
      RABBITMQ_MNESIA_BASE: path.join(dir, 'mnesia'),
      RABBITMQ_LOG_BASE: path.join(dir, 'log'),
      RABBITMQ_ENABLED_PLUGINS_FILE: path.join(dir, 'enabled_plugins'),
      RABBITMQ_PID_FILE: path.join(dir, 'pid'),
    },
  });
  child.on('error', () => undefined); // a spawn failure shows as the exit code below
  const stop = async () => {
    const pid = readPid(dir);
    // Only this node's own beam, by its pid; SIGTERM lets it shut down, SIGKILL if it does not.
    if (isNodeProcess(pid, nodeName)) {
      process.kill(pid, 'SIGTERM');
      if (!(await waitUntil(() => !alive(pid), 20_000)) && isNodeProcess(pid, nodeName)) process.kill(pid, 'SIGKILL');
    }
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    fs.closeSync(log);
  };
  try {
    const until = Date.now() + 90_000;
    for (;;) {
      try {
        await ctl(rabbitmqctl, nodeName, ['await_startup', '--timeout', '60'], 70_000);
        break;
      } catch (error) {
        const exited = child.exitCode !== null || child.signalCode !== null;
        if (exited || Date.now() > until)
          throw new Error(
            `the test's own TLS RabbitMQ node ${nodeName} did not start${exited ? ` (rabbitmq-server exited with ${child.exitCode ?? child.signalCode})` : ''}: ${(error as Error).message}; see ${dir}/server.log and ${dir}/log`,
            { cause: error },
          );
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  } catch (error) {
    await stop();
    throw error;
  }
  child.unref(); // stopped by pid below; the wrapper must not keep the test runner alive
  return { nodeName, tlsPort, stop };
}
