import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const BUF = path.join(ROOT, 'node_modules/.bin/buf');

function copyModule(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'protos-'));
  fs.cpSync(path.join(ROOT, 'protos'), path.join(dir, 'protos'), { recursive: true });
  fs.copyFileSync(path.join(ROOT, 'buf.yaml'), path.join(dir, 'buf.yaml'));
  return dir;
}

describe('buf breaking guards the published contracts', () => {
  it('fails when a field of the event contract is removed, and passes when nothing changed', () => {
    const published = copyModule();
    const changed = copyModule();
    const eventProto = path.join(changed, 'protos/shelflife/events/v1/event.proto');
    fs.writeFileSync(eventProto, fs.readFileSync(eventProto, 'utf8').replace(/^\s*string source = 9;\n/m, ''));
    const broken = spawnSync(BUF, ['breaking', changed, '--against', published], { encoding: 'utf8' });
    expect(broken.status).not.toBe(0);
    expect(broken.stdout + broken.stderr).toMatch(/source/);
    const same = spawnSync(BUF, ['breaking', published, '--against', published], { encoding: 'utf8' });
    expect(same.status).toBe(0);
  });
});
