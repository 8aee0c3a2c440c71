/**
 * What one request costs on the gateway's hot path, two choices at a time (docs/benchmarks.md,
 * "Third session"). Each side is measured in its own process at the same fixed request rate, and
 * the figures are CPU per request, so the two can be compared as a ratio on a noisy machine.
 *
 *   npm run bench:hot-path -- [--rate 500] [--seconds 8]
 *
 * - grpc: the client's CPU per question to the scorer's real gRPC service (a child process), as a
 *   unary GetRecommendations call against a question on one open StreamRecommendations stream.
 * - express: the server's CPU and young-generation GC per request, for an express app served by
 *   http.createServer(app) against createExpressServer(app) (requests born with express's prototypes).
 */
import { fork, type ChildProcess } from 'node:child_process';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { PerformanceObserver, constants as perfConstants } from 'node:perf_hooks';
import { grpcTlsSettings, loadConfig, parseCommandLine } from '@shelflife/config';
import * as grpc from '@grpc/grpc-js';
import express from 'express';
import {
  GetRecommendationsRequest,
  ScorerServiceClient,
  ScorerServiceService,
  fileDescriptorProtos,
  moneyFromDecimal,
  type GetRecommendationsResponse,
} from '@shelflife/contracts';
import { RecommendationModel } from '@shelflife/recs';
import { createExpressServer, grpcChannel, MultiplexedStream, startGrpcServer } from '@shelflife/service-kit';
import { scorerService } from '@shelflife/stream-scorer';
import { cpuSeconds } from './process-cpu';

type Role = 'grpc-server' | 'express-server';
const WARMUP_S = 2;

/** Calls `send` `rate` times a second for `seconds`, then waits for the last answers. */
async function drive(rate: number, seconds: number, send: () => Promise<unknown>): Promise<number> {
  const pending: Promise<unknown>[] = [];
  const until = Date.now() + seconds * 1000;
  let next = Date.now();
  let sent = 0;
  while (Date.now() < until) {
    while (next <= Date.now()) {
      next += 1000 / rate;
      pending.push(send().catch(() => undefined));
      sent += 1;
    }
    await new Promise((r) => setTimeout(r, 1));
  }
  await Promise.all(pending);
  return sent;
}

/** The process's CPU per sent request over a measured run after a warm-up, in milliseconds. */
async function cpuPerRequest(rate: number, seconds: number, send: () => Promise<unknown>, pid = process.pid): Promise<number> {
  await drive(rate, WARMUP_S, send);
  const before = pid === process.pid ? process.cpuUsage() : undefined;
  const beforeOther = cpuSeconds(pid);
  const sent = await drive(rate, seconds, send);
  const used = before
    ? (() => {
        const u = process.cpuUsage(before);
        return (u.user + u.system) / 1e6;
      })()
    : cpuSeconds(pid) - beforeOther;
  return (used * 1000) / sent;
}

function child(role: Role, extra: string[] = []): Promise<{ proc: ChildProcess; port: number }> {
  const proc = fork(__filename, ['--role', role, ...extra], { execArgv: process.execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    proc.once('message', (m: { port: number }) => resolve({ proc, port: m.port }));
    proc.once('exit', (code) => reject(new Error(`${role} exited with ${code}`)));
  });
}

async function serveScorer(): Promise<void> {
  const model = new RecommendationModel();
  for (let i = 0; i < 20_000; i += 1) {
    model.apply({
      eventId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      type: i % 5 === 0 ? 'add_to_cart' : 'view',
      userId: '',
      sessionId: `s${Math.floor(i / 6)}`,
      productId: `p${(i * 7919) % 500}`,
      price: moneyFromDecimal(9.99, 'USD'),
      quantity: 1,
      occurredAt: Date.now() - 60_000 + i,
      source: 'web',
    });
  }
  const name = 'shelflife.scorer.v1.ScorerService';
  const server = await startGrpcServer({
    port: 0,
    host: '127.0.0.1',
    // SHELFLIFE_GRPC_TLS_* in the environment (the forked server inherits it) measures the same over TLS.
    tls: loadConfig(grpcTlsSettings),
    services: [
      {
        name,
        definition: ScorerServiceService,
        implementation: scorerService(model, 10).handlers,
        fileDescriptorProtos: fileDescriptorProtos(name),
      },
    ],
  });
  process.send!({ port: server.port });
}

/** A gateway-like express app: JSON body parser, one GET route answering JSON. */
function gatewayLikeApp(): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');
  app.use(express.json());
  app.get('/v1/recommendations', (request, response) => {
    response.json({ items: [{ productId: String(request.query.productId), score: 1 }], source: 'realtime', modelVersion: 'bench' });
  });
  return app;
}

async function serveExpress(prototyped: boolean): Promise<void> {
  const app = gatewayLikeApp();
  const server = prototyped ? createExpressServer(app) : http.createServer(app);
  let scavenges = 0;
  let scavengeMs = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if ((entry as unknown as { detail?: { kind?: number } }).detail?.kind === perfConstants.NODE_PERFORMANCE_GC_MINOR) {
        scavenges += 1;
        scavengeMs += entry.duration;
      }
    }
  }).observe({ entryTypes: ['gc'] });
  process.on('message', (m: string) => {
    if (m === 'reset') [scavenges, scavengeMs] = [0, 0];
    if (m === 'report') process.send!({ scavenges, scavengeMs });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  process.send!({ port: (server.address() as AddressInfo).port });
}

async function grpcSide(rate: number, seconds: number): Promise<Record<string, number>> {
  const { proc, port } = await child('grpc-server');
  const channel = grpcChannel(loadConfig(grpcTlsSettings), undefined, {});
  const client = new ScorerServiceClient(`127.0.0.1:${port}`, channel.credentials, channel.options);
  const question = (i: number): GetRecommendationsRequest => GetRecommendationsRequest.create({ productId: `p${i % 500}`, limit: 10 });
  let i = 0;
  const unary = () =>
    new Promise<GetRecommendationsResponse>((resolve, reject) => {
      client.getRecommendations(question(i++), new grpc.Metadata(), { deadline: new Date(Date.now() + 1000) }, (e, r) =>
        e || !r ? reject(e) : resolve(r),
      );
    });
  const stream = new MultiplexedStream<GetRecommendationsRequest, GetRecommendationsResponse>({
    open: () => client.streamRecommendations(),
    method: 'shelflife.scorer.v1.ScorerService/StreamRecommendations',
    peer: 'the scorer',
  }).start();
  const idle = await cpuPerRequest(rate, seconds, async () => undefined); // the driver's own loop
  const unaryMs = await cpuPerRequest(rate, seconds, unary);
  const streamMs = await cpuPerRequest(rate, seconds, () => stream.ask(question(i++), 1000));
  stream.close();
  client.close();
  proc.kill();
  return {
    driverLoopMs: +idle.toFixed(4),
    unaryCallMs: +(unaryMs - idle).toFixed(4),
    streamQuestionMs: +(streamMs - idle).toFixed(4),
    ratio: +((unaryMs - idle) / (streamMs - idle)).toFixed(2),
  };
}

async function expressSide(rate: number, seconds: number, prototyped: boolean): Promise<Record<string, number>> {
  const { proc, port } = await child('express-server', prototyped ? ['--prototyped'] : []);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  let i = 0;
  const get = () =>
    new Promise<void>((resolve, reject) => {
      http
        .get({ host: '127.0.0.1', port, path: `/v1/recommendations?productId=p${i++ % 500}&limit=10`, agent }, (res) => {
          res.resume();
          res.on('end', resolve);
        })
        .on('error', reject);
    });
  await drive(rate, WARMUP_S, get);
  proc.send('reset');
  const serverMs = await cpuPerRequest(rate, seconds, get, proc.pid);
  const gc = await new Promise<{ scavenges: number; scavengeMs: number }>((resolve) => {
    proc.once('message', (m: { scavenges: number; scavengeMs: number }) => resolve(m));
    proc.send('report');
  });
  agent.destroy();
  proc.kill();
  return {
    serverCpuMsPerRequest: +serverMs.toFixed(4),
    scavenges: gc.scavenges,
    meanScavengeMs: +(gc.scavengeMs / Math.max(1, gc.scavenges)).toFixed(2),
  };
}

async function main(): Promise<void> {
  const { values } = parseCommandLine({
    command: 'npm run bench:hot-path --',
    description: "the per-event CPU cost of each service's hot path, in one process",
    config: {
      options: {
        role: { type: 'string' },
        prototyped: { type: 'boolean', default: false },
        rate: { type: 'string', default: '500' },
        seconds: { type: 'string', default: '8' },
      },
    },
  });
  if (values.role === 'grpc-server') return serveScorer();
  if (values.role === 'express-server') return serveExpress(values.prototyped!);
  const rate = Number(values.rate);
  const seconds = Number(values.seconds);
  const result = {
    rate,
    seconds,
    grpc: await grpcSide(rate, seconds),
    express: {
      createServer: await expressSide(rate, seconds, false),
      createExpressServer: await expressSide(rate, seconds, true),
    },
  };
  console.log(JSON.stringify(result));
}

void main();
