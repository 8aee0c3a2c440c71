/**
 * SIGTERM drain of a real scorer process on RabbitMQ: it stops reading the stream, finishes the message
 * in hand, writes its snapshot with the offset it covers, exits 0 within the drain time, and a restarted
 * scorer starts from that snapshot and reads on from the next offset: every event once, none twice.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as amqp from 'amqplib';
import { deleteTopology, requireBroker, topology } from '@shelflife/bus';

const AMQP_URL = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const ROOT = path.resolve(__dirname, '../../..');
const prefix = `drain-${randomUUID().slice(0, 8)}`;
const names = topology(prefix);
const storeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scorer-drain-'));

/** The last stream offset the scorer applied, from its metrics. */
async function appliedOffset(adminPort: number): Promise<number | undefined> {
  const text = await (await fetch(`http://127.0.0.1:${adminPort}/metrics`)).text();
  const match = /^shelflife_stream_offset\{consumer="scorer"\} (\d+)$/m.exec(text);
  return match ? Number(match[1]) : undefined;
}

/** The scorer's /readyz answer: ready once it has read the stream up to now. */
async function isReady(adminPort: number): Promise<boolean> {
  try {
    return ((await (await fetch(`http://127.0.0.1:${adminPort}/readyz`)).json()) as { ready: boolean }).ready;
  } catch {
    return false;
  }
}

function startScorer(logFile: string): { child: ChildProcess; ready: Promise<number> } {
  const child = spawn(path.join(ROOT, 'node_modules/.bin/tsx'), [path.join(ROOT, 'apps/stream-scorer/src/main.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      AMQP_URL,
      SHELFLIFE_BUS_PREFIX: prefix,
      STORE_DIR: storeDir,
      SHELFLIFE_GRPC_PORT: '0',
      SHELFLIFE_ADMIN_PORT: '0',
      SHELFLIFE_SNAPSHOT_INTERVAL_MS: '0',
      SHELFLIFE_SCORER_PREFETCH: '50',
      SHELFLIFE_DRAIN_TIMEOUT_MS: '8000',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out = fs.createWriteStream(logFile);
  child.stdout!.pipe(out);
  child.stderr!.pipe(out);
  const ready = new Promise<number>((resolve, reject) => {
    let text = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const started = /"adminPort":(\d+)[^\n]*stream-scorer started/.exec(text);
      if (started) resolve(Number(started[1]));
    });
    child.once('exit', (code) => reject(new Error(`scorer exited early with ${code}; see ${logFile}`)));
  });
  return { child, ready };
}

afterAll(async () => {
  await deleteTopology(AMQP_URL, prefix);
  fs.rmSync(storeDir, { recursive: true, force: true });
});

it('drains on SIGTERM without losing events, and restarts warm from its snapshot', async () => {
  await requireBroker(AMQP_URL);
  const first = startScorer(path.join(storeDir, 'first.log'));
  await first.ready;
  const connection = await amqp.connect(AMQP_URL);
  const channel = await connection.createConfirmChannel();
  const total = 3_000;
  for (let i = 0; i < total; i += 1) {
    const event = {
      eventId: randomUUID(),
      type: 'view',
      userId: '',
      sessionId: `s-${i % 300}`,
      productId: `p-${i % 40}`,
      quantity: 1,
      occurredAt: Date.now(),
      source: 'test',
    };
    channel.publish(names.exchanges.events, 'event.view', Buffer.from(JSON.stringify(event)), {
      persistent: true,
      messageId: event.eventId,
      headers: { 'x-shelflife-ingested-at': Date.now() },
    });
  }
  await channel.waitForConfirms();
  // Stop while it is still consuming.
  const exit = new Promise<number | null>((resolve) => first.child.once('exit', resolve));
  first.child.kill('SIGTERM');
  expect(await exit).toBe(0);

  const log = fs.readFileSync(path.join(storeDir, 'first.log'), 'utf8');
  expect(log).toMatch(/draining/);
  expect(log).toMatch(/stream-scorer stopped/);
  const snapshot = JSON.parse(fs.readFileSync(path.join(storeDir, 'scorer/model-snapshot.json'), 'utf8')) as {
    model: { eventsApplied: number };
    streamOffset: number;
  };
  expect(snapshot.model.eventsApplied).toBeGreaterThan(0);
  // One event per message here, the stream's offsets start at 0: the snapshot covers exactly the events it counts.
  expect(snapshot.streamOffset).toBe(snapshot.model.eventsApplied - 1);

  // Restart: the model comes back from the snapshot, then reads the stream on from the next offset.
  const second = startScorer(path.join(storeDir, 'second.log'));
  const adminPort = await second.ready;
  const secondLog = () => fs.readFileSync(path.join(storeDir, 'second.log'), 'utf8');
  const restored = /"eventsApplied":(\d+)[^\n]*model restored from snapshot/.exec(secondLog());
  expect(Number(restored?.[1])).toBe(snapshot.model.eventsApplied);
  expect(secondLog()).toContain(`"from":{"offset":${snapshot.streamOffset + 1}}`);
  const until = Date.now() + 30_000;
  while (!(await isReady(adminPort)) && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
  expect(await isReady(adminPort)).toBe(true);
  while ((await appliedOffset(adminPort)) !== total - 1 && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
  const secondExit = new Promise<number | null>((resolve) => second.child.once('exit', resolve));
  second.child.kill('SIGTERM');
  expect(await secondExit).toBe(0);
  // Every event exactly once in the model, and the last snapshot covers the whole stream.
  const saved = /"eventsApplied":(\d+)[^\n]*"streamOffset":(\d+),"msg":"model saved"/.exec(secondLog());
  expect(Number(saved?.[1])).toBe(total);
  expect(Number(saved?.[2])).toBe(total - 1);
  await connection.close();
}, 90_000);
