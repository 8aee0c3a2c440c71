/**
 * The quarantine over the sentinel's gRPC API: the service that owns the held events lists, replays (on
 * its own bus, through the contract's rules) and discards them, and refuses what it cannot do with a
 * status and a message that say what to do.
 */
import * as grpc from '@grpc/grpc-js';
import pino from 'pino';
import {
  SentinelServiceClient,
  SentinelServiceService,
  fileDescriptorProtos,
  moneyFromDecimal,
  timestampToMs,
  type ShopEvent,
} from '@shelflife/contracts';
import { InProcessBus, decodeEnvelopes } from '@shelflife/bus';
import { callUnary, startGrpcServer, type RunningGrpcServer } from '@shelflife/service-kit';
import { QUARANTINED_EVENTS, type QuarantinedEvent } from '@shelflife/quality-gates';
import { openStore, type Store } from '@shelflife/store';
import { start, type SentinelHandle } from './app';
import { loadSentinelConfig } from './config';
import { quarantineHandlers } from './quarantine-service';

const NOW = Date.now();
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

function held(n: number, alertIds: string[], productId = `p-${n}`): QuarantinedEvent {
  const event: ShopEvent = {
    eventId: id(n),
    type: 'purchase',
    userId: '',
    sessionId: 's-1',
    productId,
    price: moneyFromDecimal('12.5', 'EUR'),
    quantity: 1,
    occurredAt: NOW - 60_000 + n,
    source: 'web',
  };
  return { _id: id(n), event, ingestedAt: NOW - 50_000 + n, alertIds, keptAt: NOW - 50_000 + n };
}

describe("the sentinel's quarantine API", () => {
  let bus: InProcessBus;
  let store: Store;
  let sentinel: SentinelHandle;
  let client: SentinelServiceClient;

  beforeAll(async () => {
    bus = new InProcessBus({ logger: pino({ level: 'silent' }) });
    store = await openStore({ storeDir: ':memory:' });
    // a1: two events, one of which the contract's rules refuse today (a control character in productId); a2: one event.
    await store
      .collection<QuarantinedEvent>(QUARANTINED_EVENTS)
      .insertMany([held(1, ['a1']), held(2, ['a1'], 'p-2\nforged log line'), held(3, ['a2'])]);
    sentinel = await start(loadSentinelConfig({ LOG_LEVEL: 'silent', SHELFLIFE_GRPC_PORT: '0', STORE_DIR: ':memory:' }), {
      bus,
      store,
      withAdmin: false,
    });
    client = new SentinelServiceClient(`127.0.0.1:${sentinel.grpcPort}`, grpc.credentials.createInsecure());
  });

  afterAll(async () => {
    client.close();
    await sentinel.stop();
    await bus.close();
    await store.close();
  });

  it('lists the held events per alert, with a few of each as contract events', async () => {
    const { groups } = await callUnary(client.listQuarantine.bind(client), { alertId: '', samplesPerAlert: 1 }, 2_000);
    expect(
      groups.map((g) => [g.alertId, g.events, timestampToMs(g.firstIngestedAt), timestampToMs(g.lastIngestedAt), g.samples.length]),
    ).toEqual([
      ['a1', '2', NOW - 49_999, NOW - 49_998, 1],
      ['a2', '1', NOW - 49_997, NOW - 49_997, 1],
    ]);
    expect(groups[0]!.samples[0]).toMatchObject({
      event: { eventId: id(1), productId: 'p-1', price: { currencyCode: 'EUR', units: '12', nanos: 500_000_000 } },
      alertIds: ['a1'],
    });
    const one = await callUnary(client.listQuarantine.bind(client), { alertId: 'a2', samplesPerAlert: 0 }, 2_000);
    expect(one.groups).toEqual([expect.objectContaining({ alertId: 'a2', events: '1', samples: [] })]);
  });

  it("replays an alert's events on its bus through the contract's rules: what they refuse now stays held", async () => {
    const answer = await callUnary(client.replayQuarantine.bind(client), { alertId: 'a1' }, 5_000);
    expect(answer).toEqual({
      alertId: 'a1',
      events: '2',
      removedFromQuarantine: '1',
      refused: '1',
      refusedExamples: [{ eventId: id(2), reason: expect.stringMatching(/^productId must not contain control characters/) }],
    });
    const published = bus.peek(bus.topology.queues.archiveEvents).flatMap((m) => {
      const decoded = decodeEnvelopes({ ...m, attempt: 1 });
      return decoded.ok ? decoded.envelopes.map((e) => e.event.eventId) : [decoded.reason];
    });
    expect(published).toEqual([id(1)]);
    const { groups } = await callUnary(client.listQuarantine.bind(client), { alertId: 'a1', samplesPerAlert: 5 }, 2_000);
    expect(groups.map((g) => g.samples.map((s) => s.event?.eventId))).toEqual([[id(2)]]);
  });

  it("discards an alert's events for good", async () => {
    expect(await callUnary(client.discardQuarantine.bind(client), { alertId: 'a2' }, 2_000)).toEqual({
      alertId: 'a2',
      events: '1',
      removedFromQuarantine: '1',
    });
    const { groups } = await callUnary(client.listQuarantine.bind(client), { alertId: '', samplesPerAlert: 0 }, 2_000);
    expect(groups.map((g) => g.alertId)).toEqual(['a1']);
  });

  it('refuses a replay or discard without an alert id with INVALID_ARGUMENT', async () => {
    await expect(callUnary(client.replayQuarantine.bind(client), { alertId: '' }, 2_000)).rejects.toMatchObject({
      code: grpc.status.INVALID_ARGUMENT,
      details: 'replay needs an alert id (list the quarantine first)',
    });
    await expect(callUnary(client.discardQuarantine.bind(client), { alertId: '' }, 2_000)).rejects.toMatchObject({
      code: grpc.status.INVALID_ARGUMENT,
      details: 'discard needs an alert id (list the quarantine first)',
    });
  });

  it('refuses a replay with FAILED_PRECONDITION when it has no bus to publish on', async () => {
    const name = 'shelflife.sentinel.v1.SentinelService';
    const server: RunningGrpcServer = await startGrpcServer({
      port: 0,
      services: [
        {
          name,
          definition: SentinelServiceService,
          implementation: quarantineHandlers({
            store,
            busPrefix: 'shelflife',
            maxFutureSkewMs: 300_000,
            logger: pino({ level: 'silent' }),
          }),
          fileDescriptorProtos: fileDescriptorProtos(name),
        },
      ],
    });
    const busless = new SentinelServiceClient(`127.0.0.1:${server.port}`, grpc.credentials.createInsecure());
    try {
      await expect(callUnary(busless.replayQuarantine.bind(busless), { alertId: 'a1' }, 2_000)).rejects.toMatchObject({
        code: grpc.status.FAILED_PRECONDITION,
        details: expect.stringMatching(/configure AMQP_URL/),
      });
    } finally {
      busless.close();
      await server.stop(1_000);
    }
  });
});
