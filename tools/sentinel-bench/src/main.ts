import * as os from 'node:os';
import { SCHEMA_VERSION, parseGatewayEvent, type EventEnvelope } from '@shelflife/contracts';
import { QualityMonitor, seededRandom, viewOfEnvelope } from '@shelflife/quality';
import { replay } from '@shelflife/sentinel-replay';
import { runClean, runScenario, type Detection } from './harness';
import { faultTable, normalChangeTable, type ScenarioSummary } from './report';
import { loadRetailCatalog, syntheticCatalog, type Catalog } from './retail-catalog';
import { FAULTS, NORMAL_CHANGES } from './scenarios';
import { ShopStream } from './shop-stream';

const USAGE = `usage: npm run sentinel:bench -- [--seeds 20] [--clean-events 10000000] [--warmup 60000] [--post 4000]
                              [--normal-post 60000] [--normal-seeds 5] [--throughput-events 300000] [--only TEXT] [--skip PART]
  --clean-events   clean events for the false-alarm rate (0 to skip)
  --only           run only scenarios whose name contains TEXT
  --skip           faults, normal, clean or throughput (repeatable)`;

interface Flags {
  seeds: number;
  cleanEvents: number;
  warmup: number;
  post: number;
  normalPost: number;
  normalSeeds: number;
  throughputEvents: number;
  only: string;
  skip: Set<string>;
}

function parseFlags(argv: string[]): Flags {
  const flags: Flags = {
    seeds: 20,
    cleanEvents: 10_000_000,
    warmup: 60_000,
    post: 4000,
    normalPost: 60_000,
    normalSeeds: 5,
    throughputEvents: 300_000,
    only: '',
    skip: new Set(),
  };
  const numeric: Record<string, keyof Flags> = {
    '--seeds': 'seeds',
    '--clean-events': 'cleanEvents',
    '--warmup': 'warmup',
    '--post': 'post',
    '--normal-post': 'normalPost',
    '--normal-seeds': 'normalSeeds',
    '--throughput-events': 'throughputEvents',
  };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (flag === '--help') fail(USAGE, 0);
    if (value === undefined) fail(`${flag} needs a value\n${USAGE}`, 2);
    if (flag === '--only') flags.only = value;
    else if (flag === '--skip') flags.skip.add(value);
    else if (numeric[flag]) {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 0) fail(`${flag} must be a non-negative integer, got ${value}`, 2);
      (flags[numeric[flag]] as number) = n;
    } else fail(`unknown option ${flag}\n${USAGE}`, 2);
  }
  return flags;
}

function fail(message: string, code: number): never {
  (code === 0 ? process.stdout : process.stderr).write(message + '\n');
  process.exit(code);
}

function log(message: string): void {
  process.stderr.write(`[${new Date().toISOString()}] ${message}\n`);
}

function catalogOrSynthetic(): Catalog {
  const { catalog, reason } = loadRetailCatalog();
  if (catalog) return catalog;
  log(`real data missing: ${reason}; using a synthetic catalog`);
  return syntheticCatalog(seededRandom(1));
}

async function throughput(catalog: Catalog, events: number): Promise<number> {
  const stream = new ShopStream(catalog, 424242);
  const lines = Array.from({ length: events }, () => {
    const event = stream.next();
    return JSON.stringify({ ingestedAt: event.ingestedAt, event: event.raw });
  });
  const summary = await replay(lines, new QualityMonitor(), () => undefined);
  return summary.eventsPerSec;
}

/**
 * The service's path: envelopes as the collector publishes what the gateway accepted, read back from
 * the bus's JSON (decoding the bundle is not timed: it is the same for every consumer), then every detector.
 */
function envelopeThroughput(catalog: Catalog, events: number): number {
  const stream = new ShopStream(catalog, 424242);
  const envelopes: EventEnvelope[] = [];
  while (envelopes.length < events) {
    const { raw, ingestedAt } = stream.next();
    const parsed = parseGatewayEvent(raw, { now: ingestedAt, receivedAt: ingestedAt });
    if (!parsed.ok) continue;
    const envelope: EventEnvelope = { schemaVersion: SCHEMA_VERSION, eventId: parsed.event.eventId, ingestedAt, event: parsed.event };
    envelopes.push(JSON.parse(JSON.stringify(envelope)) as EventEnvelope);
  }
  const monitor = new QualityMonitor();
  const started = process.hrtime.bigint();
  for (const envelope of envelopes) monitor.observe(viewOfEnvelope(envelope));
  return Math.round(events / (Number(process.hrtime.bigint() - started) / 1e9));
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  const catalog = catalogOrSynthetic();
  console.log(
    `# sentinel benchmark\n\ndate ${new Date().toISOString()}, node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  console.log(`catalog: ${catalog.products.length} products from ${catalog.origin}`);
  console.log(`flags: ${process.argv.slice(2).join(' ') || '(defaults)'}\n`);
  const names = ['sentinel', 'static min/max', 'Deequ rate of change', 'whylogs KS p<0.05'];
  const summaries: ScenarioSummary[] = [];
  const selected = (name: string): boolean => name.includes(flags.only);
  for (const [part, scenarios, seeds, post] of [
    ['faults', FAULTS, flags.seeds, flags.post],
    ['normal', NORMAL_CHANGES, flags.normalSeeds, flags.normalPost],
  ] as const) {
    if (flags.skip.has(part)) continue;
    for (const scenario of scenarios.filter((s) => selected(s.name))) {
      const byContender = new Map<string, Detection[]>();
      for (let seed = 1; seed <= seeds; seed++) {
        for (const [name, detection] of runScenario(catalog, scenario, seed, { warmupEvents: flags.warmup, postEvents: post })) {
          byContender.set(name, [...(byContender.get(name) ?? []), detection]);
        }
      }
      summaries.push({ scenario: scenario.name, fault: scenario.fault, byContender });
      const sentinelRuns = byContender.get('sentinel')!;
      log(
        `${scenario.name}: sentinel ${sentinelRuns.map((r) => (scenario.fault ? (r.events ?? 'miss') : r.alarms)).join(' ')}; warm-up alarms ${sentinelRuns.reduce((a, r) => a + r.warmupAlarms, 0)}`,
      );
      const said = sentinelRuns.find((r) => r.said)?.said;
      if (said) log(`  said: ${said}`);
      const falseAlarms = scenario.fault ? [] : sentinelRuns.flatMap((r) => r.firstAlarms ?? []);
      if (falseAlarms.length > 0) log(`  alarms: ${falseAlarms.slice(0, 5).join('; ')}`);
    }
  }
  if (summaries.some((s) => s.fault))
    console.log(
      `## Detection delay (${flags.seeds} seeds; events of the affected sources from the change, inclusive)\n\n${faultTable(summaries, names)}\n`,
    );
  if (summaries.some((s) => !s.fault))
    console.log(
      `## Normal business changes (${flags.normalSeeds} seeds, ${flags.normalPost} events after each change)\n\n${normalChangeTable(summaries, names)}\n`,
    );
  const warmupAlarms = summaries.flatMap((s) => s.byContender.get('sentinel')!).reduce((a, r) => a + r.warmupAlarms, 0);
  if (summaries.length > 0) console.log(`sentinel alarms during all warm-ups (clean data): ${warmupAlarms}\n`);
  if (!flags.skip.has('clean') && flags.cleanEvents > 0) {
    const clean = runClean(catalog, 9001, flags.cleanEvents, flags.warmup, (done) => log(`clean: ${done} events`));
    console.log(
      `## False alarms on ${clean.events} clean events (after a ${flags.warmup}-event warm-up; ${clean.seconds.toFixed(0)} s with all contenders)\n`,
    );
    console.log(`| contender | alarms | per million clean events | first alarms |\n|---|---|---|---|`);
    for (const name of names) {
      const alarms = clean.alarms.get(name)!;
      console.log(`| ${name} | ${alarms} | ${((alarms / clean.events) * 1e6).toFixed(3)} | ${clean.firstAlarms.get(name)!.join(' ')} |`);
    }
    console.log('');
  }
  if (!flags.skip.has('throughput') && flags.throughputEvents > 0) {
    const eventsPerSec = await throughput(catalog, flags.throughputEvents);
    const envelopesPerSec = envelopeThroughput(catalog, flags.throughputEvents);
    console.log(
      `## Throughput\n\nreplay path (JSON.parse + every detector), one core: ${eventsPerSec} events/s over ${flags.throughputEvents} events\n`,
    );
    console.log(
      `sentinel path (decoded envelopes + every detector), one core: ${envelopesPerSec} events/s over ${flags.throughputEvents} events\n`,
    );
  }
}

main().catch((error: unknown) => fail(`sentinel bench failed: ${(error as Error).stack ?? String(error)}`, 1));
