/**
 * Every command in package.json that people run by hand answers --help with its usage and exit 0,
 * and an unknown option with what was wrong and a non-zero exit, without starting anything.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const COMMANDS = [
  'demo',
  'batch',
  'evaluate',
  'quarantine',
  'shopper-sim',
  'sentinel:replay',
  'sentinel:bench',
  'console:screenshots',
  'bench:broker',
  'bench:ramp',
  'bench:scaling',
  'bench:pipeline',
  'bench:hot-path',
  'bench:scorer',
  'bench:store',
  'bus:limits',
];

const run = (script: string, ...args: string[]) =>
  spawnSync('npm', ['run', '-s', script, '--', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, AMQP_URL: '' },
  });

it.each(COMMANDS)(
  'npm run %s -- --help prints its usage and exits 0',
  (script) => {
    const result = run(script, '--help');
    expect({ status: result.status, usage: /^usage: /m.test(result.stdout) }).toEqual({ status: 0, usage: true });
  },
  60_000,
);

it.each(['demo', 'batch', 'bench:ramp', 'shopper-sim'])(
  'npm run %s -- --no-such-option says so and exits non-zero',
  (script) => {
    const result = run(script, '--no-such-option');
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/no-such-option/);
  },
  60_000,
);
