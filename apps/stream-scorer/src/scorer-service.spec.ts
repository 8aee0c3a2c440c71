/**
 * The scorer's recommendation questions over a real gRPC server: the stream answers exactly as the
 * unary call does, refuses a bad question without ending the stream, and ends its streams on drain
 * (an open stream would otherwise hold the server's shutdown for its whole grace period).
 */
import * as grpc from '@grpc/grpc-js';
import { loadProtoDefinition, moneyFromDecimal, PROTO_FILES, type GetRecommendationsRequest, type GetRecommendationsResponse__Output, type ScorerProto, type ScorerServiceClient } from '@shelflife/contracts';
import { MAX_LIMIT, RecommendationModel } from '@shelflife/recs';
import { callUnary, MultiplexedStream, startGrpcServer, type RunningGrpcServer } from '@shelflife/service-kit';
import { scorerService, type ScorerService } from './scorer-service';

const definition = loadProtoDefinition(PROTO_FILES.scorer);
const proto = grpc.loadPackageDefinition(definition) as unknown as ScorerProto;

let model: RecommendationModel;
let server: RunningGrpcServer;
let service: ScorerService;
let client: ScorerServiceClient;
let stream: MultiplexedStream<GetRecommendationsRequest, GetRecommendationsResponse__Output>;

beforeEach(async () => {
  model = new RecommendationModel();
  let n = 0;
  for (const session of ['s1', 's2', 's3']) {
    for (const productId of ['phone', 'case', 'charger']) {
      n += 1;
      model.apply({
        eventId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, type: 'add_to_cart', userId: '', sessionId: session, productId,
        price: moneyFromDecimal(9.99, 'USD'), quantity: 1, occurredAt: Date.parse('2026-11-24T10:00:00Z') + n * 1000, source: 'web',
      });
    }
  }
  service = scorerService(model, 10);
  server = await startGrpcServer({
    port: 0, host: '127.0.0.1', packageDefinitions: [definition],
    services: [{ name: 'shelflife.scorer.v1.ScorerService', definition: proto.shelflife.scorer.v1.ScorerService.service, implementation: service.handlers as unknown as grpc.UntypedServiceImplementation }],
  });
  client = new proto.shelflife.scorer.v1.ScorerService(`127.0.0.1:${server.port}`, grpc.credentials.createInsecure());
  stream = new MultiplexedStream<GetRecommendationsRequest, GetRecommendationsResponse__Output>({
    open: () => client.StreamRecommendations(), method: 'shelflife.scorer.v1.ScorerService/StreamRecommendations', peer: 'the scorer', reconnectMinMs: 20,
  }).start();
});

afterEach(async () => {
  stream.close();
  client.close();
  await server.stop(200);
});

describe('scorer StreamRecommendations', () => {
  it('answers a question on the stream exactly as GetRecommendations does', async () => {
    const question = { productId: 'phone', limit: 5 };
    const unary = await callUnary<GetRecommendationsRequest, GetRecommendationsResponse__Output>(client.GetRecommendations.bind(client), question, 2_000);
    const streamed = await stream.ask(question, 2_000);
    expect(streamed).toEqual(unary);
    expect(streamed.items.map((i) => i.productId)).toEqual(expect.arrayContaining(['case', 'charger']));
    expect(streamed.source).toBe('SOURCE_REALTIME');
  });

  it('refuses a bad question with INVALID_ARGUMENT and keeps the stream for the next one', async () => {
    await expect(stream.ask({ productId: 'phone', limit: MAX_LIMIT + 1 }, 2_000)).rejects.toMatchObject({ code: grpc.status.INVALID_ARGUMENT, message: `limit must be at most ${MAX_LIMIT}` });
    await expect(stream.ask({ productId: 'case' }, 2_000)).resolves.toMatchObject({ source: 'SOURCE_REALTIME' });
  });

  it('fails only the question the model throws on: the stream and the process stay', async () => {
    const recommend = model.recommend.bind(model);
    jest.spyOn(model, 'recommend').mockImplementation((query) => {
      if (query.productId === 'cursed') throw new Error('index out of range');
      return recommend(query);
    });
    await expect(stream.ask({ productId: 'cursed' }, 2_000)).rejects.toMatchObject({ code: grpc.status.INTERNAL, message: 'the scorer failed on this question: index out of range' });
    await expect(stream.ask({ productId: 'phone' }, 2_000)).resolves.toMatchObject({ source: 'SOURCE_REALTIME' });
    expect(stream.isOpen).toBe(true);
  });

  it('ends its open streams on drain, so the server stops without waiting out its grace period', async () => {
    await stream.ask({ productId: 'phone' }, 2_000);
    service.endStreams();
    const started = Date.now();
    await server.stop(5_000);
    expect(Date.now() - started).toBeLessThan(2_000);
    await expect(stream.ask({ productId: 'phone' }, 500)).rejects.toMatchObject({ code: grpc.status.UNAVAILABLE });
  });
});
