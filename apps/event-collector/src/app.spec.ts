/** The collector's gRPC surface: the three collect calls, the standard health protocol, and errors a client can act on. */
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { fromBinary } from '@bufbuild/protobuf';
import { FileDescriptorProtoSchema } from '@bufbuild/protobuf/wkt';
import pino from 'pino';
import { service as healthService } from 'grpc-health-check';
import { CollectorServiceClient, Outcome, eventToProto, type CollectStreamResponse, type ShopEvent } from '@shelflife/contracts';
import { InProcessBus, headers as H } from '@shelflife/bus';
import { callUnary } from '@shelflife/service-kit';
import { start, type CollectorHandle } from './app';
import { loadCollectorConfig } from './config';

/** A valid event per letter: the same letter is the same eventId. */
const event = (id: string): ShopEvent => ({
  eventId: `00000000-0000-4000-8000-00000000000${id}`,
  type: 'view',
  userId: '',
  sessionId: 's',
  productId: 'p',
  quantity: 1,
  occurredAt: Date.now(),
  source: 'web',
});

describe('event-collector over gRPC', () => {
  let bus: InProcessBus;
  let collector: CollectorHandle;
  let client: CollectorServiceClient;
  let health: grpc.Client;

  beforeAll(async () => {
    bus = new InProcessBus({ logger: pino({ level: 'silent' }) });
    collector = await start(loadCollectorConfig({ LOG_LEVEL: 'silent', SHELFLIFE_GRPC_PORT: '0' }), { bus, withAdmin: false });
    client = new CollectorServiceClient(`127.0.0.1:${collector.grpcPort}`, grpc.credentials.createInsecure());
    health = new grpc.Client(`127.0.0.1:${collector.grpcPort}`, grpc.credentials.createInsecure());
  });

  afterAll(async () => {
    client.close();
    health.close();
    await collector.stop();
    await bus.close();
  });

  it('Collect, CollectBatch and CollectStream each answer after the publish', async () => {
    const one = await callUnary(client.collect.bind(client), { event: eventToProto(event('a')) }, 2_000);
    expect(one.outcome).toBe(Outcome.OUTCOME_ACCEPTED);
    const batch = await callUnary(
      client.collectBatch.bind(client),
      { events: [event('b'), event('a')].map(eventToProto), traceparents: [] },
      2_000,
    );
    expect(batch.results.map((r) => r.outcome)).toEqual([Outcome.OUTCOME_ACCEPTED, Outcome.OUTCOME_DUPLICATE]);
    const summary = await new Promise<CollectStreamResponse>((resolve, reject) => {
      const stream = client.collectStream((error, response) => (error ? reject(error) : resolve(response)));
      stream.write({ events: [event('c'), event('d')].map(eventToProto), traceparents: [] });
      stream.write({ events: [{ ...eventToProto(event('e')), productId: '' }], traceparents: [] });
      stream.end();
    });
    expect(summary).toEqual({ accepted: 2, duplicates: 0, rejected: 1 });
    // A rejection carries what the gateway would answer over HTTP: the code and each field's problem.
    const refused = await callUnary(
      client.collectBatch.bind(client),
      {
        events: [{ ...eventToProto(event('f')), quantity: 2_000_000_000, price: { currencyCode: 'XXZ', units: '1', nanos: 0 } }],
        traceparents: [],
      },
      2_000,
    );
    expect(refused.results[0]).toMatchObject({ outcome: Outcome.OUTCOME_REJECTED, code: 'INVALID_EVENT' });
    expect(refused.results[0]!.problems.map((p) => p.field).sort()).toEqual(['price.currency', 'quantity']);
    // Four events in three messages: c and d came in one request, so they travel as one bundle.
    expect(bus.peek(bus.topology.streams.scorerEvents).map((m) => m.headers[H.eventCount])).toEqual([1, 1, 2]);
  });

  it('answers INVALID_ARGUMENT with a message a person can act on', async () => {
    const error = (await callUnary(client.collect.bind(client), {}, 2_000).catch((e: grpc.ServiceError) => e)) as grpc.ServiceError;
    expect(error.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(error.details).toBe('request.event is required');
  });

  it('serves the standard health protocol, following the broker', async () => {
    // grpc.health.v1.Health/Check with grpc-health-check's own codecs (what a Kubernetes grpc probe asks).
    const { path, requestSerialize, responseDeserialize } = healthService.Check!;
    const check = (service: string) =>
      new Promise<string>((resolve, reject) => {
        health.makeUnaryRequest(path, requestSerialize, responseDeserialize, { service }, (error, response?: { status?: unknown }) =>
          error ? reject(error) : resolve(String(response?.status)),
        );
      });
    expect(await check('')).toBe('SERVING');
    expect(await check('shelflife.collector.v1.CollectorService')).toBe('SERVING');
    await bus.close();
    await new Promise((r) => setTimeout(r, 1_200));
    expect(await check('')).toBe('NOT_SERVING');
    await bus.start();
  });

  it('serves reflection from the generated descriptors (grpcurl needs no .proto file)', async () => {
    // A reflection client, made from the reflection library's own .proto (a test may read one).
    const reflectionProto = path.join(
      path.dirname(require.resolve('@grpc/reflection/package.json')),
      'build/proto/grpc/reflection/v1/reflection.proto',
    );
    const definition = protoLoader.loadSync(reflectionProto, { keepCase: true, oneofs: true });
    const method = (definition['grpc.reflection.v1.ServerReflection'] as protoLoader.ServiceDefinition).ServerReflectionInfo!;
    const ask = (request: object) =>
      new Promise<Record<string, { service?: { name: string }[]; file_descriptor_proto?: Buffer[] }>>((resolve, reject) => {
        // The same plain client as the health checks: reflection is one more service on the port.
        const call = health.makeBidiStreamRequest(method.path, method.requestSerialize, method.responseDeserialize);
        call.on('data', (answer: Record<string, { service?: { name: string }[]; file_descriptor_proto?: Buffer[] }>) => {
          resolve(answer);
          call.end();
        });
        call.on('error', reject);
        call.write(request);
      });
    const listed = await ask({ list_services: '' });
    expect(listed.list_services_response!.service!.map((s) => s.name)).toEqual(
      expect.arrayContaining(['shelflife.collector.v1.CollectorService']),
    );
    const files = await ask({ file_containing_symbol: 'shelflife.collector.v1.CollectorService' });
    const names = files.file_descriptor_response!.file_descriptor_proto!.map((bytes) => fromBinary(FileDescriptorProtoSchema, bytes).name);
    expect(names).toEqual(
      expect.arrayContaining([
        'shelflife/collector/v1/collector.proto',
        'shelflife/events/v1/event.proto',
        'google/protobuf/timestamp.proto',
      ]),
    );
  });
});
