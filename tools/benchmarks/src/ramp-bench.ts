/**
 * Hold the spike (issue 11): the broker's own limit first (bench:broker's measureBroker, same process),
 * then the five services as separate processes (as bench:pipeline starts them) under an open-loop load
 * stepped through multiples of that limit, then a short recovery at the lowest rate, a drain, and a check
 * that every event answered 202 reached the archive and the scorer.
 *
 *   npm run bench:ramp -- [--step-seconds 15] [--steps 0.25,0.5,0.75,1,1.5,2,3] [--overload-seconds 60]
 *                         [--recs-per-sec 100] [--batch 50] [--warmup 10] [--recovery-seconds 10] [--drain-seconds 180]
 *                         [--reference N (skip the broker measurement)] [--broker-seconds 15]
 *                         [--cpu-prof <service> [--cpu-prof-dir tmp/profiles]] [--log-dir DIR]
 *
 * One JSON line for the reference, one per step, one for the recovery, and last one summary line:
 * {"referenceEventsPerSec","maxSustainedEventsPerSec","ratio","crashed","lost",...}.
 */
import { randomUUID } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseCommandLine } from '@shelflife/config';
import { deleteTopology, topology } from '@shelflife/bus';
import { freeLayout, SERVICES, startProcesses, type ProcessLayout, type ServiceName } from '@shelflife/harness';
import { DEFAULT_BROKER_OPTIONS, measureBroker } from './broker-bench';
import { rabbitPid } from './process-cpu';
import { parseHistogram, quantile, since } from './prometheus-histogram';
import { checkArchive, consumerCounts, type ArchiveCheck, type ConsumerCounts } from './ramp-losses';
import { anchorIds, driveStep, EventBodies, type StepCounts } from './ramp-load';
import { counterValue, cpuNow, eventLoopLateP99Ms, QueueWatcher, rssMiB, scrape } from './ramp-observe';

/** POST p99 above this is not "holding" the load (the bound). */
const POST_P99_LIMIT_MS = 250;
/** A scorer further behind the stream than this at the end of a step is not keeping up. */
const SCORER_LAG_LIMIT_SECONDS = 5;

/**
 * Growth of a work queue over a step still counted as flat: at least this many messages, or half a second
 * of the step's accepted events (a depth read at one instant jitters by the consumers' prefetch windows
 * and by where a burst happens to be).
 */
const DEPTH_TOLERANCE_MIN = 500;
const DEPTH_TOLERANCE_SECONDS = 0.5;

const SHORT: Record<ServiceName, string> = {
  'storefront-gateway': 'gateway',
  'event-collector': 'collector',
  'stream-scorer': 'scorer',
  'quality-sentinel': 'sentinel',
  'batch-aggregator': 'aggregator',
};

interface StepResult extends StepCounts {
  step: string;
  multiple: number;
  acceptedEventsPerSec: number;
  unavailablePerSec: Record<string, number>;
  freshnessP99Ms: number;
  queueDepth: { start: Record<string, number>; end: Record<string, number> };
  rssMiB: Record<string, number>;
  eventLoopLateP99Ms: Record<string, number>;
  cpuSecondsPer1000Accepted: Record<string, number>;
  cpuCoresUsed: Record<string, number>;
  crashedDuringStep: string[];
  sustained: boolean;
  notSustainedBecause: string[];
}

function parseOptions() {
  const { values } = parseCommandLine({
    command: 'npm run bench:ramp --',
    description: "the pipeline stepped through multiples of the broker's own rate: 503s, latencies, recovery, drain and a loss check",
    config: {
      options: {
        'step-seconds': { type: 'string', default: '15' },
        steps: { type: 'string', default: '0.25,0.5,0.75,1,1.5,2,3' },
        'overload-seconds': { type: 'string', default: '60' },
        'recs-per-sec': { type: 'string', default: '100' },
        batch: { type: 'string', default: '50' },
        'recovery-seconds': { type: 'string', default: '10' },
        warmup: { type: 'string', default: '10' },
        'drain-seconds': { type: 'string', default: '180' },
        reference: { type: 'string' },
        'broker-seconds': { type: 'string', default: String(DEFAULT_BROKER_OPTIONS.seconds) },
        'cpu-prof': { type: 'string' },
        'cpu-prof-dir': { type: 'string', default: 'tmp/profiles' },
        'log-dir': { type: 'string' },
      },
    },
  });
  const steps = values.steps!.split(',').map(Number);
  if (steps.length === 0 || steps.some((s) => !(s > 0))) throw new Error('--steps must be a comma-separated list of positive multiples');
  const profiled = values['cpu-prof'] as ServiceName | undefined;
  if (profiled && !SERVICES.includes(profiled)) throw new Error(`--cpu-prof must name one of ${SERVICES.join(', ')}`);
  return {
    stepSeconds: Number(values['step-seconds']),
    steps,
    overloadSeconds: Number(values['overload-seconds']),
    recsPerSec: Number(values['recs-per-sec']),
    batch: Number(values.batch),
    recoverySeconds: Number(values['recovery-seconds']),
    warmupSeconds: Number(values.warmup),
    drainSeconds: Number(values['drain-seconds']),
    reference: values.reference === undefined ? undefined : Number(values.reference),
    brokerSeconds: Number(values['broker-seconds']),
    profiled,
    profileDir: path.resolve(values['cpu-prof-dir']!),
    logDir: values['log-dir'],
  };
}

/** Services that have exited since the start (they are never restarted: a crash stays visible). */
class CrashWatch {
  readonly crashed: { service: string; code: number | null; signal: string | null; at: number }[] = [];
  stopping = false;

  constructor(children: Map<ServiceName, ChildProcess>) {
    for (const [name, child] of children) {
      child.once('exit', (code, signal) => {
        if (!this.stopping) this.crashed.push({ service: name, code, signal, at: Date.now() });
      });
    }
  }

  names(): string[] {
    return [...new Set(this.crashed.map((c) => c.service))];
  }
}

async function main(): Promise<void> {
  const options = parseOptions();
  const amqpUrl = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
  const root = path.resolve(__dirname, '../../..');

  // The reference before anything of the pipeline runs, so the two do not share the CPU.
  let referenceEventsPerSec = options.reference;
  if (referenceEventsPerSec === undefined) {
    const reference = await measureBroker({ ...DEFAULT_BROKER_OPTIONS, amqpUrl, seconds: options.brokerSeconds });
    console.log(JSON.stringify({ reference }));
    referenceEventsPerSec = reference.eventsPerSec;
  }
  const R = referenceEventsPerSec;

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shelflife-ramp-'));
  const prefix = `ramp-${randomUUID().slice(0, 8)}`;
  const layout = await freeLayout();
  const fromDist = fs.existsSync(path.join(root, 'dist/apps/stream-scorer/main.js'));
  if (!fromDist)
    console.error('dist/ missing: services run from source through tsx (slower start, more CPU); build them first for comparable figures');
  const nodeArgs = Object.fromEntries(
    SERVICES.map((s) => [s, s === options.profiled ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`] : []]),
  );
  const logDir = options.logDir ? path.resolve(options.logDir) : path.join(dataDir, 'logs');

  const acceptedIds: string[] = [];
  const results: StepResult[] = [];
  let crash: CrashWatch | undefined;
  let recovery: (StepResult & { recovered: boolean }) | undefined;
  let drain: { drained: boolean; seconds: number; depth: Record<string, number> } | undefined;
  let counts: ConsumerCounts | undefined;
  let archive: ArchiveCheck | undefined;
  let failure: string | undefined;
  const driverCpuStart = process.cpuUsage();
  const driverStarted = performance.now();
  let pipeline: Awaited<ReturnType<typeof startProcesses>> | undefined;
  let watcher: QueueWatcher | undefined;
  try {
    pipeline = await startProcesses({
      root,
      layout,
      nodeArgs,
      fromDist,
      logDir,
      storeDir: dataDir,
      env: { ...process.env, AMQP_URL: amqpUrl, SHELFLIFE_BUS_PREFIX: prefix, LOG_LEVEL: 'warn' },
    });
    crash = new CrashWatch(pipeline.children);
    watcher = await QueueWatcher.open(amqpUrl, topology(prefix));
    const bodies = new EventBodies();
    const anchors = anchorIds();
    const run = (label: string, multiple: number, seconds: number) =>
      runStep({
        label,
        multiple,
        seconds,
        R,
        options,
        pipeline: pipeline!,
        layout,
        watcher: watcher!,
        crash: crash!,
        bodies,
        anchors,
        acceptedIds,
      });

    // JIT, connections and the broker (still writing out the reference's quorum queues) settle at the
    // lowest rate; the warm-up's 202s count for the loss check like any other.
    const warm = await run('warmup', Math.min(...options.steps), options.warmupSeconds);
    console.error(`warm-up: POST p99 ${warm.postMs.p99} ms, accepted ${warm.acceptedEventsPerSec}/s`);
    const highest = Math.max(...options.steps);
    for (const multiple of options.steps) {
      const result = await run(`${multiple}x`, multiple, multiple === highest ? options.overloadSeconds : options.stepSeconds);
      results.push(result);
      console.log(JSON.stringify(result));
    }
    const lowest = Math.min(...options.steps);
    const step = await run(`recovery ${lowest}x`, lowest, options.recoverySeconds);
    const baseline = results.find((r) => r.multiple === lowest)!;
    // "Back to normal": within twice the latency the same rate had before the overload (plus a few ms for
    // the noise of a shared machine) and inside the POST bound.
    const near = (now: number, before: number) => now <= Math.max(2 * before, before + 20);
    recovery = {
      ...step,
      recovered:
        Object.keys(step.otherErrors).length === 0 &&
        step.postMs.p99 <= POST_P99_LIMIT_MS &&
        near(step.postMs.p99, baseline.postMs.p99) &&
        near(step.getMs.p99, baseline.getMs.p99),
    };
    console.log(JSON.stringify(recovery));

    drain = await waitForDrain(watcher, layout, options.drainSeconds);
    const [scorer, aggregator, sentinel] = await Promise.all(
      ['stream-scorer', 'batch-aggregator', 'quality-sentinel'].map((s) => scrape(metricsUrl(layout, s as ServiceName))),
    );
    counts = consumerCounts(scorer!, aggregator!, sentinel!);
  } catch (error) {
    failure = (error as Error).message;
    console.error((error as Error).stack ?? failure);
  } finally {
    if (crash) crash.stopping = true;
    await pipeline?.stop().catch(() => undefined);
    await watcher?.close();
  }
  try {
    // After the stop: the aggregator has flushed and closed its store, which now has no other writer.
    archive = await checkArchive(dataDir, acceptedIds);
  } catch (error) {
    failure ??= `archive check: ${(error as Error).message}`;
  }
  await deleteTopology(amqpUrl, prefix).catch((error: Error) => console.error(`could not delete the topology ${prefix}: ${error.message}`));
  if (!options.logDir && !failure && (crash?.crashed.length ?? 0) === 0) fs.rmSync(dataDir, { recursive: true, force: true });
  else console.error(`kept ${dataDir} (logs in ${logDir})`);

  const sustained = results.filter((r) => r.sustained);
  const best = sustained.reduce<StepResult | undefined>(
    (a, r) => (!a || r.acceptedEventsPerSec > a.acceptedEventsPerSec ? r : a),
    undefined,
  );
  const S = best?.acceptedEventsPerSec ?? 0;
  const driverCpu = process.cpuUsage(driverCpuStart);
  const scorerApplied = counts?.scorerApplied;
  console.log(
    JSON.stringify({
      referenceEventsPerSec: R,
      maxSustainedEventsPerSec: S,
      ratio: R > 0 ? +(S / R).toFixed(3) : null,
      sustainedStep: best?.step ?? null,
      crashed: crash?.names() ?? [],
      crashes: crash?.crashed ?? [],
      lost: archive ? archive.lost : null,
      acknowledged202: archive?.acknowledged ?? acceptedIds.length,
      archived: archive?.archived ?? null,
      archivedWithout202: archive?.archivedWithout202 ?? null,
      lostSample: archive?.lostSample ?? [],
      // Per-id for the archive; for the scorer, counts: applied beyond the archive's distinct ids would be
      // an id learned twice (or an event missing from the archive), applied below it an event not learned.
      scorerApplied: scorerApplied ?? null,
      duplicatesApplied: archive && scorerApplied !== undefined ? Math.max(0, scorerApplied - archive.archived) : null,
      scorerMissing:
        archive && scorerApplied !== undefined && counts ? Math.max(0, archive.archived - scorerApplied - counts.scorerQuarantined) : null,
      consumers: counts ?? null,
      recovered: recovery?.recovered ?? null,
      drain: drain ?? null,
      driver: {
        cpuSeconds: +((driverCpu.user + driverCpu.system) / 1e6).toFixed(1),
        cpuCoresUsed: +((driverCpu.user + driverCpu.system) / 1e6 / ((performance.now() - driverStarted) / 1000)).toFixed(2),
      },
      machine: { cpus: os.cpus().length, loadavg: os.loadavg().map((l) => +l.toFixed(2)) },
      ...(failure ? { failure } : {}),
    }),
  );
}

function metricsUrl(layout: ProcessLayout, service: ServiceName): string {
  return `http://127.0.0.1:${layout.adminPorts[service]}/metrics`;
}

async function scrapeAll(layout: ProcessLayout): Promise<Record<ServiceName, string>> {
  const texts = await Promise.all(SERVICES.map((s) => scrape(metricsUrl(layout, s))));
  return Object.fromEntries(SERVICES.map((s, i) => [s, texts[i]!])) as Record<ServiceName, string>;
}

async function runStep(args: {
  label: string;
  multiple: number;
  seconds: number;
  R: number;
  options: ReturnType<typeof parseOptions>;
  pipeline: Awaited<ReturnType<typeof startProcesses>>;
  layout: ProcessLayout;
  watcher: QueueWatcher;
  crash: CrashWatch;
  bodies: EventBodies;
  anchors: string[];
  acceptedIds: string[];
}): Promise<StepResult> {
  const { layout, watcher, crash } = args;
  const pids: Record<string, number | undefined> = {
    ...Object.fromEntries([...args.pipeline.children].map(([n, c]) => [SHORT[n], c.pid])),
    rabbitmq: rabbitPid(),
  };
  const crashedBefore = crash.crashed.length;
  const depthStart = await watcher.depths();
  // Also resets prom-client's event-loop histograms, so the scrape after the step covers only the step.
  const before = await scrapeAll(layout);
  const cpuBefore = cpuNow(pids);
  const driverBefore = process.cpuUsage();
  const counts = await driveStep(
    args.pipeline.gatewayUrl,
    args.bodies,
    { eventsPerSec: args.multiple * args.R, recsPerSec: args.options.recsPerSec, seconds: args.seconds, batch: args.options.batch },
    args.acceptedIds,
    args.anchors,
  );
  const cpuAfter = cpuNow(pids);
  const driverCpu = process.cpuUsage(driverBefore);
  const after = await scrapeAll(layout);
  const depthEnd = await watcher.depths();

  const cpu: Record<string, number> = Object.fromEntries(Object.keys(pids).map((n) => [n, Math.max(0, cpuAfter[n]! - cpuBefore[n]!)]));
  cpu.driver = (driverCpu.user + driverCpu.system) / 1e6;
  const per1000 = (s: number) => (counts.acceptedEvents > 0 ? +((s * 1000) / counts.acceptedEvents).toFixed(3) : NaN);
  const freshness = since(
    parseHistogram(after['stream-scorer'], 'shelflife_freshness_seconds', { consumer: 'scorer' }),
    parseHistogram(before['stream-scorer'], 'shelflife_freshness_seconds', { consumer: 'scorer' }),
  );
  const acceptedEventsPerSec = Math.round(counts.acceptedEvents / counts.seconds);
  const crashedDuringStep = [...new Set(crash.crashed.slice(crashedBefore).map((c) => c.service))];

  const why: string[] = [];
  const tolerance = Math.max(DEPTH_TOLERANCE_MIN, DEPTH_TOLERANCE_SECONDS * acceptedEventsPerSec);
  for (const [queue, end] of Object.entries(depthEnd)) {
    const growth = end - (depthStart[queue] ?? NaN);
    if (!Number.isFinite(growth)) why.push(`${queue} depth unknown`);
    else if (growth > tolerance) why.push(`${queue} queue grew by ${growth}`);
  }
  // The scorer reads a stream, which has no depth to watch: its lag (now minus the ingest time of what it applied last) instead.
  const scorerLagSeconds = counterValue(after['stream-scorer'] ?? '', 'shelflife_stream_lag_seconds', { consumer: 'scorer' });
  if (scorerLagSeconds > SCORER_LAG_LIMIT_SECONDS) why.push(`scorer ${scorerLagSeconds.toFixed(1)} s behind the stream`);
  if (!(counts.postMs.p99 <= POST_P99_LIMIT_MS)) why.push(`POST p99 ${counts.postMs.p99} ms > ${POST_P99_LIMIT_MS}`);
  const others = Object.values(counts.otherErrors).reduce((a, b) => a + b, 0);
  if (others > 0) why.push(`${others} errors other than 503`);
  if (crashedDuringStep.length > 0 || crash.crashed.length > 0) why.push(`crashed: ${crash.names().join(', ')}`);
  if (counts.acceptedEvents === 0) why.push('nothing accepted');

  return {
    step: args.label,
    multiple: args.multiple,
    ...counts,
    acceptedEventsPerSec,
    unavailablePerSec: Object.fromEntries(Object.entries(counts.unavailable).map(([code, n]) => [code, +(n / counts.seconds).toFixed(1)])),
    freshnessP99Ms: freshness.count > 0 ? +(quantile(freshness, 0.99) * 1000).toFixed(1) : NaN,
    queueDepth: { start: depthStart, end: depthEnd },
    rssMiB: Object.fromEntries(Object.entries(pids).map(([n, pid]) => [n, rssMiB(pid)])),
    eventLoopLateP99Ms: Object.fromEntries(SERVICES.map((s) => [SHORT[s], eventLoopLateP99Ms(after[s])])),
    cpuSecondsPer1000Accepted: Object.fromEntries(Object.entries(cpu).map(([n, s]) => [n, per1000(s)])),
    cpuCoresUsed: Object.fromEntries(Object.entries(cpu).map(([n, s]) => [n, +(s / counts.seconds).toFixed(2)])),
    crashedDuringStep,
    sustained: why.length === 0,
    notSustainedBecause: why,
  };
}

/**
 * Waits until the three work queues are empty and the consumers' counters stop moving (the last prefetch
 * windows are being handled when the ready count reaches 0), or until the timeout.
 */
async function waitForDrain(
  watcher: QueueWatcher,
  layout: ProcessLayout,
  timeoutSeconds: number,
): Promise<{ drained: boolean; seconds: number; depth: Record<string, number> }> {
  const started = performance.now();
  let previous = '';
  let stableFor = 0;
  let depth: Record<string, number> = {};
  while ((performance.now() - started) / 1000 < timeoutSeconds) {
    depth = await watcher.depths();
    const empty = Object.values(depth).every((d) => d === 0);
    const [scorer, aggregator] = await Promise.all([
      scrape(metricsUrl(layout, 'stream-scorer')),
      scrape(metricsUrl(layout, 'batch-aggregator')),
    ]);
    const c = consumerCounts(scorer, aggregator, '');
    const now = `${c.scorerApplied + c.scorerDuplicatesIgnored}/${c.archiveStored + c.archiveDuplicates}`;
    stableFor = empty && now === previous ? stableFor + 1 : 0;
    previous = now;
    if (stableFor >= 2) return { drained: true, seconds: +((performance.now() - started) / 1000).toFixed(1), depth };
    await new Promise((r) => setTimeout(r, 1000));
  }
  return { drained: false, seconds: +((performance.now() - started) / 1000).toFixed(1), depth };
}

void main();
