/**
 * The running pipeline under load (issue 3's service-level figures): five processes on RabbitMQ,
 * events ingested over HTTP at a fixed rate while recommendations are requested at a fixed rate.
 * Prints client-side latencies (gateway GET and POST), the scorer's server-side GetRecommendations
 * latency and the freshness (collector ingest -> scorer applied), the last two from the services'
 * own Prometheus histograms (bucket-interpolated).
 *
 *   npm run bench:pipeline -- [--events-per-sec 1000] [--recs-per-sec 500] [--seconds 30] [--batch 10]
 *                             [--pin] [--node-args "--max-semi-space-size=64"]
 *                             [--cpu-prof storefront-gateway [--cpu-prof-dir tmp/profiles]] [--timeline FILE] [--log-dir DIR] [--trace-ratio 0.1]
 */
import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseCommandLine } from '@shelflife/config';
import { freeLayout, SERVICES, startProcesses, type ServiceName, startOtlpReceiver } from '@shelflife/harness';
import { buildCatalog, generateSession, seededRandom, type SimEvent, percentile } from '@shelflife/shopper-sim';
import { deleteTopology } from '@shelflife/bus';
import { gaugeValue, parseHistogram, quantile, since, sumOver } from './prometheus-histogram';
import { cpuSeconds, pinToCpus, rabbitPid } from './process-cpu';

const DRIVER_SAMPLING_MS = 1;
/** prom-client's default eventLoopMonitoringPrecision. */
const EVENT_LOOP_SAMPLING_MS = 10;

// Plain keep-alive http: fetch (undici) costs several times more CPU per request, and the driver
// shares the 2 cores with the services it measures.
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

function request(url: string, method: 'GET' | 'POST', body?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method, agent, headers: body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {} },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

async function main(): Promise<void> {
  const { values } = parseCommandLine({
    command: 'npm run bench:pipeline --',
    description:
      'the five services as processes on RabbitMQ under a fixed open-loop load: latencies, freshness, CPU per event (docs/benchmarks.md)',
    config: {
      options: {
        'events-per-sec': { type: 'string', default: '1000' },
        'recs-per-sec': { type: 'string', default: '500' },
        seconds: { type: 'string', default: '30' },
        batch: { type: 'string', default: '10' },
        warmup: { type: 'string', default: '5' },
        // Writes a V8 CPU profile of one service (from dist/) into this directory, for finding where its time goes.
        // Gives the request path (gateway, scorer) CPU 0 and everything else (the other services, RabbitMQ, this
        // driver) CPU 1, as CPU requests would on Kubernetes: separates what the code costs from the queueing
        // of seven processes on two shared cores.
        pin: { type: 'boolean', default: false },
        // Node/V8 flags for every service, e.g. --node-args="--max-semi-space-size=64" (GC tuning experiments).
        'node-args': { type: 'string', default: '' },
        'cpu-prof': { type: 'string' },
        'cpu-prof-dir': { type: 'string', default: 'tmp/profiles' },
        // Writes every measured request as "<ms since start> <GET|POST> <latency ms>", to see whether slow
        // answers come one by one or in bursts (a pause somewhere stalls every request in flight).
        timeline: { type: 'string' },
        // Keeps the services' logs (stdout and stderr, e.g. with --node-args=--trace-gc) in this directory.
        'log-dir': { type: 'string' },
        // Records and exports this share of traces (parent-based ratio sampler) to an OTLP receiver in this
        // process, as a production setup would to its collector; unset: nothing recorded (the default).
        'trace-ratio': { type: 'string' },
      },
    },
  });
  const eventsPerSec = Number(values['events-per-sec']);
  const recsPerSec = Number(values['recs-per-sec']);
  const seconds = Number(values.seconds);
  const batch = Number(values.batch);
  const root = path.resolve(__dirname, '../../..');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shelflife-bench-'));
  const prefix = `bench-${randomUUID().slice(0, 8)}`;
  const amqpUrl = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
  const layout = await freeLayout();
  const profiled = values['cpu-prof'] as ServiceName | undefined;
  if (profiled && !SERVICES.includes(profiled)) throw new Error(`--cpu-prof must name one of ${SERVICES.join(', ')}`);
  const common = values['node-args']!.split(' ').filter(Boolean);
  const nodeArgs = Object.fromEntries(
    SERVICES.map((service) => [
      service,
      [...common, ...(service === profiled ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(values['cpu-prof-dir']!)}`] : [])],
    ]),
  );
  const traceRatio = values['trace-ratio'] === undefined ? undefined : Number(values['trace-ratio']);
  if (traceRatio !== undefined && !(traceRatio > 0 && traceRatio <= 1)) throw new Error('--trace-ratio must be above 0 and at most 1');
  const receiver = traceRatio === undefined ? undefined : await startOtlpReceiver();
  const tracing = receiver
    ? {
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
        OTEL_TRACES_SAMPLER_ARG: String(traceRatio),
      }
    : {};
  const pipeline = await startProcesses({
    root,
    layout,
    nodeArgs,
    fromDist: fs.existsSync(path.join(root, 'dist/apps/stream-scorer/main.js')),
    logDir: values['log-dir'] ? path.resolve(values['log-dir']) : path.join(dataDir, 'logs'),
    storeDir: dataDir,
    env: { ...process.env, ...tracing, AMQP_URL: amqpUrl, SHELFLIFE_BUS_PREFIX: prefix, LOG_LEVEL: 'warn' },
  });
  if (values.pin) {
    const hot = new Set<string>(['storefront-gateway', 'stream-scorer']);
    const pinned = [...pipeline.children].map(([name, child]) => pinToCpus(child.pid, hot.has(name) ? '0' : '1'));
    pinned.push(pinToCpus(rabbitPid(), '1'), pinToCpus(process.pid, '1'));
    if (pinned.some((ok) => !ok))
      console.error('warning: could not pin every process (taskset missing or not permitted); figures are unpinned');
  }
  const scorerMetrics = `http://127.0.0.1:${layout.adminPorts['stream-scorer']}/metrics`;
  const gatewayMetrics = `http://127.0.0.1:${layout.adminPorts['storefront-gateway']}/metrics`;
  const random = seededRandom(7);
  const catalog = buildCatalog();
  const queue: SimEvent[] = [];
  const nextEvents = (n: number) => {
    while (queue.length < n) queue.push(...generateSession(random, catalog));
    return queue.splice(0, n);
  };
  const anchors = catalog.anchors.map((a) => a.id);
  const post: number[] = [];
  const get: number[] = [];
  const timeline: string[] = [];
  let timelineStart = 0;
  const sources: Record<string, number> = {};
  let failedPosts = 0;

  const drive = async (durationS: number, record: boolean) => {
    const until = Date.now() + durationS * 1000;
    const pending: Promise<void>[] = [];
    const postEvery = 1000 / (eventsPerSec / batch);
    const getEvery = 1000 / recsPerSec;
    let nextPost = Date.now();
    let nextGet = Date.now();
    while (Date.now() < until) {
      const now = Date.now();
      while (nextPost <= now) {
        nextPost += postEvery;
        const events = nextEvents(batch).map((e) => ({ ...e, occurredAt: new Date().toISOString() }));
        const t0 = performance.now();
        pending.push(
          request(`${pipeline.gatewayUrl}/v1/events`, 'POST', JSON.stringify({ events })).then(
            (r) => {
              if (r.status !== 202) failedPosts += 1;
              if (!record) return;
              post.push(performance.now() - t0);
              timeline.push(`${(t0 - timelineStart).toFixed(1)} POST ${(performance.now() - t0).toFixed(2)}`);
            },
            () => {
              failedPosts += 1;
            },
          ),
        );
      }
      while (nextGet <= now) {
        nextGet += getEvery;
        const productId = anchors[Math.floor(random() * anchors.length)]!;
        const t0 = performance.now();
        pending.push(
          request(`${pipeline.gatewayUrl}/v1/recommendations?productId=${productId}&limit=10`, 'GET').then(
            (r) => {
              const body = JSON.parse(r.text) as { source: string; fallbackReason?: string };
              if (!record) return;
              get.push(performance.now() - t0);
              timeline.push(`${(t0 - timelineStart).toFixed(1)} GET ${(performance.now() - t0).toFixed(2)}`);
              const source = body.fallbackReason ? `${body.source}:${body.fallbackReason}` : body.source;
              sources[source] = (sources[source] ?? 0) + 1;
            },
            () => undefined,
          ),
        );
      }
      await new Promise((r) => setTimeout(r, 1));
    }
    await Promise.all(pending);
  };

  try {
    await drive(Number(values.warmup), false);
    const before = await (await fetch(scorerMetrics)).text();
    const gatewayBefore = await (await fetch(gatewayMetrics)).text();
    // CPU seconds per process over the measured run: on 2 shared cores, who takes the CPU explains the tail.
    const pids: Record<string, number | undefined> = {
      ...Object.fromEntries([...pipeline.children].map(([name, child]) => [name, child.pid])),
      rabbitmq: rabbitPid(),
    };
    const cpuBefore = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuSeconds(pid)]));
    const driverBefore = process.cpuUsage();
    // The driver's own lateness is in every client-side latency it records: report it beside them.
    const driverLoop = monitorEventLoopDelay({ resolution: DRIVER_SAMPLING_MS });
    driverLoop.enable();
    const started = Date.now();
    const spansBefore = receiver?.spans.length ?? 0;
    timelineStart = performance.now();
    await drive(seconds, true);
    await new Promise((r) => setTimeout(r, 1000));
    const elapsed = (Date.now() - started) / 1000;
    const driverCpu = process.cpuUsage(driverBefore);
    driverLoop.disable();
    const cpuShare = Object.fromEntries(
      Object.entries(pids).map(([name, pid]) => [name, +((cpuSeconds(pid) - cpuBefore[name]!) / elapsed).toFixed(2)]),
    );
    cpuShare['driver'] = +((driverCpu.user + driverCpu.system) / 1e6 / elapsed).toFixed(2);
    const after = await (await fetch(scorerMetrics)).text();
    const gatewayAfter = await (await fetch(gatewayMetrics)).text();
    const gatewayServer = since(
      parseHistogram(gatewayAfter, 'shelflife_recommendation_duration_seconds', { server: 'gateway' }),
      parseHistogram(gatewayBefore, 'shelflife_recommendation_duration_seconds', { server: 'gateway' }),
    );
    const server = since(
      parseHistogram(after, 'shelflife_recommendation_duration_seconds', { server: 'scorer' }),
      parseHistogram(before, 'shelflife_recommendation_duration_seconds', { server: 'scorer' }),
    );
    const fresh = since(
      parseHistogram(after, 'shelflife_freshness_seconds', { consumer: 'scorer' }),
      parseHistogram(before, 'shelflife_freshness_seconds', { consumer: 'scorer' }),
    );
    post.sort((a, b) => a - b);
    get.sort((a, b) => a - b);
    const result = {
      target: { eventsPerSec, recsPerSec, batch, seconds, pinned: values.pin, nodeArgs: values['node-args'], traceRatio: traceRatio ?? 0 },
      achieved: { eventsPerSec: Math.round((post.length * batch) / elapsed), recsPerSec: Math.round(get.length / elapsed), failedPosts },
      gatewayGetMs: { p50: +percentile(get, 0.5).toFixed(2), p99: +percentile(get, 0.99).toFixed(2), sources },
      gatewayPostMs: { p50: +percentile(post, 0.5).toFixed(2), p99: +percentile(post, 0.99).toFixed(2) },
      gatewayServerGetMs: {
        p50: +(quantile(gatewayServer, 0.5) * 1000).toFixed(3),
        p99: +(quantile(gatewayServer, 0.99) * 1000).toFixed(3),
        n: gatewayServer.count,
      },
      scorerServerMs: {
        p50: +(quantile(server, 0.5) * 1000).toFixed(3),
        p99: +(quantile(server, 0.99) * 1000).toFixed(3),
        n: server.count,
      },
      freshnessMs: { p50: +(quantile(fresh, 0.5) * 1000).toFixed(2), p99: +(quantile(fresh, 0.99) * 1000).toFixed(2), n: fresh.count },
      cpuCoresUsed: cpuShare,
      ...(receiver ? { spansExportedPerSec: Math.round((receiver.spans.length - spansBefore) / elapsed) } : {}),
      // Time spent in garbage collection during the run (prom-client's nodejs_gc_duration_seconds), and how many.
      gc: {
        gatewayMs: Math.round(
          (sumOver(gatewayAfter, 'nodejs_gc_duration_seconds_sum') - sumOver(gatewayBefore, 'nodejs_gc_duration_seconds_sum')) * 1000,
        ),
        gatewayCount:
          sumOver(gatewayAfter, 'nodejs_gc_duration_seconds_count') - sumOver(gatewayBefore, 'nodejs_gc_duration_seconds_count'),
        scorerMs: Math.round((sumOver(after, 'nodejs_gc_duration_seconds_sum') - sumOver(before, 'nodejs_gc_duration_seconds_sum')) * 1000),
        scorerCount: sumOver(after, 'nodejs_gc_duration_seconds_count') - sumOver(before, 'nodejs_gc_duration_seconds_count'),
      },
      // prom-client resets its event-loop delay histogram at each scrape: these cover the measured run. Its
      // samples are the time between two ticks of a 10 ms timer, so the lateness is the p99 less 10 ms.
      eventLoopLateP99Ms: {
        gateway: +(gaugeValue(gatewayAfter, 'nodejs_eventloop_lag_p99_seconds') * 1000 - EVENT_LOOP_SAMPLING_MS).toFixed(2),
        scorer: +(gaugeValue(after, 'nodejs_eventloop_lag_p99_seconds') * 1000 - EVENT_LOOP_SAMPLING_MS).toFixed(2),
        driver: +(driverLoop.percentile(99) / 1e6 - DRIVER_SAMPLING_MS).toFixed(2),
      },
    };
    console.log(JSON.stringify(result));
    if (values.timeline) fs.writeFileSync(values.timeline, timeline.sort((a, b) => parseFloat(a) - parseFloat(b)).join('\n') + '\n');
  } finally {
    await pipeline.stop();
    await receiver?.close();
    // RabbitMQ outlives the benchmark: give it back every CPU.
    if (values.pin) pinToCpus(rabbitPid(), `0-${os.cpus().length - 1}`);
    await deleteTopology(amqpUrl, prefix);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

void main();
