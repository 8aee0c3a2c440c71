/**
 * Scaling out (issue 12 item 6): the broker's own rate first (bench:broker's measureBroker), then for each
 * configuration "S x C" (S stream-scorer replicas, C event-collector replicas, one of every other
 * service) a fresh pipeline on a private bus prefix, a gateway spread over all replicas, a warm-up and
 * one step of bench:ramp's open-loop load (fixed event rate + recommendation GETs).
 *
 *   npm run bench:scaling -- [--seconds 20] [--rate 3000] [--configs 1x1,2x1,3x1,1x2,2x2]
 *                            [--recs-per-sec 100] [--batch 50] [--warmup 5] [--settle-seconds 30] [--rebalance-ms 30000]
 *                            [--reference N (skip the broker measurement)] [--broker-seconds 15] [--log-dir DIR]
 *
 * --rebalance-ms is the gateway's SHELFLIFE_SCORER_STREAM_REBALANCE_MS (the shipped 30 s by default). Its
 * recommendation streams open at once when it starts and land on the first scorer connection that is
 * ready; the pool reopens one after 1, 2, 4... s, so by the end of the warm-up and settling they are
 * spread (the first version of this bench found them all on one scorer for two minutes, which led to
 * that warm-up); the table shows how the GETs were spread.
 *
 * Every scorer replica reads the whole stream, so extra scorers add query capacity and availability
 * and cost their CPU again per event; collectors share the intake. Per configuration one JSON line:
 * accepted events/s (and as a ratio of the broker's rate), GET p50/p99 and fallback share, per scorer
 * replica freshness p50/p99 (its own histogram, from before the step until every replica has caught up),
 * applied count and stream offset (the same on every replica when each applied every event), CPU
 * seconds per 1000 accepted events per process kind (replicas summed) and RSS per process. A table last.
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseCommandLine } from '@shelflife/config';
import { deleteTopology, topology } from '@shelflife/bus';
import { freeLayout } from '@shelflife/harness';
import { DEFAULT_BROKER_OPTIONS, measureBroker } from './broker-bench';
import { rabbitPid } from './process-cpu';
import { parseHistogram, quantile, since } from './prometheus-histogram';
import { anchorIds, driveStep, EventBodies, type StepCounts } from './ramp-load';
import { counterValue, cpuNow, QueueWatcher, rssMiB, scrape } from './ramp-observe';
import { startScalingCluster, type ClusterProcess, type ProcessKind, type ScalingCluster } from './scaling-cluster';

const KINDS: (ProcessKind | 'rabbitmq' | 'driver')[] = ['gateway', 'collector', 'scorer', 'sentinel', 'aggregator', 'rabbitmq', 'driver'];

interface ScorerReplicaResult {
  name: string;
  freshnessMs: { p50: number; p99: number; count: number };
  /** shelflife_events_total{stage="scorer",outcome="applied"} since it started (this configuration's bus only). */
  applied: number;
  appliedDuringStep: number;
  quarantined: number;
  streamOffset: number;
  streamLagSeconds: number;
  /** GetRecommendations it answered during the step (the gateway's streams spread over the replicas). */
  recommendationsAnswered: number;
}

interface CollectorReplicaResult {
  name: string;
  /** shelflife_events_total{stage="collector",outcome="accepted"} during the step: how round_robin spread the intake. */
  acceptedDuringStep: number;
}

interface ConfigResult extends Partial<StepCounts> {
  config: string;
  scorers: number;
  collectors: number;
  acceptedEventsPerSec: number;
  ratioToBroker: number | null;
  /** Events answered 202 in this configuration (warm-up and step). */
  acceptedTotal: number;
  scorerReplicas: ScorerReplicaResult[];
  collectorReplicas: CollectorReplicaResult[];
  everyScorerAppliedEveryEvent: boolean;
  caughtUpSeconds: number | null;
  cpuSecondsPer1000Events: Record<string, number>;
  cpuCoresUsed: Record<string, number>;
  /** The same per process (each replica on its own). */
  cpuCoresUsedPerProcess: Record<string, number>;
  rssMiB: Record<string, number>;
  queueGrowth: Record<string, number>;
  startSeconds: number;
  crashed: string[];
  failure?: string;
}

function parseOptions() {
  const { values } = parseCommandLine({
    command: 'npm run bench:scaling --',
    description: 'throughput and CPU per event for 1-3 scorers x 1-2 collectors on RabbitMQ',
    config: {
      options: {
        seconds: { type: 'string', default: '20' },
        rate: { type: 'string', default: '3000' },
        configs: { type: 'string', default: '1x1,2x1,3x1,1x2,2x2' },
        'recs-per-sec': { type: 'string', default: '100' },
        batch: { type: 'string', default: '50' },
        warmup: { type: 'string', default: '5' },
        'settle-seconds': { type: 'string', default: '30' },
        'rebalance-ms': { type: 'string', default: '30000' },
        reference: { type: 'string' },
        'broker-seconds': { type: 'string', default: String(DEFAULT_BROKER_OPTIONS.seconds) },
        'log-dir': { type: 'string' },
      },
    },
  });
  const configs = values.configs!.split(',').map((text) => {
    const match = /^(\d+)x(\d+)$/.exec(text.trim());
    if (!match || Number(match[1]) < 1 || Number(match[2]) < 1)
      throw new Error(`--configs: "${text}" is not SCORERSxCOLLECTORS (e.g. 2x1)`);
    return { label: `${match[1]}x${match[2]}`, scorers: Number(match[1]), collectors: Number(match[2]) };
  });
  return {
    seconds: Number(values.seconds),
    rate: Number(values.rate),
    configs,
    recsPerSec: Number(values['recs-per-sec']),
    batch: Number(values.batch),
    warmupSeconds: Number(values.warmup),
    settleSeconds: Number(values['settle-seconds']),
    rebalanceMs: values['rebalance-ms']!,
    reference: values.reference === undefined ? undefined : Number(values.reference),
    brokerSeconds: Number(values['broker-seconds']),
    logDir: values['log-dir'],
  };
}

type Options = ReturnType<typeof parseOptions>;

const metricsOf = (p: ClusterProcess) => scrape(`http://127.0.0.1:${p.adminPort}/metrics`);
const scorerCounter = (text: string, outcome: string) => counterValue(text, 'shelflife_events_total', { stage: 'scorer', outcome });
const scorerGauge = (text: string, name: string) => (text ? counterValue(text, name, { consumer: 'scorer' }) : NaN);
const freshness = (text: string) => parseHistogram(text, 'shelflife_freshness_seconds', { consumer: 'scorer' });
const answered = (text: string) => parseHistogram(text, 'shelflife_recommendation_duration_seconds', { server: 'scorer' }).count;

/**
 * Waits until every scorer replica has settled the same stream offset twice in a row (all caught up
 * with the stream and with each other); null when that did not happen within the timeout.
 */
async function waitForScorersToAgree(
  scorers: ClusterProcess[],
  timeoutSeconds: number,
): Promise<{ seconds: number | null; texts: string[] }> {
  const started = performance.now();
  let previous = '';
  for (;;) {
    const texts = await Promise.all(scorers.map(metricsOf));
    const offsets = texts.map((t) => scorerGauge(t, 'shelflife_stream_offset'));
    const now = offsets.join(',');
    const elapsed = (performance.now() - started) / 1000;
    if (offsets.every((o) => Number.isFinite(o) && o === offsets[0]) && now === previous) return { seconds: +elapsed.toFixed(1), texts };
    if (elapsed > timeoutSeconds) return { seconds: null, texts };
    previous = now;
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function runConfig(args: {
  label: string;
  scorers: number;
  collectors: number;
  options: Options;
  R: number | null;
  root: string;
  amqpUrl: string;
  runId: string;
  dataDir: string;
  logDir: string;
  fromDist: boolean;
  bodies: EventBodies;
  anchors: string[];
}): Promise<ConfigResult> {
  const { options } = args;
  const prefix = `scaling-${args.runId}-${args.label}`;
  const storeDir = path.join(args.dataDir, args.label);
  const logDir = path.join(args.logDir, args.label);
  const result: ConfigResult = {
    config: args.label,
    scorers: args.scorers,
    collectors: args.collectors,
    acceptedEventsPerSec: 0,
    ratioToBroker: null,
    acceptedTotal: 0,
    scorerReplicas: [],
    collectorReplicas: [],
    everyScorerAppliedEveryEvent: false,
    caughtUpSeconds: null,
    cpuSecondsPer1000Events: {},
    cpuCoresUsed: {},
    cpuCoresUsedPerProcess: {},
    rssMiB: {},
    queueGrowth: {},
    startSeconds: 0,
    crashed: [],
  };
  let cluster: ScalingCluster | undefined;
  let watcher: QueueWatcher | undefined;
  const startedAt = performance.now();
  try {
    cluster = await startScalingCluster({
      root: args.root,
      layout: await freeLayout(),
      storeDir,
      logDir,
      fromDist: args.fromDist,
      scorers: args.scorers,
      collectors: args.collectors,
      env: { ...process.env, AMQP_URL: args.amqpUrl, SHELFLIFE_BUS_PREFIX: prefix, LOG_LEVEL: 'warn' },
      gatewayEnv: { SHELFLIFE_SCORER_STREAM_REBALANCE_MS: options.rebalanceMs },
    });
    result.startSeconds = +((performance.now() - startedAt) / 1000).toFixed(1);
    watcher = await QueueWatcher.open(args.amqpUrl, topology(prefix));
    const acceptedIds: string[] = [];
    const load = { eventsPerSec: options.rate, recsPerSec: options.recsPerSec, batch: options.batch };
    await driveStep(cluster.gatewayUrl, args.bodies, { ...load, seconds: options.warmupSeconds }, acceptedIds, args.anchors);

    const scorers = cluster.processes.filter((p) => p.kind === 'scorer');
    const collectors = cluster.processes.filter((p) => p.kind === 'collector');
    const collectorsBefore = await Promise.all(collectors.map(metricsOf));
    const pids: Record<string, number | undefined> = {
      ...Object.fromEntries(cluster.processes.map((p) => [p.name, p.child.pid])),
      rabbitmq: rabbitPid(),
    };
    const depthStart = await watcher.depths();
    const before = await Promise.all(scorers.map(metricsOf));
    const cpuBefore = cpuNow(pids);
    const driverBefore = process.cpuUsage();
    const windowStart = performance.now();
    const counts = await driveStep(cluster.gatewayUrl, args.bodies, { ...load, seconds: options.seconds }, acceptedIds, args.anchors);
    result.rssMiB = Object.fromEntries(Object.entries(pids).map(([n, pid]) => [n, rssMiB(pid)]));
    const depthEnd = await watcher.depths();
    const collectorsAfter = await Promise.all(collectors.map(metricsOf));
    // The CPU window runs on until every scorer has applied the step's events: their catch-up is their cost.
    const settled = await waitForScorersToAgree(scorers, options.settleSeconds);
    const cpuAfter = cpuNow(pids);
    const driverCpu = process.cpuUsage(driverBefore);
    const windowSeconds = (performance.now() - windowStart) / 1000;

    Object.assign(result, counts);
    result.acceptedTotal = acceptedIds.length;
    result.acceptedEventsPerSec = Math.round(counts.acceptedEvents / counts.seconds);
    result.ratioToBroker = args.R ? +(result.acceptedEventsPerSec / args.R).toFixed(3) : null;
    result.caughtUpSeconds = settled.seconds;
    result.queueGrowth = Object.fromEntries(Object.entries(depthEnd).map(([q, d]) => [q, d - (depthStart[q] ?? NaN)]));
    result.scorerReplicas = scorers.map((p, i) => {
      const after = settled.texts[i]!;
      const h = since(freshness(after), freshness(before[i]!));
      const ms = (q: number) => (h.count > 0 ? +(quantile(h, q) * 1000).toFixed(1) : NaN);
      return {
        name: p.name,
        freshnessMs: { p50: ms(0.5), p99: ms(0.99), count: h.count },
        applied: scorerCounter(after, 'applied'),
        appliedDuringStep: scorerCounter(after, 'applied') - scorerCounter(before[i]!, 'applied'),
        quarantined: scorerCounter(after, 'quarantined'),
        streamOffset: scorerGauge(after, 'shelflife_stream_offset'),
        streamLagSeconds: scorerGauge(after, 'shelflife_stream_lag_seconds'),
        recommendationsAnswered: answered(after) - answered(before[i]!),
      };
    });
    const collectorAccepted = (text: string) => counterValue(text, 'shelflife_events_total', { stage: 'collector', outcome: 'accepted' });
    result.collectorReplicas = collectors.map((p, i) => ({
      name: p.name,
      acceptedDuringStep: collectorAccepted(collectorsAfter[i]!) - collectorAccepted(collectorsBefore[i]!),
    }));
    // Every replica read the same offsets and learned the same number of events, and together with the
    // quarantined ones that covers every event answered 202 (a 503'd event may still have got through).
    const r = result.scorerReplicas;
    result.everyScorerAppliedEveryEvent =
      settled.seconds !== null &&
      r.every(
        (s) => s.applied === r[0]!.applied && s.streamOffset === r[0]!.streamOffset && s.applied + s.quarantined >= acceptedIds.length,
      );

    const cpu: Record<string, number> = Object.fromEntries(KINDS.map((k) => [k, 0]));
    for (const p of cluster.processes) cpu[p.kind]! += Math.max(0, cpuAfter[p.name]! - cpuBefore[p.name]!);
    cpu.rabbitmq = Math.max(0, cpuAfter.rabbitmq! - cpuBefore.rabbitmq!);
    cpu.driver = (driverCpu.user + driverCpu.system) / 1e6;
    result.cpuSecondsPer1000Events = Object.fromEntries(
      KINDS.map((k) => [k, counts.acceptedEvents > 0 ? +((cpu[k]! * 1000) / counts.acceptedEvents).toFixed(3) : NaN]),
    );
    result.cpuCoresUsed = Object.fromEntries(KINDS.map((k) => [k, +(cpu[k]! / windowSeconds).toFixed(2)]));
    result.cpuCoresUsedPerProcess = Object.fromEntries(
      cluster.processes.map((p) => [p.name, +(Math.max(0, cpuAfter[p.name]! - cpuBefore[p.name]!) / windowSeconds).toFixed(2)]),
    );
  } catch (error) {
    result.failure = (error as Error).message;
    console.error((error as Error).stack ?? result.failure);
  } finally {
    result.crashed = cluster?.crashed.map((c) => `${c.name} (${c.signal ?? c.code})`) ?? [];
    await cluster?.stop().catch((error: Error) => console.error(`stopping ${args.label}: ${error.message}`));
    await watcher?.close();
    await deleteTopology(args.amqpUrl, prefix).catch((error: Error) =>
      console.error(`could not delete the topology ${prefix}: ${error.message}`),
    );
  }
  return result;
}

function table(results: ConfigResult[], R: number | null): string {
  const f = (n: number | undefined, digits = 0) => (n === undefined || !Number.isFinite(n) ? '-' : n.toFixed(digits));
  const header = [
    'config',
    'acc ev/s',
    'x broker',
    'GET p50/p99 ms',
    'fallback',
    'GET % per scorer',
    'ev % per collector',
    'freshness p50/p99 ms per scorer',
    'all applied',
    'CPU s/1k ev gw/col/scr/sen/agg/rmq',
    'RSS MiB scorers',
    'RSS MiB collectors',
  ];
  const rows = results.map((r) => {
    const cpu = r.cpuSecondsPer1000Events;
    const shares = (values: number[]) => {
      const total = values.reduce((a, b) => a + b, 0);
      return values.map((v) => (total > 0 ? f((v * 100) / total) : '-')).join('/');
    };
    const rss = (prefix: string) =>
      Object.entries(r.rssMiB)
        .filter(([n]) => n.startsWith(prefix))
        .map(([, v]) => f(v))
        .join('/');
    return r.failure
      ? [r.config, `failed: ${r.failure.slice(0, 80)}`]
      : [
          r.config,
          f(r.acceptedEventsPerSec),
          r.ratioToBroker === null ? '-' : r.ratioToBroker.toFixed(2),
          `${f(r.getMs?.p50, 1)}/${f(r.getMs?.p99, 1)}`,
          `${f((r.fallbackShare ?? NaN) * 100, 1)} %`,
          shares(r.scorerReplicas.map((s) => s.recommendationsAnswered)),
          shares(r.collectorReplicas.map((c) => c.acceptedDuringStep)),
          r.scorerReplicas.map((s) => `${f(s.freshnessMs.p50, 1)}/${f(s.freshnessMs.p99, 1)}`).join('  '),
          r.everyScorerAppliedEveryEvent ? 'yes' : 'NO',
          ['gateway', 'collector', 'scorer', 'sentinel', 'aggregator', 'rabbitmq'].map((k) => f(cpu[k], 3)).join('/'),
          rss('scorer'),
          rss('collector'),
        ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [
    `broker reference: ${R ?? '-'} events/s`,
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map((row) => line(header.map((_, i) => row[i] ?? ''))),
  ].join('\n');
}

async function main(): Promise<void> {
  const options = parseOptions();
  const amqpUrl = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
  const root = path.resolve(__dirname, '../../..');
  const fromDist = fs.existsSync(path.join(root, 'dist/apps/stream-scorer/main.js'));
  if (!fromDist)
    console.error('dist/ missing: services run from source through tsx (slower start, more CPU); build them first for comparable figures');

  // The reference before any pipeline runs, so the two do not share the CPU.
  let R: number | null = options.reference ?? null;
  if (options.reference === undefined) {
    const reference = await measureBroker({ ...DEFAULT_BROKER_OPTIONS, amqpUrl, seconds: options.brokerSeconds });
    console.log(JSON.stringify({ reference }));
    R = reference.eventsPerSec;
  }

  const runId = randomUUID().slice(0, 8);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shelflife-scaling-'));
  const logDir = options.logDir ? path.resolve(options.logDir) : path.join(dataDir, 'logs');
  const bodies = new EventBodies();
  const anchors = anchorIds();
  const results: ConfigResult[] = [];
  for (const config of options.configs) {
    const result = await runConfig({ ...config, options, R, root, amqpUrl, runId, dataDir, logDir, fromDist, bodies, anchors });
    results.push(result);
    console.log(JSON.stringify(result));
  }
  const troubled = results.some((r) => r.failure || r.crashed.length > 0);
  if (!options.logDir && !troubled) fs.rmSync(dataDir, { recursive: true, force: true });
  else console.error(`kept ${dataDir} (logs in ${logDir})`);
  console.log(`\n${table(results, R)}`);
  console.log(
    `rate ${options.rate} events/s offered + ${options.recsPerSec} GET/s, ${options.seconds} s per configuration after ${options.warmupSeconds} s warm-up, gateway SHELFLIFE_SCORER_STREAM_REBALANCE_MS=${options.rebalanceMs}; machine: ${os.cpus().length} cpus, load ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  process.exitCode = troubled ? 1 : 0;
}

void main().catch((error: Error) => {
  console.error(error.stack ?? error.message);
  process.exit(1);
});
