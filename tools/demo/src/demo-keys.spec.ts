import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SIM_SOURCES } from '@shelflife/shopper-sim';
import { postOneEvent, shopBriefly } from './demo-auth';
import { makeDemoKeys, type DemoKeys } from './demo-keys';
import { startDemoPipeline, type DemoPipeline } from './demo-pipeline';

const root = path.resolve(__dirname, '../../..');

describe('the demo makes its own ingest keys', () => {
  let keys: DemoKeys;
  afterEach(() => keys?.remove());

  it('writes one key per source, only their hashes in the keys file, in a private folder', () => {
    keys = makeDemoKeys([...SIM_SOURCES, 'console'], os.tmpdir());
    expect(Object.keys(keys.bySource)).toEqual(['web', 'app', 'console']);
    const lines = fs
      .readFileSync(keys.keysFile, 'utf8')
      .split('\n')
      .filter((line) => line && !line.startsWith('#'));
    expect(lines.map((line) => line.split(' ')[0])).toEqual(['web', 'app', 'console']);
    for (const line of lines) expect(line.split(' ')[1]).toMatch(/^[0-9a-f]{64}$/);
    for (const key of Object.values(keys.bySource)) expect(fs.readFileSync(keys.keysFile, 'utf8')).not.toContain(key);
    expect(fs.statSync(keys.dir).mode & 0o777).toBe(0o700);
    expect(fs.statSync(keys.keysFile).mode & 0o777).toBe(0o600);
    expect(new Set(Object.values(keys.bySource)).size).toBe(3);
  });

  it('all in one process: an unauthenticated POST gets 401, the simulator with the run keys is accepted', async () => {
    keys = makeDemoKeys([...SIM_SOURCES, 'console']);
    let started: DemoPipeline | undefined;
    try {
      started = await startDemoPipeline({
        mode: { kind: 'embedded', why: 'test' },
        root,
        env: { ...process.env, LOG_LEVEL: 'error', STORE_DIR: ':memory:' },
        keysFile: keys.keysFile,
      });
      const { gatewayUrl } = started.pipeline;
      expect(await postOneEvent(gatewayUrl)).toEqual({ status: 401, code: 'MISSING_KEY' });
      expect(await postOneEvent(gatewayUrl, 'Bearer not-a-key-of-this-run')).toEqual({ status: 401, code: 'INVALID_KEY' });
      expect((await postOneEvent(gatewayUrl, `Bearer ${keys.bySource.web}`)).status).toBe(202);
      const summary = await shopBriefly(gatewayUrl, keys.bySource);
      expect(summary.events.accepted).toBeGreaterThan(0);
      expect(summary.events.failed).toBe(0);
    } finally {
      await started?.pipeline.stop();
    }
  }, 120_000);
});
