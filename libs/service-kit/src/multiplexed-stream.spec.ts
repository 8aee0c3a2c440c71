import { EventEmitter } from 'node:events';
import * as grpc from '@grpc/grpc-js';
import { context, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import {
  GetRecommendationsRequest,
  RecommendationSource,
  ScorerServiceClient,
  ScorerServiceService,
  type GetRecommendationsResponse,
  type StreamRecommendationsRequest,
  type StreamRecommendationsResponse,
} from '@shelflife/contracts';
import { callUnary } from './grpc-client';
import { MultiplexedStream, type StreamAnswer, type StreamQuestion } from './multiplexed-stream';

const exporter = new InMemorySpanExporter();
// Registers a context manager and the W3C propagator too, as the services' SDK does.
new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }).register();

type Question = StreamRecommendationsRequest;
/** A question with the fields a test cares about (the rest at their defaults, as the wire has them). */
const q = (fields: Partial<GetRecommendationsRequest>): GetRecommendationsRequest => GetRecommendationsRequest.create(fields);
type Reply = (question: Question) => StreamRecommendationsResponse | undefined | Promise<StreamRecommendationsResponse | undefined>;

/** A scorer stand-in whose stream handler answers with `reply` (undefined: never answers). */
async function fakeScorer(
  reply: Reply,
  port = 0,
  options: { withStream?: boolean } = {},
): Promise<{
  server: grpc.Server;
  port: number;
  seen: Question[];
  lastCall: () => grpc.ServerDuplexStream<Question, StreamRecommendationsResponse> | undefined;
}> {
  const seen: Question[] = [];
  let last: grpc.ServerDuplexStream<Question, StreamRecommendationsResponse> | undefined;
  const server = new grpc.Server();
  server.addService(ScorerServiceService, {
    // The unary call answers as the stream would (an older scorer has only this).
    getRecommendations: (
      call: grpc.ServerUnaryCall<GetRecommendationsRequest, GetRecommendationsResponse>,
      callback: grpc.sendUnaryData<GetRecommendationsResponse>,
    ) => {
      callback(null, answerFor({ id: 0, request: call.request, traceparent: '' }).response);
    },
    getRelations: () => undefined,
    ...(options.withStream === false
      ? {}
      : {
          streamRecommendations: (call: grpc.ServerDuplexStream<Question, StreamRecommendationsResponse>) => {
            last = call;
            call.on('data', (question: Question) => {
              seen.push(question);
              void Promise.resolve(reply(question)).then((answer) => answer && call.write(answer));
            });
            call.on('end', () => call.end());
          },
        }),
  } as grpc.UntypedServiceImplementation);
  const bound = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`127.0.0.1:${port}`, grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))),
  );
  return { server, port: bound, seen, lastCall: () => last };
}

function answerFor(question: Question): StreamRecommendationsResponse {
  return {
    id: question.id,
    response: {
      items: [{ productId: `for-${question.request?.productId}`, score: 1 }],
      source: RecommendationSource.SOURCE_REALTIME,
      modelVersion: 'v1',
    },
    errorCode: 0,
    errorMessage: '',
  };
}

function streamTo(port: number, options: { unaryWhenClosed?: boolean } = {}) {
  let opens = 0;
  const client = new ScorerServiceClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  const stream = new MultiplexedStream<GetRecommendationsRequest, GetRecommendationsResponse>({
    ...(options.unaryWhenClosed
      ? {
          whenClosed: (request: GetRecommendationsRequest, deadlineMs: number) =>
            callUnary(client.getRecommendations.bind(client), request, deadlineMs),
        }
      : {}),
    unimplementedRetryMs: 5_000,
    open: () => {
      opens += 1;
      return client.streamRecommendations();
    },
    method: 'shelflife.scorer.v1.ScorerService/StreamRecommendations',
    peer: 'the scorer',
    reconnectMinMs: 20,
    reconnectMaxMs: 50,
    maxInFlight: 50,
  }).start();
  return { client, stream, opens: () => opens };
}

async function eventually(check: () => Promise<boolean> | boolean, ms = 3_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('MultiplexedStream', () => {
  const servers: grpc.Server[] = [];
  const clients: { client: grpc.Client; stream: MultiplexedStream<GetRecommendationsRequest, GetRecommendationsResponse> }[] = [];
  afterEach(() => {
    for (const s of servers.splice(0)) s.forceShutdown();
    for (const c of clients.splice(0)) {
      c.stream.close();
      c.client.close();
    }
    exporter.reset();
  });

  it('matches answers that come back in any order to their questions', async () => {
    const scorer = await fakeScorer((q) => new Promise((resolve) => setTimeout(() => resolve(answerFor(q)), Math.random() * 30)));
    servers.push(scorer.server);
    const { client, stream } = streamTo(scorer.port);
    clients.push({ client, stream });
    await eventually(() => stream.isOpen);
    const products = Array.from({ length: 40 }, (_, i) => `p${i}`);
    const answers = await Promise.all(products.map((productId) => stream.ask(q({ productId, limit: 3 }), 2_000)));
    expect(answers.map((a) => a.items[0]!.productId)).toEqual(products.map((p) => `for-${p}`));
    expect(new Set(scorer.seen.map((q) => q.id)).size).toBe(40);
    expect(stream.inFlight).toBe(0);
  });

  it('rejects a refused question with its status and keeps answering the others', async () => {
    const scorer = await fakeScorer((q) =>
      q.request?.limit === 500
        ? { id: q.id, errorCode: grpc.status.INVALID_ARGUMENT, errorMessage: 'limit must be at most 100' }
        : answerFor(q),
    );
    servers.push(scorer.server);
    const { client, stream } = streamTo(scorer.port);
    clients.push({ client, stream });
    await expect(stream.ask(q({ productId: 'a', limit: 500 }), 2_000)).rejects.toMatchObject({
      code: grpc.status.INVALID_ARGUMENT,
      message: 'limit must be at most 100',
    });
    await expect(stream.ask(q({ productId: 'b', limit: 5 }), 2_000)).resolves.toMatchObject({ items: [{ productId: 'for-b' }] });
  });

  it('gives each question its own deadline; a late answer is dropped and the stream stays usable', async () => {
    const scorer = await fakeScorer((q) =>
      q.request?.productId === 'slow' ? new Promise((r) => setTimeout(() => r(answerFor(q)), 150)) : answerFor(q),
    );
    servers.push(scorer.server);
    const { client, stream } = streamTo(scorer.port);
    clients.push({ client, stream });
    const started = Date.now();
    await expect(stream.ask(q({ productId: 'slow' }), 40)).rejects.toMatchObject({
      code: grpc.status.DEADLINE_EXCEEDED,
      message: 'the scorer did not answer within 40 ms',
    });
    expect(Date.now() - started).toBeLessThan(140);
    await new Promise((r) => setTimeout(r, 150)); // the late answer arrives and is ignored
    await expect(stream.ask(q({ productId: 'fast' }), 1_000)).resolves.toMatchObject({ items: [{ productId: 'for-fast' }] });
  });

  it('refuses at once past its in-flight bound instead of queueing', async () => {
    const scorer = await fakeScorer(() => undefined);
    servers.push(scorer.server);
    const { client, stream } = streamTo(scorer.port);
    clients.push({ client, stream });
    const waiting = Array.from({ length: 50 }, (_, i) =>
      stream.ask(q({ productId: `w${i}` }), 300).catch((e: grpc.ServiceError) => e.code),
    );
    await expect(stream.ask(q({ productId: 'one too many' }), 300)).rejects.toMatchObject({ code: grpc.status.RESOURCE_EXHAUSTED });
    expect(await Promise.all(waiting)).toEqual(Array(50).fill(grpc.status.DEADLINE_EXCEEDED));
  });

  it('fails what is in flight when the peer goes away, fails fast while it is away, and reconnects when it is back', async () => {
    const first = await fakeScorer(() => undefined);
    const port = first.port;
    const { client, stream } = streamTo(port);
    clients.push({ client, stream });
    await eventually(() => stream.isOpen);
    const inFlight = stream.ask(q({ productId: 'lost' }), 5_000);
    await eventually(() => first.seen.length === 1);
    first.server.forceShutdown();
    await expect(inFlight).rejects.toMatchObject({ code: grpc.status.UNAVAILABLE });
    const started = Date.now();
    const whileAway = await stream.ask(q({ productId: 'away' }), 5_000).catch((e: grpc.ServiceError) => e);
    expect((whileAway as grpc.ServiceError).code).toBe(grpc.status.UNAVAILABLE);
    expect(Date.now() - started).toBeLessThan(1_000);
    const second = await fakeScorer(answerFor, port);
    servers.push(second.server);
    await eventually(
      async () =>
        await stream.ask(q({ productId: 'back' }), 500).then(
          () => true,
          () => false,
        ),
      10_000,
    );
  });

  it('traces each question as a client span whose context reaches the peer', async () => {
    const scorer = await fakeScorer(answerFor);
    servers.push(scorer.server);
    const { client, stream } = streamTo(scorer.port);
    clients.push({ client, stream });
    await eventually(() => stream.isOpen);
    const parent = trace.getTracer('test').startSpan('GET /v1/recommendations');
    await context.with(trace.setSpan(context.active(), parent), () => stream.ask(q({ productId: 'traced' }), 2_000));
    parent.end();
    const sent = scorer.seen.at(-1)!;
    const clientSpan = exporter.getFinishedSpans().find((s) => s.name === 'shelflife.scorer.v1.ScorerService/StreamRecommendations')!;
    expect(clientSpan.spanContext().traceId).toBe(parent.spanContext().traceId);
    expect(sent.traceparent).toBe(`00-${clientSpan.spanContext().traceId}-${clientSpan.spanContext().spanId}-01`);
    expect(clientSpan.attributes).toMatchObject({ 'rpc.system': 'grpc', 'rpc.method': 'StreamRecommendations' });
  });

  it('asks by the unary call while no stream is open, e.g. a scorer too old to know the stream', async () => {
    const scorer = await fakeScorer(answerFor, 0, { withStream: false });
    servers.push(scorer.server);
    const { client, stream, opens } = streamTo(scorer.port, { unaryWhenClosed: true });
    clients.push({ client, stream });
    await eventually(() => !stream.isOpen); // UNIMPLEMENTED closes the first stream at once
    const answers = await Promise.all(['a', 'b', 'c'].map((productId) => stream.ask(q({ productId }), 2_000)));
    expect(answers.map((a) => a.items[0]!.productId)).toEqual(['for-a', 'for-b', 'for-c']);
    // It does not knock every few milliseconds on a door that is not there.
    await new Promise((r) => setTimeout(r, 300));
    expect(stream.isOpen).toBe(false);
    expect(opens()).toBe(1);
  });

  it('asks again by the unary call what was in flight when the stream ended (a draining scorer)', async () => {
    const scorer = await fakeScorer(() => undefined);
    servers.push(scorer.server);
    const { client, stream } = streamTo(scorer.port, { unaryWhenClosed: true });
    clients.push({ client, stream });
    await eventually(() => stream.isOpen);
    const waiting = ['x', 'y'].map((productId) => stream.ask(q({ productId }), 3_000));
    await eventually(() => scorer.seen.length === 2);
    scorer.lastCall()!.end(); // the scorer drains: its stream ends with the questions unanswered
    expect((await Promise.all(waiting)).map((a) => a.items[0]!.productId)).toEqual(['for-x', 'for-y']);
    expect(stream.inFlight).toBe(0);
  });

  it('does not queue behind a backlog the connection has not taken: refuses at once until it clears', async () => {
    const fake = Object.assign(new EventEmitter(), {
      writableLength: 0,
      written: 0,
      write() {
        this.written += 1;
        return true;
      },
      end() {
        /* nothing to close */
      },
    });
    const unary: string[] = [];
    const stream = new MultiplexedStream<GetRecommendationsRequest, GetRecommendationsResponse>({
      open: () =>
        fake as unknown as grpc.ClientDuplexStream<StreamQuestion<GetRecommendationsRequest>, StreamAnswer<GetRecommendationsResponse>>,
      method: 'shelflife.scorer.v1.ScorerService/StreamRecommendations',
      peer: 'the scorer',
      maxUnsent: 2,
      // Not used for overload: a unary call would queue on the same connection.
      whenClosed: async (request) => {
        unary.push(request.productId ?? '');
        return { items: [], source: RecommendationSource.SOURCE_REALTIME, modelVersion: 'unary' };
      },
    }).start();
    void stream.ask(q({ productId: 'first' }), 50).catch(() => undefined);
    fake.writableLength = 2; // the connection has not taken the last two yet
    await expect(stream.ask(q({ productId: 'second' }), 50)).rejects.toMatchObject({ code: grpc.status.RESOURCE_EXHAUSTED });
    expect(fake.written).toBe(1);
    fake.writableLength = 0;
    void stream.ask(q({ productId: 'third' }), 50).catch(() => undefined);
    expect(fake.written).toBe(2);
    expect(unary).toEqual([]);
    stream.close();
  });

  it('after close, asks nothing new and does not reconnect', async () => {
    const scorer = await fakeScorer(answerFor);
    servers.push(scorer.server);
    const { client, stream } = streamTo(scorer.port);
    clients.push({ client, stream });
    await eventually(() => stream.isOpen);
    stream.close();
    await eventually(() => !stream.isOpen);
    await expect(stream.ask(q({ productId: 'x' }), 100)).rejects.toMatchObject({ code: grpc.status.UNAVAILABLE });
    await new Promise((r) => setTimeout(r, 120));
    expect(stream.isOpen).toBe(false);
  });
});
