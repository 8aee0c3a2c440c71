/**
 * The pipeline on a three-node RabbitMQ cluster of the test's own (private-cluster.ts: three nodes with
 * their own names, ports and data, started and stopped here; the shared broker on 5672 is never
 * touched). The services get the three AMQP URLs; the work queues and the scorer's stream have a
 * member on every node. The node every service is connected to is killed with SIGKILL under load:
 * no acknowledged event is lost, none is applied twice, and the gateway answers 503 for a few seconds
 * at most while the services reconnect to the other nodes.
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { topology } from '@shelflife/bus';
import { freeLayout, startProcesses } from '@shelflife/harness';
import { startPrivateCluster, type PrivateCluster } from './private-cluster';
import { ctlAsync } from './rabbit-node';

const ROOT = path.resolve(__dirname, '../..');
const prefix = `cluster-${randomUUID().slice(0, 8)}`;
const names = topology(prefix);
let cluster: PrivateCluster | undefined;
let pipeline: Awaited<ReturnType<typeof startProcesses>> | undefined;
let layout: Awaited<ReturnType<typeof freeLayout>>;
let dataDir: string;

async function metric(adminPort: number, series: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${adminPort}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

beforeAll(async () => {
  for (const entry of ['storefront-gateway', 'event-collector', 'stream-scorer', 'batch-aggregator', 'quality-sentinel']) {
    if (!fs.existsSync(path.join(ROOT, 'dist/apps', entry, 'main.js')))
      throw new Error(`dist/apps/${entry}/main.js is missing: run "npx nx run-many -t build" first (npm test does)`);
  }
  cluster = await startPrivateCluster(3);
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shelflife-cluster-'));
  layout = await freeLayout();
  pipeline = await startProcesses({
    root: ROOT,
    fromDist: true,
    layout,
    logDir: path.join(dataDir, 'logs'),
    storeDir: dataDir,
    env: {
      ...process.env,
      AMQP_URL: cluster.urls.join(','),
      SHELFLIFE_BUS_PREFIX: prefix,
      LOG_LEVEL: 'info',
      SHELFLIFE_ACK_DEADLINE_MS: '2000',
      OTEL_TRACES_EXPORTER: 'none',
    },
  });
}, 180_000);

afterAll(async () => {
  await pipeline?.stop();
  await cluster?.stop();
  if (process.env.SHELFLIFE_KEEP_E2E_DATA) console.log(`e2e data and logs kept in ${dataDir}`);
  else if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
}, 120_000);

it('replicates the work queues and the scorer stream over the three nodes', async () => {
  const listing = JSON.parse(await ctlAsync(cluster!.nodeNames[0]!, ['list_queues', 'name', 'type', 'members', '--formatter', 'json'])) as {
    name: string;
    type: string;
    members: string[];
  }[];
  const members = (name: string) => [...(listing.find((q) => q.name === name)?.members ?? [])].sort();
  const nodes = [...cluster!.nodeNames].sort();
  expect(listing.find((q) => q.name === names.streams.scorerEvents)?.type).toBe('stream');
  expect(members(names.streams.scorerEvents)).toEqual(nodes);
  for (const queue of [names.queues.archiveEvents, names.queues.sentinelEvents]) expect(members(queue)).toEqual(nodes);
});

/** The services' warnings and errors: what a failed run prints, since its data folder is removed. */
function serviceTrouble(): string {
  const logs = path.join(dataDir, 'logs');
  return fs
    .readdirSync(logs)
    .map((file) => {
      const lines = fs
        .readFileSync(path.join(logs, file), 'utf8')
        .split('\n')
        // The services log the level's name (libs/telemetry's logger), not pino's number.
        .filter((line) => /"level":"(warn|error|fatal)"/.test(line));
      return `== ${file} (${lines.length} warnings and errors, the last 15)\n${lines
        .slice(-15)
        .map((line) => line.slice(0, 400))
        .join('\n')}`;
    })
    .join('\n');
}

it('loses no acknowledged event and applies none twice when the node the services use is killed under load', async () => {
  try {
    await killUnderLoad();
  } catch (error) {
    console.error(`the services' warnings and errors:\n${serviceTrouble()}`);
    throw error;
  }
}, 240_000);

async function killUnderLoad(): Promise<void> {
  const gateway = `http://127.0.0.1:${layout.httpPort}`;
  const acknowledged = new Set<string>();
  /** When each 503 came: the longest run of them is how long the shop could not hand in events. */
  const refusals: number[] = [];
  let killed = false;
  const send = async (worker: number) => {
    for (let i = 0; i < 150; i += 1) {
      const event = {
        eventId: randomUUID(),
        type: 'view',
        sessionId: `c-${worker}-${i % 10}`,
        productId: `cp-${i % 17}`,
        userId: `u-${worker}`,
        quantity: 1,
        occurredAt: new Date().toISOString(),
        source: 'web',
      };
      const until = Date.now() + 60_000;
      for (;;) {
        const [status, body] = await fetch(`${gateway}/v1/events`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(event),
        }).then(
          async (r) => [r.status, await r.text()] as const,
          () => [0, 'no answer'] as const,
        );
        if (status === 202) break;
        // Nothing but "not now, retry" while a node is gone.
        if (status !== 503 && status !== 0) throw new Error(`unexpected answer ${status}: ${body}`);
        refusals.push(Date.now());
        // The last answer names the cause (GATEWAY_OVERLOADED, PIPELINE_UNAVAILABLE, no answer) for the next reader.
        if (Date.now() > until)
          throw new Error(
            `event ${event.eventId} not accepted within a minute of retries; the last answer was ${status}: ${body.slice(0, 300)}`,
          );
        await new Promise((r) => setTimeout(r, 100));
      }
      acknowledged.add(event.eventId);
      if (acknowledged.size >= 300 && !killed) {
        killed = true;
        // Node 0: every service connected to it first (the first URL), and the queues were declared through it.
        void cluster!.killNode(0);
      }
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  await Promise.all([0, 1, 2, 3].map(send));
  expect(killed).toBe(true);
  expect(acknowledged.size).toBe(600);

  // Every acknowledged event reaches the scorer's model and the archive exactly once.
  const scorerAdmin = layout.adminPorts['stream-scorer'];
  const archiveAdmin = layout.adminPorts['batch-aggregator'];
  const until = Date.now() + 60_000;
  while (Date.now() < until) {
    const applied = await metric(scorerAdmin, 'shelflife_events_total{stage="scorer",outcome="applied"}');
    const stored = await metric(archiveAdmin, 'shelflife_events_total{stage="archive",outcome="stored"}');
    if (applied >= acknowledged.size && stored >= acknowledged.size) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  await new Promise((r) => setTimeout(r, 1_000));
  expect(await metric(scorerAdmin, 'shelflife_events_total{stage="scorer",outcome="applied"}')).toBe(acknowledged.size);
  expect(await metric(archiveAdmin, 'shelflife_events_total{stage="archive",outcome="stored"}')).toBe(acknowledged.size);

  // 503s only while the services moved to another node: a few seconds, not a stall.
  let longest = 0;
  let runStart = refusals[0] ?? 0;
  for (let i = 1; i <= refusals.length; i += 1) {
    if (i === refusals.length || refusals[i]! - refusals[i - 1]! > 1_000) {
      longest = Math.max(longest, refusals[i - 1]! - runStart);
      runStart = refusals[i] ?? 0;
    }
  }
  console.log(`cluster failover: ${refusals.length} refusals, longest run ${longest} ms`);
  expect(longest).toBeLessThan(10_000);
  // And the pipeline is whole again: the gateway is ready, the node comes back into the cluster.
  expect((await fetch(`${gateway}/readyz`)).status).toBe(200);
  await cluster!.startNode(0);
}
