import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openStore } from '@shelflife/store';
import { QUARANTINED_EVENTS, type QuarantinedEvent } from './sentinel-state';

const ROOT = path.resolve(__dirname, '../../..');

function cli(storeDir: string, ...args: string[]) {
  return spawnSync(path.join(ROOT, 'node_modules/.bin/tsx'), [path.join(ROOT, 'apps/quality-sentinel/src/quarantine-cli.ts'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, STORE_DIR: storeDir, AMQP_URL: '', LOG_LEVEL: 'warn' },
  });
}

it('lists quarantined events per alert and discards only the chosen alert', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quarantine-'));
  const store = await openStore({ storeDir: path.join(dir, 'sentinel') });
  const kept = (id: string, alertId: string, at: number): QuarantinedEvent => ({
    _id: id,
    alertIds: [alertId],
    ingestedAt: at,
    keptAt: at,
    event: {
      eventId: id,
      type: 'purchase',
      userId: '',
      sessionId: 's',
      productId: 'p',
      quantity: 1,
      occurredAt: at,
      source: 'web',
      price: { currency: 'USD', units: 9, nanos: 0 },
    },
  });
  await store
    .collection<QuarantinedEvent>(QUARANTINED_EVENTS)
    .insertMany([kept('a', 'price#1', 1_000), kept('b', 'price#1', 2_000), kept('c', 'null#2', 3_000)]);
  await store.close();

  const list = cli(dir, 'list');
  expect(list.status).toBe(0);
  expect(
    list.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { alertId: string; events: number }),
  ).toEqual([expect.objectContaining({ alertId: 'null#2', events: 1 }), expect.objectContaining({ alertId: 'price#1', events: 2 })]);
  const discard = cli(dir, 'discard', '--alert', 'price#1');
  expect(JSON.parse(discard.stdout)).toMatchObject({ action: 'discard', events: 2, removedFromQuarantine: 2 });
  expect(cli(dir, 'list').stdout.trim().split('\n')).toHaveLength(1);
  expect(cli(dir, 'list', '--alert', 'price#1')).toMatchObject({
    status: 0,
    stdout: '',
    stderr: expect.stringMatching(/^nothing is quarantined for alert price#1/),
  });
  expect(cli(dir, '--help')).toMatchObject({ status: 0, stdout: expect.stringMatching(/^usage: npm run quarantine -- list/) });
  expect(cli(dir, 'purge')).toMatchObject({ status: 1, stderr: expect.stringMatching(/unknown action "purge"/) });
  const replay = cli(dir, 'replay', '--alert', 'null#2');
  expect(replay.status).toBe(1);
  expect(replay.stderr).toMatch(/replay publishes to RabbitMQ: set AMQP_URL/);
  fs.rmSync(dir, { recursive: true, force: true });
}, 60_000);
