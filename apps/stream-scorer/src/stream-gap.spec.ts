/**
 * A scorer whose snapshot is older than what the stream still keeps: the events in between are gone from
 * the stream. It must say so (a metric a rule pages on, an error that names the cause), not resume
 * silently; it still learns everything the stream kept.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import pino from 'pino';
import { SCHEMA_VERSION, type ShopEvent } from '@shelflife/contracts';
import { InProcessBus, encodeEnvelope } from '@shelflife/bus';
import { RecommendationModel } from '@shelflife/recs';
import { metrics } from '@shelflife/telemetry';
import { start } from './app';
import { loadScorerConfig } from './config';
import { ModelSnapshots } from './model-snapshots';

const view = (i: number): ShopEvent => ({
  eventId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  type: 'view',
  userId: '',
  sessionId: `s-${i % 5}`,
  productId: `p-${i % 7}`,
  quantity: 1,
  occurredAt: Date.now() - 60_000,
  source: 'web',
});

it('reports the messages the stream dropped past its retention and learns what it kept', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scorer-gap-'));
  // The stream keeps 10 messages; 30 were published since a snapshot that covered offset 5.
  const bus = new InProcessBus({ logger: pino({ level: 'silent' }), streamMaxMessages: 10 });
  await new ModelSnapshots(dir).save(new RecommendationModel(), () => 5);
  for (let i = 0; i < 30; i += 1) {
    const event = view(i);
    await bus.publish(
      encodeEnvelope(bus.topology.exchanges.events, {
        schemaVersion: SCHEMA_VERSION,
        eventId: event.eventId,
        ingestedAt: Date.now(),
        event,
      }),
    );
  }
  const gapBefore = (await metrics().streamGap.get()).values.reduce((sum, v) => sum + v.value, 0);
  const scorer = await start(
    loadScorerConfig({ LOG_LEVEL: 'silent', STORE_DIR: dir, SHELFLIFE_GRPC_PORT: '0', SHELFLIFE_SNAPSHOT_INTERVAL_MS: '0' }),
    { bus, withAdmin: false },
  );
  try {
    const until = Date.now() + 5_000;
    while (scorer.model.stats().eventsApplied < 10 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    expect(scorer.model.stats().eventsApplied).toBe(10);
    // Offsets 6..19 were asked for and are gone: 14 messages.
    const gap = (await metrics().streamGap.get()).values.reduce((sum, v) => sum + v.value, 0) - gapBefore;
    expect(gap).toBe(14);
    await scorer.stop();
    // The snapshot written at stop covers the whole stream now.
    expect(new ModelSnapshots(dir).load()?.streamOffset).toBe(29);
  } finally {
    await scorer.stop().catch(() => undefined);
    await bus.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
