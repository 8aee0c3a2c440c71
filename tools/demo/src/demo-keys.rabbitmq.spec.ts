import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { deleteTopology, LOCAL_BROKER_URL, requireBroker } from '@shelflife/bus';
import { freeLayout } from '@shelflife/harness';
import { SIM_SOURCES } from '@shelflife/shopper-sim';
import { postOneEvent, shopBriefly } from './demo-auth';
import { makeDemoKeys } from './demo-keys';
import { startDemoPipeline, type DemoPipeline } from './demo-pipeline';

const AMQP_URL = process.env.AMQP_URL || LOCAL_BROKER_URL;
const root = path.resolve(__dirname, '../../..');
const prefix = `test-demo-keys-${randomUUID().slice(0, 8)}`;

it('five processes on RabbitMQ: an unauthenticated POST gets 401, the simulator with the run keys is accepted', async () => {
  await requireBroker(AMQP_URL);
  const keys = makeDemoKeys([...SIM_SOURCES, 'console']);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shelflife-demo-keys-data-'));
  let started: DemoPipeline | undefined;
  try {
    started = await startDemoPipeline({
      mode: { kind: 'rabbitmq', amqpUrl: AMQP_URL, why: 'test' },
      root,
      // Its own bus prefix and ports, so that it meets neither a running demo nor another test on the shared broker.
      env: { ...process.env, SHELFLIFE_BUS_PREFIX: prefix, LOG_LEVEL: 'warn', OTEL_TRACES_EXPORTER: 'none' },
      keysFile: keys.keysFile,
      layout: await freeLayout(),
      dataDir,
    });
    const { gatewayUrl } = started.pipeline;
    expect(await postOneEvent(gatewayUrl)).toEqual({ status: 401, code: 'MISSING_KEY' });
    const summary = await shopBriefly(gatewayUrl, keys.bySource);
    expect(summary.events.accepted).toBeGreaterThan(0);
    expect(summary.events.failed).toBe(0);
  } finally {
    await started?.pipeline.stop();
    await deleteTopology(AMQP_URL, prefix).catch(() => undefined);
    keys.remove();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}, 300_000);
