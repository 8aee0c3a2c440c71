/**
 * End to end: the five services as separate processes (the built bundles) on the real RabbitMQ,
 * driven over HTTP like a storefront, with spans exported over OTLP to a receiver in this test.
 * Runs on a RabbitMQ node of its own (private-broker.ts: its own name, ports and data, started and
 * stopped here), so the restart test restarts that node and never the shared broker on 5672. Needs
 * Debian's rabbitmq-server and rabbitmqctl; fails with a message that says so when they are missing.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as amqp from 'amqplib';
import { decodeEnvelopes, deleteTopology, requireBroker, topology } from '@shelflife/bus';
import * as grpc from '@grpc/grpc-js';
import {
  CollectorServiceClient,
  Outcome,
  ScorerServiceClient,
  type CollectResponse,
  type GetRelationsResponse,
} from '@shelflife/contracts';
import { hostileEvents, intentAsJson, intentAsProto } from '@shelflife/contracts/testing';
import { freeLayout, startProcesses, startReplica, type ProcessLayout, type ReplicaProcess, startOtlpReceiver } from '@shelflife/harness';
import { startPrivateBroker, type PrivateBroker } from './private-broker';

let AMQP_URL: string;
let broker: PrivateBroker;
const ROOT = path.resolve(__dirname, '../..');
const prefix = `e2e-${randomUUID().slice(0, 8)}`;
const names = topology(prefix);
const auditQueue = `${prefix}.e2e-audit`;
const SPAN_KIND = { server: 2, client: 3, producer: 4, consumer: 5 };

let pipeline: Awaited<ReturnType<typeof startProcesses>>;
let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;
let dataDir: string;
let url: string;
let layout: ProcessLayout;
let pipelineEnv: NodeJS.ProcessEnv;

async function postEvent(event: Record<string, unknown>, headers: Record<string, string> = {}): Promise<number> {
  try {
    const response = await fetch(`${url}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(event),
    });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 0;
  }
}

function shopEvent(type: string, sessionId: string, productId: string, amount = 10): Record<string, unknown> {
  return {
    eventId: randomUUID(),
    type,
    sessionId,
    productId,
    userId: `u-${sessionId}`,
    price: { amount, currency: 'USD' },
    quantity: 1,
    occurredAt: new Date().toISOString(),
    source: 'web',
  };
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  broker = await startPrivateBroker();
  AMQP_URL = broker.url;
  await requireBroker(AMQP_URL);
  for (const entry of ['storefront-gateway', 'event-collector', 'stream-scorer', 'batch-aggregator', 'quality-sentinel']) {
    if (!fs.existsSync(path.join(ROOT, 'dist/apps', entry, 'main.js')))
      throw new Error(`dist/apps/${entry}/main.js is missing: run "npx nx run-many -t build" first (npm test does)`);
  }
  // An independent witness of what the broker holds: every event routed to the events exchange.
  const connection = await amqp.connect(AMQP_URL);
  const channel = await connection.createChannel();
  await channel.assertExchange(names.exchanges.events, 'topic', { durable: true });
  await channel.assertQueue(auditQueue, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
  await channel.bindQueue(auditQueue, names.exchanges.events, 'event.#');
  await connection.close();

  receiver = await startOtlpReceiver();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shelflife-e2e-'));
  layout = await freeLayout();
  pipelineEnv = {
    ...process.env,
    AMQP_URL,
    SHELFLIFE_BUS_PREFIX: prefix,
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    OTEL_BSP_SCHEDULE_DELAY: '200',
    LOG_LEVEL: 'info',
    SHELFLIFE_ACK_DEADLINE_MS: '2000',
  };
  pipeline = await startProcesses({
    root: ROOT,
    fromDist: true,
    layout,
    logDir: path.join(dataDir, 'logs'),
    storeDir: dataDir,
    env: pipelineEnv,
  });
  url = pipeline.gatewayUrl;
});

afterAll(async () => {
  await pipeline?.stop();
  await receiver?.close();
  if (AMQP_URL) await deleteTopology(AMQP_URL, prefix, [auditQueue]).catch(() => undefined);
  await broker?.stop();
  if (process.env.SHELFLIFE_KEEP_E2E_DATA) console.log(`e2e data and logs kept in ${dataDir}`);
  else if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

it('learns that a phone goes with its case and charger, and serves it over HTTP', async () => {
  for (let i = 0; i < 8; i += 1) {
    const session = `s-${randomUUID()}`;
    for (const [type, product] of [
      ['view', 'e2e-phone'],
      ['add_to_cart', 'e2e-phone'],
      ['view', 'e2e-case'],
      ['add_to_cart', 'e2e-case'],
      ['view', 'e2e-charger'],
      ['purchase', 'e2e-phone'],
    ] as const) {
      expect(await postEvent(shopEvent(type, session, product))).toBe(202);
    }
  }
  const answer = await waitFor('recommendations for the phone', async () => {
    const body = (await (await fetch(`${url}/v1/recommendations?productId=e2e-phone&limit=5`)).json()) as {
      items: { productId: string }[];
      source: string;
      modelVersion: string;
    };
    const ids = body.items.map((i) => i.productId);
    return ids.includes('e2e-case') && ids.includes('e2e-charger') ? body : undefined;
  });
  expect(answer.source).toBe('realtime');
  expect(answer.items[0]!.productId).toBe('e2e-case');
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One event sent straight to the collector over gRPC, as a partner's loader would. */
async function collectOverGrpc(event: ReturnType<typeof intentAsProto>): Promise<CollectResponse> {
  const client = new CollectorServiceClient(`127.0.0.1:${layout.grpcPorts.collector}`, grpc.credentials.createInsecure());
  try {
    const answer = await new Promise<{ results: CollectResponse[] }>((resolve, reject) => {
      client.collectBatch(
        { events: [event], traceparents: [] },
        new grpc.Metadata(),
        { deadline: Date.now() + 5_000 },
        (error, response) => (error ? reject(error) : resolve(response)),
      );
    });
    return answer.results[0]!;
  } finally {
    client.close();
  }
}

it('answers the hostile corpus the same at the gateway (HTTP) and at the collector (gRPC); a future-dated event changes nothing', async () => {
  const recommended = async () =>
    (
      (await (await fetch(`${url}/v1/recommendations?productId=e2e-phone&limit=5`)).json()) as {
        items: { productId: string; score: number }[];
      }
    ).items;
  const before = await recommended();
  const disagreements: unknown[] = [];
  for (const { name, intent, refused } of hostileEvents(Date.now())) {
    const response = await fetch(`${url}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(intentAsJson(intent)),
    });
    const body = (await response.json()) as { error?: { details?: { field: string }[] } };
    const overHttp =
      response.status === 202
        ? []
        : response.status === 400
          ? (body.error?.details ?? []).map((d) => d.field).sort()
          : `HTTP ${response.status}`;
    // The same event under its own id, so that neither door sees the other's copy as a duplicate.
    const viaGrpc = await collectOverGrpc(
      intentAsProto(intent.eventId && UUID.test(intent.eventId) ? { ...intent, eventId: randomUUID() } : intent),
    );
    const overGrpc =
      viaGrpc.outcome === Outcome.OUTCOME_REJECTED
        ? viaGrpc.problems.map((p) => p.field).sort()
        : viaGrpc.outcome === Outcome.OUTCOME_ACCEPTED
          ? []
          : Outcome[viaGrpc.outcome];
    // A body over the gateway's size limit is refused whole (413) before its fields are read.
    const httpAgrees = JSON.stringify(overHttp) === JSON.stringify(refused) || (overHttp === 'HTTP 413' && refused.length > 0);
    if (!httpAgrees || JSON.stringify(overGrpc) !== JSON.stringify(refused))
      disagreements.push({ name, expected: refused, overHttp, overGrpc });
  }
  expect(disagreements).toEqual([]);
  // The two dates that wiped the model before issue 13, at both doors: refused, and the answers stay.
  for (const occurredAt of [Date.now() + 365 * 86_400_000, Date.UTC(9999, 11, 31)]) {
    const event = { ...shopEvent('purchase', `s-${randomUUID()}`, 'e2e-future-product'), occurredAt: new Date(occurredAt).toISOString() };
    expect(await postEvent(event)).toBe(400);
    const intent = {
      eventId: randomUUID(),
      type: 'purchase' as const,
      sessionId: 's-future',
      productId: 'e2e-future-product',
      price: { amount: '10', currency: 'USD' },
      quantity: 1,
      occurredAt,
      unknownFieldCount: 0,
    };
    expect(await collectOverGrpc(intentAsProto(intent))).toMatchObject({
      outcome: Outcome.OUTCOME_REJECTED,
      problems: [{ field: 'occurredAt' }],
    });
  }
  // The corpus's accepted events may fill the list's tail with popular items; what was learned keeps its place and its weight.
  const after = await recommended();
  const learned = new Set(before.map((i) => i.productId));
  expect(after.filter((i) => learned.has(i.productId)).map((i) => i.productId)).toEqual(before.map((i) => i.productId));
  expect(after.filter((i) => learned.has(i.productId)).every((i) => i.score > 0)).toBe(true);
  expect(after.map((i) => i.productId)).not.toContain('e2e-future-product');
});

/** What a scorer replica relates to each product, asked directly over gRPC. */
async function relationsOf(grpcPort: number, productIds: string[]): Promise<Map<string, string[]>> {
  const client = new ScorerServiceClient(`127.0.0.1:${grpcPort}`, grpc.credentials.createInsecure());
  try {
    const response = await new Promise<GetRelationsResponse>((resolve, reject) => {
      client.getRelations({ productIds, k: 5 }, new grpc.Metadata(), { deadline: Date.now() + 5_000 }, (error, answer) =>
        error ? reject(error) : resolve(answer),
      );
    });
    return new Map(response.relations.map((r) => [r.productId, r.items.map((i) => i.productId)]));
  } finally {
    client.close();
  }
}

/** The pairs (phone-i, case-i) a replica does not know yet. */
async function unknownPairs(grpcPort: number, pairs: [string, string][]): Promise<[string, string][]> {
  const relations = await relationsOf(
    grpcPort,
    pairs.map(([a]) => a),
  ).catch(() => new Map<string, string[]>());
  return pairs.filter(([a, b]) => !(relations.get(a) ?? []).includes(b));
}

async function metricValue(adminPort: number, series: string): Promise<number | undefined> {
  const text = await (await fetch(`http://127.0.0.1:${adminPort}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : undefined;
}

it('gives every scorer replica every event; one killed with SIGKILL comes back knowing what it learned and what it missed', async () => {
  const replicaOptions = {
    root: ROOT,
    fromDist: true,
    layout,
    storeDir: dataDir,
    logDir: path.join(dataDir, 'logs'),
    name: 'scorer-2',
    env: { ...pipelineEnv, SHELFLIFE_SNAPSHOT_INTERVAL_MS: '1000' },
  };
  let second: ReplicaProcess = await startReplica('stream-scorer', replicaOptions);
  const pairs: [string, string][] = [];
  const postPairs = async (from: number, to: number) => {
    for (let i = from; i < to; i += 1) {
      const session = `scale-${randomUUID()}`;
      // Retried with the same eventId until acknowledged, as a storefront does.
      for (const event of [shopEvent('view', session, `scale-phone-${i}`), shopEvent('add_to_cart', session, `scale-case-${i}`)]) {
        while ((await postEvent(event)) !== 202) await new Promise((r) => setTimeout(r, 100));
      }
      pairs.push([`scale-phone-${i}`, `scale-case-${i}`]);
    }
  };
  const bothKnowEverything = () =>
    waitFor('both replicas to know every pair', async () => {
      const [first, other] = await Promise.all([unknownPairs(layout.grpcPorts.scorer, pairs), unknownPairs(second.grpcPort, pairs)]);
      return first.length === 0 && other.length === 0 ? true : undefined;
    });
  try {
    await postPairs(0, 20);
    await bothKnowEverything();
    // Let the second replica write a snapshot (every second here), then kill it while events keep coming.
    await waitFor('a snapshot of the second replica', async () =>
      fs.existsSync(path.join(second.storeDir, 'scorer/model-snapshot.json')) ? true : undefined,
    );
    const during = postPairs(20, 50);
    await waitFor('the stream to be under way', async () => (pairs.length >= 30 ? true : undefined));
    second.child.kill('SIGKILL');
    await new Promise<void>((resolve) =>
      second.child.exitCode !== null || second.child.signalCode !== null ? resolve() : second.child.once('exit', () => resolve()),
    );
    await during;
    await postPairs(50, 60); // while it is down
    const snapshot = JSON.parse(fs.readFileSync(path.join(second.storeDir, 'scorer/model-snapshot.json'), 'utf8')) as {
      streamOffset: number;
    };
    second = await startReplica('stream-scorer', { ...replicaOptions, ports: { grpcPort: second.grpcPort, adminPort: second.adminPort } });
    await bothKnowEverything();
    const log = fs.readFileSync(second.logFile, 'utf8');
    // It resumed right after what its snapshot covered: nothing skipped, and nothing read twice (the model saw no repeat).
    expect(log).toContain(`"from":{"offset":${snapshot.streamOffset + 1}}`);
    expect((await metricValue(second.adminPort, 'shelflife_events_total{stage="scorer",outcome="duplicate"}')) ?? 0).toBe(0);
    expect((await metricValue(second.adminPort, 'shelflife_stream_gap_messages_total{consumer="scorer"}')) ?? 0).toBe(0);
    // Both replicas stand at the same place in the stream.
    await waitFor('both replicas at the same offset', async () => {
      const [a, b] = await Promise.all([
        metricValue(layout.adminPorts['stream-scorer'], 'shelflife_stream_offset{consumer="scorer"}'),
        metricValue(second.adminPort, 'shelflife_stream_offset{consumer="scorer"}'),
      ]);
      return a !== undefined && a === b ? true : undefined;
    });
  } finally {
    second.child.kill('SIGKILL');
  }
}, 120_000);

it('shows one click as one trace: gateway -> collector -> publish -> every consumer', async () => {
  const traceId = randomBytes(16).toString('hex');
  const secretSession = `secret-session-${randomUUID()}`;
  const status = await postEvent(shopEvent('view', secretSession, 'e2e-traced'), {
    traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01`,
  });
  expect(status).toBe(202);
  await fetch(`${url}/v1/recommendations?productId=e2e-traced&sessionId=${secretSession}&userId=u-${secretSession}`);
  const services = ['storefront-gateway', 'event-collector', 'stream-scorer', 'batch-aggregator', 'quality-sentinel'];
  const spans = await waitFor('spans of every service in the trace', async () => {
    const inTrace = receiver.spans.filter((s) => s.traceId === traceId);
    return services.every((service) => inTrace.some((s) => s.service === service)) ? inTrace : undefined;
  });
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  // The gateway's server span is named by its route, as Jaeger users look for it.
  expect(spans.some((s) => s.service === 'storefront-gateway' && s.name === 'POST /v1/events' && s.attributes.includes('http.route'))).toBe(
    true,
  );
  // The AMQP hop is parent and child: each consumer span's parent is the collector's publish span.
  const publish = spans.filter((s) => s.service === 'event-collector' && s.kind === SPAN_KIND.producer);
  expect(publish.length).toBeGreaterThan(0);
  for (const consumer of ['stream-scorer', 'batch-aggregator', 'quality-sentinel']) {
    const consume = spans.find((s) => s.service === consumer && s.kind === SPAN_KIND.consumer);
    expect(consume).toBeDefined();
    expect(byId.get(consume!.parentSpanId)?.service).toBe('event-collector');
    expect(byId.get(consume!.parentSpanId)?.kind).toBe(SPAN_KIND.producer);
  }
  // No personal data in spans: the session and user ids of the requests above appear nowhere.
  await new Promise((r) => setTimeout(r, 500));
  expect(receiver.spans.filter((s) => s.attributes.includes(secretSession))).toEqual([]);
  expect(receiver.spans.some((s) => s.service === 'storefront-gateway' && s.attributes.includes('sessionId=REDACTED'))).toBe(true);
  // And every span of the trace leads back to the gateway's request.
  for (const span of spans) {
    let cursor = span;
    while (cursor.parentSpanId && byId.has(cursor.parentSpanId)) cursor = byId.get(cursor.parentSpanId)!;
    expect(cursor.service).toBe('storefront-gateway');
  }
});

it('shows one recommendation as one trace although the gateway asks over a long-lived stream', async () => {
  const traceId = randomBytes(16).toString('hex');
  const response = await fetch(`${url}/v1/recommendations?productId=e2e-phone&limit=3`, {
    headers: { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` },
  });
  expect(response.status).toBe(200);
  const method = 'shelflife.scorer.v1.ScorerService/StreamRecommendations';
  const spans = await waitFor('the recommendation spans of both services', async () => {
    const inTrace = receiver.spans.filter((s) => s.traceId === traceId);
    return inTrace.some((s) => s.service === 'stream-scorer') &&
      inTrace.some((s) => s.service === 'storefront-gateway' && s.kind === SPAN_KIND.server)
      ? inTrace
      : undefined;
  });
  const server = spans.find((s) => s.service === 'storefront-gateway' && s.kind === SPAN_KIND.server)!;
  const client = spans.find((s) => s.service === 'storefront-gateway' && s.kind === SPAN_KIND.client)!;
  const scorer = spans.find((s) => s.service === 'stream-scorer')!;
  expect(server.name).toBe('GET /v1/recommendations');
  expect(client).toMatchObject({ name: method, parentSpanId: server.spanId });
  expect(scorer).toMatchObject({ name: method, kind: SPAN_KIND.server, parentSpanId: client.spanId });
  // The stream itself is never a span: it would last as long as the gateway.
  expect(receiver.spans.filter((s) => s.name === method && s.traceId !== traceId && !s.parentSpanId)).toEqual([]);
});

it('loses no acknowledged event when RabbitMQ restarts in the middle of a stream', async () => {
  const acknowledged = new Set<string>();
  let restarting = false;
  let got503 = 0;
  const sender = (async () => {
    const until = Date.now() + 60_000;
    for (let i = 0; i < 400; i += 1) {
      const event = shopEvent('view', `restart-${i % 20}`, `p-${i % 13}`);
      // A storefront retries with the same eventId until the gateway says 202.
      for (;;) {
        const status = await postEvent(event);
        if (status === 202) {
          acknowledged.add(event.eventId as string);
          break;
        }
        got503 += status === 503 ? 1 : 0;
        if (Date.now() > until) throw new Error(`event ${String(event.eventId)} not accepted within a minute of retries`);
        await new Promise((r) => setTimeout(r, 100));
      }
      if (i === 100) restarting = true;
    }
  })();
  await waitFor('the stream to be under way', async () => (restarting ? true : undefined));
  await broker.restartApp(2_000);
  await sender;
  expect(acknowledged.size).toBe(400);
  expect(got503).toBeGreaterThan(0); // the outage was real and the gateway said so instead of hanging

  // Every acknowledged event is in the broker's durable queue (duplicates from retries are allowed).
  const inBroker = new Set<string>();
  const connection = await amqp.connect(AMQP_URL);
  const channel = await connection.createChannel();
  await waitFor(
    'every acknowledged event in the audit queue',
    async () => {
      for (;;) {
        const message = await channel.get(auditQueue, { noAck: true });
        if (!message) break;
        // A message is a bundle of events (one or more): every event id in it counts.
        const decoded = decodeEnvelopes({
          exchange: message.fields.exchange,
          routingKey: message.fields.routingKey,
          body: message.content,
          headers: message.properties.headers ?? {},
          attempt: 1,
        });
        if (decoded.ok) for (const envelope of decoded.envelopes) inBroker.add(envelope.eventId);
      }
      return [...acknowledged].every((id) => inBroker.has(id)) ? true : undefined;
    },
    30_000,
  ).catch(() => undefined);
  await connection.close();
  const missing = [...acknowledged].filter((id) => !inBroker.has(id));
  expect(missing).toEqual([]);
  // The pipeline recovered by itself: the gateway is ready again.
  await waitFor('the gateway to be ready again', async () => ((await fetch(`${url}/readyz`)).status === 200 ? true : undefined));
});
