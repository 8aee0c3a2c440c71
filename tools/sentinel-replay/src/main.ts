import * as fs from 'node:fs';
import * as readline from 'node:readline';
import { QualityMonitor, type QualitySnapshot } from '@shelflife/quality';
import { replay } from './replay';

const USAGE = `usage: npm run sentinel:replay -- --input FILE.ndjson [--snapshot-in FILE.json] [--snapshot-out FILE.json]
  --input         one gateway-format event per line, in order (or {"ingestedAt": ..., "event": {...}} envelopes)
  --snapshot-in   start from learned baselines saved earlier (else the monitor learns from the file itself)
  --snapshot-out  save the learned baselines after the replay`;

interface Args {
  input: string;
  snapshotIn?: string;
  snapshotOut?: string;
}

function parseArgs(argv: string[]): Args {
  const args: Partial<Args> = {};
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (flag === '--help' || flag === '-h') exit(USAGE, 0);
    if (!value || value.startsWith('--')) exit(`${flag} needs a value\n${USAGE}`, 2);
    if (flag === '--input') args.input = value;
    else if (flag === '--snapshot-in') args.snapshotIn = value;
    else if (flag === '--snapshot-out') args.snapshotOut = value;
    else exit(`unknown option ${flag}\n${USAGE}`, 2);
    i += 1;
  }
  if (!args.input) exit(`--input is required\n${USAGE}`, 2);
  return args as Args;
}

function exit(message: string, code: number): never {
  (code === 0 ? process.stdout : process.stderr).write(message + '\n');
  process.exit(code);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(args.input)) exit(`input file ${args.input} does not exist`, 2);
  const monitor = args.snapshotIn
    ? QualityMonitor.fromSnapshot(JSON.parse(fs.readFileSync(args.snapshotIn, 'utf8')) as QualitySnapshot)
    : new QualityMonitor();
  const lines = readline.createInterface({ input: fs.createReadStream(args.input, 'utf8'), crlfDelay: Infinity });
  const out: string[] = [];
  const flush = (): void => {
    if (out.length > 0) process.stdout.write(out.join('\n') + '\n');
    out.length = 0;
  };
  await replay(lines, monitor, (line) => {
    out.push(line);
    if (out.length >= 256) flush();
  });
  flush();
  if (args.snapshotOut) fs.writeFileSync(args.snapshotOut, JSON.stringify(monitor.toSnapshot()));
}

main().catch((error: unknown) => exit(`sentinel replay failed: ${(error as Error).message}`, 1));
