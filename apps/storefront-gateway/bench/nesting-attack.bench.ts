/**
 * Does a flood of deeply nested bodies still stall the gateway? (issue 13, "the edge parses
 * defensively"; figures in docs/benchmarks.md). Rounds of 20 concurrent 1 MB bodies are posted while
 * a probe asks GET /healthz every 10 ms; the probe's latency is what any other request would feel.
 *
 *   npx tsx apps/storefront-gateway/bench/nesting-attack.bench.ts [--rounds 5]
 *
 * Two servers, each in its own process, one after the other in the same run:
 * - gateway: the real gateway (start() from app.ts), with its depth pre-scan;
 * - express.json: the body parser as the gateway configured it before the pre-scan, on the same
 *   server class (createExpressServer), and nothing else: it stands for the old behaviour.
 * Three workloads each: no bodies (idle), 1 MB of flat JSON (parsed in full, then refused by the
 * route), and 1 MB of "[[[[…". Then what the pre-scan costs on bodies it lets through, against
 * the JSON.parse that follows it (in this process, microseconds per body).
 */
import { fork, type ChildProcess } from 'node:child_process';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { randomUUID } from 'node:crypto';
import express from 'express';
import { createExpressServer } from '@shelflife/service-kit';
import { start } from '../src/app';
import { loadGatewayConfig } from '../src/config';
import { offsetBeyondDepth } from '../src/json-depth';

type Role = 'gateway' | 'express.json';
const BODY_BYTES = 1_048_576;
const CONCURRENT = 20;
const PROBE_EVERY_MS = 10;

async function serve(role: Role): Promise<void> {
  let port: number;
  if (role === 'gateway') {
    const gateway = await start(
      loadGatewayConfig({
        LOG_LEVEL: 'silent',
        SHELFLIFE_HTTP_PORT: '0',
        SHELFLIFE_MAX_BODY_BYTES: String(BODY_BYTES + 1024),
        // Nothing reaches the collector: every body here is refused before it would be forwarded.
        SHELFLIFE_COLLECTOR_ADDR: '127.0.0.1:1',
        SHELFLIFE_SCORER_ADDR: '127.0.0.1:1',
      }),
      { withAdmin: false },
    );
    port = gateway.httpPort;
  } else {
    const app = express();
    app.use(express.json({ limit: BODY_BYTES + 1024, strict: false, type: ['application/json', 'application/*+json'] }));
    app.get('/healthz', (_request, response) => {
      response.json({ status: 'alive' });
    });
    app.post('/v1/events', (_request, response) => {
      response.status(400).json({ error: { code: 'INVALID_EVENT', message: 'parsed', details: [] } });
    });
    app.use(((_error, _request, response, _next) => {
      response.status(400).json({ error: { code: 'INVALID_JSON', message: 'x', details: [] } });
    }) as express.ErrorRequestHandler);
    const server = createExpressServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  }
  process.send!({ port });
}

function child(role: Role): Promise<{ proc: ChildProcess; port: number }> {
  const proc = fork(__filename, ['--role', role], { execArgv: process.execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    proc.once('message', (message) => resolve({ proc, port: (message as { port: number }).port }));
    proc.once('exit', (code) => reject(new Error(`${role} exited with ${code}`)));
  });
}

function request(port: number, method: string, path: string, body?: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent: false,
        headers: body ? { 'content-type': 'application/json', 'content-length': body.length } : {},
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode!));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** GET /healthz every PROBE_EVERY_MS (one at a time) until `stop` resolves; their latencies in ms. */
async function probe(port: number, stop: Promise<unknown>): Promise<number[]> {
  let done = false;
  void stop.then(() => {
    done = true;
  });
  const latencies: number[] = [];
  while (!done) {
    const started = performance.now();
    await request(port, 'GET', '/healthz');
    latencies.push(performance.now() - started);
    await new Promise((r) => setTimeout(r, PROBE_EVERY_MS));
  }
  return latencies;
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

async function workload(port: number, body: Buffer | undefined, rounds: number): Promise<string> {
  const statuses = new Map<number, number>();
  const started = performance.now();
  const attack = (async () => {
    if (!body) return new Promise((r) => setTimeout(r, 2_000));
    for (let round = 0; round < rounds; round += 1) {
      const answers = await Promise.all(Array.from({ length: CONCURRENT }, () => request(port, 'POST', '/v1/events', body)));
      for (const status of answers) statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
  })();
  const latencies = (await probe(port, attack)).sort((a, b) => a - b);
  const elapsed = performance.now() - started;
  const answered = [...statuses].map(([status, count]) => `${count}×${status}`).join(' ') || '-';
  return `${(elapsed / 1000).toFixed(2)} s | ${answered} | ${latencies.length} | ${quantile(latencies, 0.5).toFixed(1)} / ${quantile(latencies, 0.99).toFixed(1)} / ${latencies[latencies.length - 1]!.toFixed(1)} ms`;
}

/** Microseconds per call of `run`, after a warm-up. */
function microseconds(run: () => unknown, times = 2_000): number {
  for (let i = 0; i < 200; i += 1) run();
  const started = performance.now();
  for (let i = 0; i < times; i += 1) run();
  return ((performance.now() - started) / times) * 1000;
}

function scanCost(flat: Buffer): void {
  const event = () => ({
    eventId: randomUUID(),
    type: 'add_to_cart',
    sessionId: 's-12345',
    productId: `p-${Math.random()}`,
    price: { amount: 19.99, currency: 'USD' },
    quantity: 2,
    occurredAt: new Date().toISOString(),
    source: 'web',
  });
  const batch = Buffer.from(JSON.stringify({ events: Array.from({ length: 500 }, event) }));
  console.log('\n| body | bytes | depth pre-scan | JSON.parse |');
  console.log('| --- | --- | --- | --- |');
  for (const [name, body] of [
    ['500 events', batch],
    ['1 MB flat JSON', flat],
  ] as const) {
    console.log(
      `| ${name} | ${body.length} | ${microseconds(() => offsetBeyondDepth(body, 8)).toFixed(1)} µs | ${microseconds(() => JSON.parse(body.toString('utf8'))).toFixed(1)} µs |`,
    );
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { role: { type: 'string' }, rounds: { type: 'string', default: '5' } } });
  if (values.role) return serve(values.role as Role);
  const rounds = Number(values.rounds);
  const flat = Buffer.from(JSON.stringify({ padding: 'x'.repeat(BODY_BYTES - 20) }));
  const nested = Buffer.alloc(BODY_BYTES, '[');
  console.log(`${rounds} rounds of ${CONCURRENT} concurrent 1 MB POSTs, GET /healthz probed every ${PROBE_EVERY_MS} ms`);
  console.log('| server | bodies | duration | answers | probes | probe p50 / p99 / max |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const role of ['express.json', 'gateway'] as const) {
    const { proc, port } = await child(role);
    try {
      for (let i = 0; i < 20; i += 1) await request(port, 'GET', '/healthz'); // warm-up
      for (const [name, body] of [
        ['none (idle)', undefined],
        ['1 MB flat JSON', flat],
        ['1 MB "[[[["', nested],
      ] as const) {
        console.log(`| ${role} | ${name} | ${await workload(port, body, rounds)} |`);
      }
    } finally {
      proc.kill();
    }
  }
  scanCost(flat);
  process.exit(0);
}

void main();
