/**
 * The three-node cluster harness (private-cluster.ts) does what tests of node failures rely on: the nodes
 * form one cluster, quorum queues and streams get a member on every node, and a node crashed with SIGKILL
 * loses no confirmed message and comes back into the cluster. amqplib and rabbitmqctl only, no project
 * code. Needs Debian's rabbitmq-server and rabbitmqctl; fails with a message that says so when missing.
 */
import { randomUUID } from 'node:crypto';
import * as amqp from 'amqplib';
import { runningNodes, startPrivateCluster, type PrivateCluster } from './private-cluster';
import { ctlAsync } from './rabbit-node';

let cluster: PrivateCluster | undefined;
const connections: amqp.ChannelModel[] = [];
const sorted = (names: string[]) => [...names].sort();

interface QueueInfo {
  name: string;
  type: string;
  leader: string;
  members: string[];
  online: string[];
}

async function listQueues(nodeName: string): Promise<QueueInfo[]> {
  return JSON.parse(
    await ctlAsync(nodeName, ['list_queues', 'name', 'type', 'leader', 'members', 'online', '--formatter', 'json']),
  ) as QueueInfo[];
}

async function queueInfo(nodeName: string, name: string): Promise<QueueInfo> {
  const info = (await listQueues(nodeName)).find((q) => q.name === name);
  if (!info) throw new Error(`${nodeName} does not list queue ${name}`);
  return info;
}

async function connect(url: string): Promise<amqp.ChannelModel> {
  const connection = await amqp.connect(url);
  connection.on('error', () => undefined); // a node going away closes its connections; the test looks at confirms and deliveries
  connections.push(connection);
  return connection;
}

async function waitFor(what: string, probe: () => Promise<boolean> | boolean, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function theCluster(): PrivateCluster {
  if (!cluster) throw new Error('the cluster did not start (see beforeAll)');
  return cluster;
}

beforeAll(async () => {
  const started = Date.now();
  cluster = await startPrivateCluster(3);
  console.info(`private cluster of 3 nodes started in ${Date.now() - started} ms`);
}, 240_000);

afterAll(async () => {
  await Promise.all(connections.map((c) => c.close().catch(() => undefined)));
  await cluster?.stop();
}, 120_000);

test('the three nodes report one cluster with three running nodes', async () => {
  const { nodeNames, urls } = theCluster();
  expect(nodeNames).toHaveLength(3);
  expect(new Set(nodeNames).size).toBe(3);
  expect(new Set(urls).size).toBe(3);
  const status = JSON.parse(await ctlAsync(nodeNames[0], ['cluster_status', '--formatter', 'json'])) as {
    cluster_name: string;
    running_nodes: string[];
    disk_nodes: string[];
  };
  expect(sorted(status.running_nodes)).toEqual(sorted(nodeNames));
  expect(sorted(status.disk_nodes)).toEqual(sorted(nodeNames));
  // Every node sees the same cluster, and each serves AMQP on its own port under the one cluster name.
  for (const [i, url] of urls.entries()) {
    expect(sorted(await runningNodes(nodeNames[i]))).toEqual(sorted(nodeNames));
    const connection = await connect(url);
    expect(String(connection.connection.serverProperties.cluster_name)).toBe(status.cluster_name);
  }
}, 120_000);

test('a quorum queue and a stream declared through node 0 have a member on every node', async () => {
  const { nodeNames, urls } = theCluster();
  const channel = await (await connect(urls[0])).createChannel();
  const quorum = `cluster-qq-${randomUUID()}`;
  const stream = `cluster-stream-${randomUUID()}`;
  await channel.assertQueue(quorum, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
  await channel.assertQueue(stream, { durable: true, arguments: { 'x-queue-type': 'stream' } });
  // Asked of node 2: the queues are the cluster's, not node 0's.
  await waitFor('both queues online on all three nodes', async () => {
    const queues = await listQueues(nodeNames[2]);
    return [quorum, stream].every((name) => queues.find((q) => q.name === name)?.online.length === 3);
  });
  const quorumInfo = await queueInfo(nodeNames[2], quorum);
  expect(quorumInfo.type).toBe('quorum');
  expect(sorted(quorumInfo.members)).toEqual(sorted(nodeNames));
  expect(sorted(quorumInfo.online)).toEqual(sorted(nodeNames));
  expect(quorumInfo.leader).toBe(nodeNames[0]); // leaders go to the declaring client's node by default
  const streamInfo = await queueInfo(nodeNames[2], stream);
  expect(streamInfo.type).toBe('stream');
  expect(sorted(streamInfo.members)).toEqual(sorted(nodeNames));
  expect(sorted(streamInfo.online)).toEqual(sorted(nodeNames));
  // The Raft view of the quorum queue: one leader and two followers, one on each node.
  const raft = JSON.parse(
    await ctlAsync(nodeNames[1], ['quorum_status', quorum, '--formatter', 'json'], 60_000, 'rabbitmq-queues'),
  ) as Array<Record<string, unknown>>;
  expect(sorted(raft.map((r) => String(r['Node Name'])))).toEqual(sorted(nodeNames));
  expect(sorted(raft.map((r) => String(r['Raft State'])))).toEqual(['follower', 'follower', 'leader']);
  await channel.deleteQueue(quorum);
  await channel.deleteQueue(stream);
}, 120_000);

test('SIGKILL of the node leading a quorum queue: confirms go on through node 0, node 2 consumes each confirmed message once, the node comes back', async () => {
  const c = theCluster();
  const { nodeNames, urls } = c;
  const queue = `cluster-kill-${randomUUID()}`;
  // Declared through node 1 so that its leader is on node 1: the crash forces a leader election.
  const declaring = await amqp.connect(urls[1]);
  await (await declaring.createChannel()).assertQueue(queue, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
  await declaring.close();
  await waitFor('the queue online on all three nodes', async () => (await queueInfo(nodeNames[0], queue)).online.length === 3);
  expect((await queueInfo(nodeNames[0], queue)).leader).toBe(nodeNames[1]);

  // Consumer on node 2: counts each message id it gets.
  const received = new Map<string, number>();
  const consumer = await (await connect(urls[2])).createChannel();
  await consumer.prefetch(200);
  await consumer.consume(queue, (message) => {
    if (!message) return;
    const id = String(message.properties.messageId);
    received.set(id, (received.get(id) ?? 0) + 1);
    consumer.ack(message);
  });

  // Publisher on node 0 with confirms, up to 50 in flight, until told to stop.
  const publisher = await (await connect(urls[0])).createConfirmChannel();
  const confirmed: string[] = [];
  const nacked: string[] = [];
  const published = new Set<string>();
  let inFlight = 0;
  let publishing = true;
  let seq = 0;
  const publishLoop = (async () => {
    while (publishing) {
      if (inFlight >= 50) {
        await new Promise((r) => setTimeout(r, 2));
        continue;
      }
      const id = `m-${seq++}`;
      published.add(id);
      inFlight++;
      publisher.sendToQueue(queue, Buffer.from(id), { messageId: id, persistent: true }, (error) => {
        inFlight--;
        (error ? nacked : confirmed).push(id);
      });
      if (seq % 50 === 0) await new Promise((r) => setImmediate(r));
    }
  })();

  await waitFor('300 confirms before the kill', () => confirmed.length >= 300, 60_000);
  const killStarted = Date.now();
  await c.killNode(1);
  const killMs = Date.now() - killStarted;
  const confirmedAtKill = confirmed.length;
  expect(await runningNodes(nodeNames[0])).not.toContain(nodeNames[1]);
  await waitFor('300 more confirms after the kill', () => confirmed.length >= confirmedAtKill + 300, 90_000);
  publishing = false;
  await publishLoop;
  await waitFor('every publish confirmed or nacked', () => inFlight === 0, 60_000);
  await waitFor('node 2 to receive every confirmed message', () => confirmed.every((id) => received.has(id)), 90_000);
  // A little longer, for duplicates that would come late.
  await new Promise((r) => setTimeout(r, 1_000));

  expect(confirmed.length).toBeGreaterThanOrEqual(confirmedAtKill + 300);
  expect(nacked).toEqual([]);
  for (const id of confirmed) expect(received.get(id)).toBe(1);
  const duplicates = [...received].filter(([, count]) => count !== 1);
  expect(duplicates).toEqual([]);
  expect([...received.keys()].filter((id) => !published.has(id))).toEqual([]);
  // A new leader took over on a live node.
  const afterKill = await queueInfo(nodeNames[0], queue);
  expect([nodeNames[0], nodeNames[2]]).toContain(afterKill.leader);
  expect(afterKill.online).not.toContain(nodeNames[1]);

  const restartStarted = Date.now();
  await c.startNode(1);
  const restartMs = Date.now() - restartStarted;
  console.info(
    `killNode took ${killMs} ms, startNode ${restartMs} ms; ${confirmed.length} confirmed, ${confirmed.length - confirmedAtKill} after the kill`,
  );
  expect(sorted(await runningNodes(nodeNames[0]))).toEqual(sorted(nodeNames));
  expect(sorted(await runningNodes(nodeNames[1]))).toEqual(sorted(nodeNames));
  // The restarted node's queue member is back too.
  await waitFor('the queue online on all three nodes again', async () => (await queueInfo(nodeNames[2], queue)).online.length === 3);
  await publisher.deleteQueue(queue);
}, 300_000);
