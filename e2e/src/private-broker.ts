/**
 * A RabbitMQ node of the test's own: its own node name, AMQP and distribution ports on 127.0.0.1 and
 * data folders under a temp dir, started from Debian's rabbitmq-server and stopped by name (and pid).
 * A test that restarts a broker restarts this one: the broker on 5672 is shared and is never touched.
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export interface PrivateBroker {
  url: string;
  nodeName: string;
  /** stop_app, wait, start_app: the broker goes away and comes back, as a restart would look to clients. */
  restartApp(downMs: number): Promise<void>;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().once('error', reject).listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function ctl(nodeName: string, args: string[], timeoutMs = 60_000): void {
  execFileSync('rabbitmqctl', ['-n', nodeName, ...args], { stdio: 'ignore', timeout: timeoutMs });
}

export async function startPrivateBroker(): Promise<PrivateBroker> {
  try {
    execFileSync('rabbitmqctl', ['version'], { stdio: 'ignore' });
  } catch {
    throw new Error('rabbitmqctl is not installed: the end-to-end tests start a RabbitMQ node of their own (apt-get install rabbitmq-server; .ci/run does)');
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shelflife-rabbit-'));
  // Debian's rabbitmq-server drops to the rabbitmq user: it must be able to write here.
  fs.chmodSync(dir, 0o777);
  fs.writeFileSync(path.join(dir, 'enabled_plugins'), '[].\n');
  // Its own config: the machine's one names the shared broker's listener.
  fs.writeFileSync(path.join(dir, 'rabbitmq.conf'), 'loopback_users.guest = true\n');
  const [port, distPort] = [await freePort(), await freePort()];
  const nodeName = `shelflife-e2e-${randomBytes(4).toString('hex')}@localhost`;
  const log = fs.openSync(path.join(dir, 'server.log'), 'a');
  const child = spawn('rabbitmq-server', [], {
    stdio: ['ignore', log, log],
    env: {
      ...process.env, RABBITMQ_NODENAME: nodeName, RABBITMQ_NODE_IP_ADDRESS: '127.0.0.1', RABBITMQ_NODE_PORT: String(port),
      RABBITMQ_DIST_PORT: String(distPort), RABBITMQ_CONFIG_FILE: path.join(dir, 'rabbitmq.conf'), RABBITMQ_MNESIA_BASE: path.join(dir, 'mnesia'),
      RABBITMQ_LOG_BASE: path.join(dir, 'log'), RABBITMQ_ENABLED_PLUGINS_FILE: path.join(dir, 'enabled_plugins'), RABBITMQ_PID_FILE: path.join(dir, 'pid'),
    },
  });
  // await_startup fails at once until the node has registered with epmd: ask again until it answers.
  const until = Date.now() + 90_000;
  for (;;) {
    try {
      ctl(nodeName, ['await_startup', '--timeout', '60'], 70_000);
      break;
    } catch (error) {
      if (Date.now() > until || child.exitCode !== null) {
        child.kill('SIGKILL');
        throw new Error(`the test's own RabbitMQ node ${nodeName} did not start (${(error as Error).message}); see ${path.join(dir, 'server.log')}`);
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  child.unref(); // the node is stopped by name below; its wrapper must not keep the test runner alive
  const pid = Number(fs.readFileSync(path.join(dir, 'pid'), 'utf8').trim());
  return {
    url: `amqp://guest:guest@127.0.0.1:${port}`,
    nodeName,
    async restartApp(downMs) {
      ctl(nodeName, ['stop_app']);
      await new Promise((r) => setTimeout(r, downMs));
      ctl(nodeName, ['start_app']);
    },
    async stop() {
      try {
        ctl(nodeName, ['stop']);
      } catch {
        // Only this node's own process, by its pid.
        if (pid > 0) process.kill(pid, 'SIGKILL');
      }
      fs.closeSync(log);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
