/** The collector's gRPC surface: the three collect calls, the standard health protocol, and errors a client can act on. */
import * as grpc from '@grpc/grpc-js';
import pino from 'pino';
import { service as healthService } from 'grpc-health-check';
import { eventToProto, loadProtoDefinition, PROTO_FILES, type CollectorProto, type CollectorServiceClient, type ShopEvent } from '@shelflife/contracts';
import { InProcessBus, headers as H } from '@shelflife/bus';
import { callUnary } from '@shelflife/service-kit';
import { start, type CollectorHandle } from './app';
import { loadCollectorConfig } from './config';

/** A valid event per letter: the same letter is the same eventId. */
const event = (id: string): ShopEvent => ({ eventId: `00000000-0000-4000-8000-00000000000${id}`, type: 'view', userId: '', sessionId: 's', productId: 'p', quantity: 1, occurredAt: Date.now(), source: 'web' });

describe('event-collector over gRPC', () => {
  let bus: InProcessBus;
  let collector: CollectorHandle;
  let client: CollectorServiceClient;
  let health: grpc.Client & { Check: grpc.handleUnaryCall<unknown, unknown> };

  beforeAll(async () => {
    bus = new InProcessBus({ logger: pino({ level: 'silent' }) });
    collector = await start(loadCollectorConfig({ LOG_LEVEL: 'silent', SHELFLIFE_GRPC_PORT: '0' }), { bus, withAdmin: false });
    const proto = grpc.loadPackageDefinition(loadProtoDefinition(PROTO_FILES.collector)) as unknown as CollectorProto;
    client = new proto.shelflife.collector.v1.CollectorService(`127.0.0.1:${collector.grpcPort}`, grpc.credentials.createInsecure());
    const Health = grpc.makeGenericClientConstructor(healthService as unknown as grpc.ServiceDefinition, 'Health');
    health = new Health(`127.0.0.1:${collector.grpcPort}`, grpc.credentials.createInsecure()) as never;
  });

  afterAll(async () => {
    client.close();
    health.close();
    await collector.stop();
    await bus.close();
  });

  it('Collect, CollectBatch and CollectStream each answer after the publish', async () => {
    const one = (await callUnary(client.Collect.bind(client), { event: eventToProto(event('a')) }, 2_000)) as { outcome: string };
    expect(one.outcome).toBe('OUTCOME_ACCEPTED');
    const batch = (await callUnary(client.CollectBatch.bind(client), { events: [event('b'), event('a')].map(eventToProto) }, 2_000)) as { results: { outcome: string }[] };
    expect(batch.results.map((r) => r.outcome)).toEqual(['OUTCOME_ACCEPTED', 'OUTCOME_DUPLICATE']);
    const summary = await new Promise<{ accepted: number; duplicates: number; rejected: number }>((resolve, reject) => {
      const stream = client.CollectStream((error, response) => (error ? reject(error) : resolve(response as never)));
      stream.write({ events: [event('c'), event('d')].map(eventToProto) });
      stream.write({ events: [{ ...eventToProto(event('e')), productId: '' }] });
      stream.end();
    });
    expect(summary).toEqual({ accepted: 2, duplicates: 0, rejected: 1 });
    // A rejection carries what the gateway would answer over HTTP: the code and each field's problem.
    const refused = (await callUnary(client.CollectBatch.bind(client), { events: [{ ...eventToProto(event('f')), quantity: 2_000_000_000, price: { currencyCode: 'XXZ', units: '1', nanos: 0 } }] }, 2_000)) as { results: { outcome: string; code: string; problems: { field: string }[] }[] };
    expect(refused.results[0]).toMatchObject({ outcome: 'OUTCOME_REJECTED', code: 'INVALID_EVENT' });
    expect(refused.results[0]!.problems.map((p) => p.field).sort()).toEqual(['price.currency', 'quantity']);
    // Four events in three messages: c and d came in one request, so they travel as one bundle.
    expect(bus.peek(bus.topology.streams.scorerEvents).map((m) => m.headers[H.eventCount])).toEqual([1, 1, 2]);
  });

  it('answers INVALID_ARGUMENT with a message a person can act on', async () => {
    const error = await callUnary(client.Collect.bind(client), {}, 2_000).catch((e: grpc.ServiceError) => e) as grpc.ServiceError;
    expect(error.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(error.details).toBe('request.event is required');
  });

  it('serves the standard health protocol, following the broker', async () => {
    const check = (service: string) => new Promise<string>((resolve, reject) => {
      (health as unknown as { Check: (r: object, cb: (e: Error | null, r?: { status: string }) => void) => void }).Check({ service }, (error, response) => (error ? reject(error) : resolve(String(response!.status))));
    });
    expect(await check('')).toBe('SERVING');
    expect(await check('shelflife.collector.v1.CollectorService')).toBe('SERVING');
    await bus.close();
    await new Promise((r) => setTimeout(r, 1_200));
    expect(await check('')).toBe('NOT_SERVING');
    await bus.start();
  });
});
