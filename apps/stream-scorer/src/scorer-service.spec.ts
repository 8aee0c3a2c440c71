/**
 * The scorer's recommendation questions over a real gRPC server: the stream answers exactly as the
 * unary call does, refuses a bad question without ending the stream, and ends its streams on drain
 * (an open stream would otherwise hold the server's shutdown for its whole grace period).
 */
import * as grpc from '@grpc/grpc-js';
import {
  GetRecommendationsRequest,
  RecommendationSource,
  ScorerServiceClient,
  ScorerServiceService,
  fileDescriptorProtos,
  moneyFromDecimal,
  type GetRecommendationsResponse,
} from '@shelflife/contracts';
import { MAX_LIMIT, RecommendationModel } from '@shelflife/recs';
import { callUnary, MultiplexedStream, startGrpcServer, type RunningGrpcServer } from '@shelflife/service-kit';
import { scorerService, type ScorerService } from './scorer-service';

/** A question with the fields a test cares about (the rest at their defaults, as the wire has them). */
const q = (fields: Partial<GetRecommendationsRequest>): GetRecommendationsRequest => GetRecommendationsRequest.create(fields);
const SCORER = 'shelflife.scorer.v1.ScorerService';

let model: RecommendationModel;
let server: RunningGrpcServer;
let service: ScorerService;
let client: ScorerServiceClient;
let stream: MultiplexedStream<GetRecommendationsRequest, GetRecommendationsResponse>;

beforeEach(async () => {
  model = new RecommendationModel();
  let n = 0;
  for (const session of ['s1', 's2', 's3']) {
    for (const productId of ['phone', 'case', 'charger']) {
      n += 1;
      model.apply({
        eventId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
        type: 'add_to_cart',
        userId: '',
        sessionId: session,
        productId,
        price: moneyFromDecimal(9.99, 'USD'),
        quantity: 1,
        occurredAt: Date.parse('2026-11-24T10:00:00Z') + n * 1000,
        source: 'web',
      });
    }
  }
  service = scorerService(model, 10);
  server = await startGrpcServer({
    port: 0,
    host: '127.0.0.1',
    services: [
      {
        name: SCORER,
        definition: ScorerServiceService,
        implementation: service.handlers,
        fileDescriptorProtos: fileDescriptorProtos(SCORER),
      },
    ],
  });
  client = new ScorerServiceClient(`127.0.0.1:${server.port}`, grpc.credentials.createInsecure());
  stream = new MultiplexedStream<GetRecommendationsRequest, GetRecommendationsResponse>({
    open: () => client.streamRecommendations(),
    method: 'shelflife.scorer.v1.ScorerService/StreamRecommendations',
    peer: 'the scorer',
    reconnectMinMs: 20,
  }).start();
});

afterEach(async () => {
  stream.close();
  client.close();
  await server.stop(200);
});

describe('scorer StreamRecommendations', () => {
  it('answers a question on the stream exactly as GetRecommendations does', async () => {
    const question = q({ productId: 'phone', limit: 5 });
    const unary = await callUnary(client.getRecommendations.bind(client), question, 2_000);
    const streamed = await stream.ask(question, 2_000);
    expect(streamed).toEqual(unary);
    expect(streamed.items.map((i) => i.productId)).toEqual(expect.arrayContaining(['case', 'charger']));
    expect(streamed.source).toBe(RecommendationSource.SOURCE_REALTIME);
  });

  it('refuses a bad question with INVALID_ARGUMENT and keeps the stream for the next one', async () => {
    await expect(stream.ask(q({ productId: 'phone', limit: MAX_LIMIT + 1 }), 2_000)).rejects.toMatchObject({
      code: grpc.status.INVALID_ARGUMENT,
      message: `limit must be at most ${MAX_LIMIT}`,
    });
    await expect(stream.ask(q({ productId: 'case' }), 2_000)).resolves.toMatchObject({ source: RecommendationSource.SOURCE_REALTIME });
  });

  it('fails only the question the model throws on: the stream and the process stay', async () => {
    const recommend = model.recommend.bind(model);
    jest.spyOn(model, 'recommend').mockImplementation((query) => {
      if (query.productId === 'cursed') throw new Error('index out of range');
      return recommend(query);
    });
    await expect(stream.ask(q({ productId: 'cursed' }), 2_000)).rejects.toMatchObject({
      code: grpc.status.INTERNAL,
      message: 'the scorer failed on this question: index out of range',
    });
    await expect(stream.ask(q({ productId: 'phone' }), 2_000)).resolves.toMatchObject({ source: RecommendationSource.SOURCE_REALTIME });
    expect(stream.isOpen).toBe(true);
  });

  it('ends its open streams on drain, so the server stops without waiting out its grace period', async () => {
    await stream.ask(q({ productId: 'phone' }), 2_000);
    service.endStreams();
    const started = Date.now();
    await server.stop(5_000);
    expect(Date.now() - started).toBeLessThan(2_000);
    await expect(stream.ask(q({ productId: 'phone' }), 500)).rejects.toMatchObject({ code: grpc.status.UNAVAILABLE });
  });
});
