import * as grpc from '@grpc/grpc-js';
import pino from 'pino';
import { CollectorServiceService } from '@shelflife/contracts';
import { InProcessBus } from '@shelflife/bus';
import { commonSettings, loadConfig } from '@shelflife/config';
import { composeService, type ServiceStore } from './service-composition';

/** A store that records what is done to it, and can be made to fail its ping. */
class RecordingStore implements ServiceStore {
  readonly kind = 'embedded';
  up = true;
  constructor(private readonly log: string[]) {}
  async ping(): Promise<void> {
    if (!this.up) throw new Error('store unreachable');
  }
  async close(): Promise<void> {
    this.log.push('store closed');
  }
}

const config = { ...loadConfig(commonSettings, { LOG_LEVEL: 'silent' }), adminPort: 0 };

async function readyz(
  port: number | undefined,
): Promise<{ status: number; body: { checks: Record<string, { ok: boolean; error?: string }> } }> {
  const response = await fetch(`http://127.0.0.1:${port}/readyz`);
  return { status: response.status, body: (await response.json()) as { checks: Record<string, { ok: boolean; error?: string }> } };
}

it('opens its own bus and store, asks both for readiness, and closes them after its drain, in reverse order', async () => {
  const log: string[] = [];
  const store = new RecordingStore(log);
  const service = await composeService({
    name: 'composition-spec',
    config,
    openStore: async () => store,
    bus: { brokerNeededFor: 'nothing is learned' },
  });
  expect(service.bus.kind).toBe('in-process');
  expect(service.bus.isConnected()).toBe(true);
  let asked = 0;
  service.readiness.add('own check', () => {
    asked += 1;
  });
  const server = await service.serveGrpc(0, [
    { name: 'shelflife.collector.v1.CollectorService', definition: CollectorServiceService, implementation: {} },
  ]);
  await expect(service.serveGrpc(0, [])).rejects.toThrow('already serves gRPC');
  const handle = await service.ready({
    drain: () => void log.push(`drain (bus connected: ${service.bus.isConnected()})`),
    afterDrain: () => void log.push('after drain'),
  });
  expect(await readyz(handle.adminPort)).toMatchObject({
    status: 200,
    body: { checks: { broker: { ok: true }, store: { ok: true }, 'own check': { ok: true } } },
  });
  store.up = false;
  expect(await readyz(handle.adminPort)).toMatchObject({
    status: 503,
    body: { checks: { store: { ok: false, error: 'store unreachable' } } },
  });

  const client = new grpc.Client(`127.0.0.1:${server.port}`, grpc.credentials.createInsecure());
  await new Promise<void>((resolve, reject) => client.waitForReady(Date.now() + 2_000, (error) => (error ? reject(error) : resolve())));
  client.close();
  await handle.stop();
  expect(asked).toBe(2);
  expect(log).toEqual(['drain (bus connected: true)', 'after drain', 'store closed']);
  expect(service.bus.isConnected()).toBe(false);
  await expect(fetch(`http://127.0.0.1:${handle.adminPort}/healthz`)).rejects.toThrow();
});

it('borrows what it is handed (the all-in-one demo, tests): never starts or closes it, and opens no admin server when asked not to', async () => {
  const log: string[] = [];
  const bus = new InProcessBus({ logger: pino({ level: 'silent' }) });
  await bus.start();
  const store = new RecordingStore(log);
  const opened: string[] = [];
  const service = await composeService({
    name: 'composition-spec',
    config,
    deps: { bus, store, withAdmin: false },
    openStore: async () => {
      opened.push('own store');
      return new RecordingStore(log);
    },
  });
  expect(service.bus).toBe(bus);
  expect(service.store).toBe(store);
  const handle = await service.ready();
  expect(handle.adminPort).toBeUndefined();
  expect((await service.readiness.report()).checks).toEqual({ broker: { ok: true }, store: { ok: true } });
  await handle.stop();
  expect(opened).toEqual([]);
  expect(log).toEqual([]);
  expect(bus.isConnected()).toBe(true);
  await bus.close();
});

it('has no bus when told so (the gateway), and names what a missing broker stops', async () => {
  const gateway = await composeService({ name: 'composition-spec', config, deps: { withAdmin: false }, bus: false });
  expect(gateway.bus).toBeUndefined();
  expect((await gateway.readiness.report()).checks).toEqual({});
  await (await gateway.ready()).stop();

  const bus = new InProcessBus({ logger: pino({ level: 'silent' }) });
  const service = await composeService({
    name: 'composition-spec',
    config,
    deps: { bus, withAdmin: false },
    bus: { brokerNeededFor: 'the model is not being updated' },
  });
  await bus.close();
  expect((await service.readiness.report()).checks.broker).toEqual({
    ok: false,
    error: 'message broker not connected: the model is not being updated',
  });
});
