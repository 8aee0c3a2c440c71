/**
 * A RabbitMQ node of the test's own: its own node name, AMQP and distribution ports on 127.0.0.1 and
 * data folders under a temp dir, started from Debian's rabbitmq-server and stopped by name (and pid).
 * A test that restarts a broker restarts this one: the broker on 5672 is shared and is never touched.
 * The helpers (ports, rabbitmqctl, the node's folder and environment) are in rabbit-node.ts, shared
 * with the three-node cluster of private-cluster.ts.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  awaitNodeStartup,
  ctl,
  freePort,
  isNodeProcess,
  prepareNodeDir,
  readNodePid,
  requireRabbitmq,
  spawnNode,
  type RabbitNodeSpec,
} from './rabbit-node';

export interface PrivateBroker {
  url: string;
  nodeName: string;
  /** stop_app, wait, start_app: the broker goes away and comes back, as a restart would look to clients. */
  restartApp(downMs: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startPrivateBroker(): Promise<PrivateBroker> {
  requireRabbitmq();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shelflife-rabbit-'));
  prepareNodeDir(dir, ['loopback_users.guest = true']);
  const [port, distPort] = [await freePort(), await freePort()];
  const nodeName = `shelflife-e2e-${randomBytes(4).toString('hex')}@localhost`;
  const spec: RabbitNodeSpec = { nodeName, port, distPort, dir };
  const log = fs.openSync(path.join(dir, 'server.log'), 'a');
  const child = spawnNode(spec, log);
  try {
    await awaitNodeStartup(spec, child);
  } catch (error) {
    child.kill('SIGKILL');
    const pid = readNodePid(spec);
    if (isNodeProcess(pid, nodeName)) process.kill(pid, 'SIGKILL');
    throw error;
  }
  child.unref(); // the node is stopped by name below; its wrapper must not keep the test runner alive
  const pid = readNodePid(spec);
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
        if (isNodeProcess(pid, nodeName)) process.kill(pid, 'SIGKILL');
      }
      fs.closeSync(log);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
