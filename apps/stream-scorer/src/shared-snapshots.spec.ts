/**
 * A new replica (an empty disk) starts from the newest model any replica copied to the shared store,
 * and reads the stream on from the offset that copy covers: what the stream no longer keeps is not
 * lost, and nothing is applied twice. Two scorers share one store on one bus, as replicas share
 * MongoDB and RabbitMQ.
 */
import pino from 'pino';
import { SCHEMA_VERSION, type ShopEvent } from '@shelflife/contracts';
import { InProcessBus, encodeEnvelope } from '@shelflife/bus';
import { EmbeddedStore, IN_MEMORY, type Store } from '@shelflife/store';
import { metrics } from '@shelflife/telemetry';
import { start, type ScorerHandle } from './app';
import { loadScorerConfig } from './config';
import { ModelSnapshots } from './model-snapshots';

let counter = 0;
const view = (sessionId: string, productId: string): ShopEvent => {
  counter += 1;
  return {
    eventId: `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`,
    type: 'view',
    userId: '',
    sessionId,
    productId,
    quantity: 1,
    occurredAt: Date.now() - 1_000,
    source: 'web',
  };
};

async function publish(bus: InProcessBus, events: ShopEvent[]): Promise<void> {
  for (const event of events) {
    await bus.publish(
      encodeEnvelope(bus.topology.exchanges.events, {
        schemaVersion: SCHEMA_VERSION,
        eventId: event.eventId,
        ingestedAt: Date.now(),
        event,
      }),
    );
  }
}

const startScorer = (bus: InProcessBus, store: Store, sharedIntervalMs: number) =>
  start(
    loadScorerConfig({
      LOG_LEVEL: 'silent',
      STORE_DIR: IN_MEMORY,
      SHELFLIFE_GRPC_PORT: '0',
      SHELFLIFE_SNAPSHOT_INTERVAL_MS: '0',
      SHELFLIFE_SHARED_SNAPSHOT_INTERVAL_MS: String(sharedIntervalMs),
    }),
    { bus, store, withAdmin: false },
  );

async function waitFor(check: () => boolean | Promise<boolean>, what: string, ms = 5_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const alsoViewed = (scorer: ScorerHandle, productId: string) =>
  scorer.model.recommend({ productId, limit: 5 }).items.map((item) => item.productId);
const gapTotal = async () => (await metrics().streamGap.get()).values.reduce((sum, v) => sum + v.value, 0);

// Eight early views (offsets 0..7) teach p-early-a ~ p-early-b; ten later ones (8..17) push them out of a stream that keeps ten.
const early = () => [0, 1, 2, 3].flatMap((i) => [view(`early-${i}`, 'p-early-a'), view(`early-${i}`, 'p-early-b')]);
const late = () => [0, 1, 2, 3, 4].flatMap((i) => [view(`late-${i}`, 'p-late-a'), view(`late-${i}`, 'p-late-b')]);

describe('shared snapshots', () => {
  const stores: Store[] = [];
  const buses: InProcessBus[] = [];
  const scorers: ScorerHandle[] = [];
  const setUp = async () => {
    const bus = new InProcessBus({ logger: pino({ level: 'silent' }), streamMaxMessages: 10 });
    const store = await EmbeddedStore.open(IN_MEMORY);
    buses.push(bus);
    stores.push(store);
    return { bus, store };
  };
  afterEach(async () => {
    for (const scorer of scorers.splice(0)) await scorer.stop().catch(() => undefined);
    for (const bus of buses.splice(0)) await bus.close();
    for (const store of stores.splice(0)) await store.close();
  });

  it('start a new replica from the newest shared model and read on from its offset', async () => {
    const { bus, store } = await setUp();
    const first = await startScorer(bus, store, 50);
    scorers.push(first);
    await publish(bus, early());
    const shared = new ModelSnapshots(IN_MEMORY, { store, stream: bus.topology.streams.scorerEvents, lineage: bus.streamLineage });
    await waitFor(async () => (await shared.sharedOffset()) === 7, 'the first replica to copy its model at offset 7');
    await first.stop();
    await publish(bus, late());

    const gapBefore = await gapTotal();
    const replica = await startScorer(bus, store, 0);
    scorers.push(replica);
    await waitFor(() => replica.model.stats().eventsApplied >= 18, 'the new replica to apply the shared model plus the ten later events');
    // Every event exactly once: eight from the shared model, ten from the stream; no gap reported.
    expect(replica.model.stats().eventsApplied).toBe(18);
    expect(await gapTotal()).toBe(gapBefore);
    expect(alsoViewed(replica, 'p-early-a')).toContain('p-early-b');
    expect(alsoViewed(replica, 'p-late-a')).toContain('p-late-b');

    // The control: a replica without the shared store knows only what the stream still keeps.
    const control = await start(
      loadScorerConfig({
        LOG_LEVEL: 'silent',
        STORE_DIR: IN_MEMORY,
        SHELFLIFE_GRPC_PORT: '0',
        SHELFLIFE_SNAPSHOT_INTERVAL_MS: '0',
        SHELFLIFE_SHARED_SNAPSHOT_INTERVAL_MS: '0',
      }),
      { bus, withAdmin: false },
    );
    scorers.push(control);
    await waitFor(() => control.model.stats().eventsApplied >= 10, 'the control replica to read the stream');
    expect(control.model.stats().eventsApplied).toBe(10);
    expect(alsoViewed(control, 'p-early-a')).not.toContain('p-early-b');
  });

  it('a replica behind the shared copy does not overwrite it, and a copy from another bus lineage is not used', async () => {
    const { bus, store } = await setUp();
    const ahead = await startScorer(bus, store, 50);
    scorers.push(ahead);
    await publish(bus, early());
    const shared = new ModelSnapshots(IN_MEMORY, { store, stream: bus.topology.streams.scorerEvents, lineage: bus.streamLineage });
    await waitFor(async () => (await shared.sharedOffset()) === 7, 'the copy at offset 7');
    // A second replica that learned the same events is not further along: it writes nothing.
    const same = await startScorer(bus, store, 0);
    scorers.push(same);
    await waitFor(() => same.model.stats().eventsApplied >= 8, 'the second replica');
    const sameSnapshots = new ModelSnapshots(IN_MEMORY, { store, stream: bus.topology.streams.scorerEvents, lineage: bus.streamLineage });
    expect(await sameSnapshots.share(same.model, () => 7)).toBe('superseded');
    expect(await sameSnapshots.share(same.model, () => 3)).toBe('superseded');

    // A bus whose offsets started again (the in-process bus of another process) ignores the copy.
    const other = new InProcessBus({ logger: pino({ level: 'silent' }), streamMaxMessages: 10 });
    buses.push(other);
    await publish(other, late());
    const fresh = await startScorer(other, store, 0);
    scorers.push(fresh);
    await waitFor(() => fresh.model.stats().eventsApplied >= 10, 'the replica on the other bus');
    expect(fresh.model.stats().eventsApplied).toBe(10);
    expect(alsoViewed(fresh, 'p-early-a')).not.toContain('p-early-b');
  });
});
