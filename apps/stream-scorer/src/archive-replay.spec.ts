import { archiveEvents } from '@shelflife/batch';
import type { ShopEvent } from '@shelflife/contracts';
import { RecommendationModel } from '@shelflife/recs';
import { openStore } from '@shelflife/store';
import type { QuarantineVerdict } from '@shelflife/quality';
import { ActiveVerdicts, QuarantineGate } from '@shelflife/quality-gates';
import { replayArchiveSince } from './archive-replay';

const view = (i: number, productId: string, session: string): ShopEvent => ({
  eventId: `e-${i}`,
  type: 'view',
  userId: '',
  sessionId: session,
  productId,
  quantity: 1,
  occurredAt: 1_000_000 + i,
  source: 'web',
});

it('restores what a crash lost after the snapshot, without counting the overlap twice', async () => {
  const store = await openStore({ storeDir: ':memory:' });
  const model = new RecommendationModel();
  const before = [view(1, 'phone', 's1'), view(2, 'case', 's1')];
  for (const e of before) model.apply(e);
  const snapshotAt = 10_000;
  await archiveEvents(store, before, snapshotAt - 5_000); // archived before the snapshot, already in the model
  const after = [view(3, 'phone', 's2'), view(4, 'charger', 's2'), view(5, 'phone', 's3'), view(6, 'charger', 's3')];
  await archiveEvents(store, after, snapshotAt + 5_000); // acked after the snapshot: lost by a crash
  const restored = RecommendationModel.fromSnapshot(model.toSnapshot());
  const applied = await replayArchiveSince(store, restored, snapshotAt);
  expect(applied).toBe(4);
  expect(restored.stats().eventsApplied).toBe(6);
  expect(restored.recommend({ productId: 'phone', limit: 3 }).items.map((i) => i.productId)).toContain('charger');
  await store.close();
});

it('does not re-learn, while catching up, what the sentinel holds back (its verdicts are in the store)', async () => {
  const store = await openStore({ storeDir: ':memory:' });
  const model = new RecommendationModel();
  const snapshotAt = 10_000;
  const partner = (i: number, productId: string, session: string): ShopEvent => ({ ...view(i, productId, session), source: 'partner' });
  await archiveEvents(
    store,
    [view(3, 'phone', 's2'), view(4, 'case', 's2'), partner(5, 'phone', 's3'), partner(6, 'charger', 's3')],
    snapshotAt + 5_000,
  );
  const verdict: QuarantineVerdict = {
    alertId: 'a-1',
    kind: 'price_unit_shift',
    source: 'partner',
    eventType: '*',
    currency: '*',
    field: 'price',
    sinceEventIndex: 0,
    sinceEventId: 'e-5',
    since: 0,
    reason: 'x0.92',
  };
  await new ActiveVerdicts(store).save([verdict]);
  const gate = new QuarantineGate();
  gate.update(await new ActiveVerdicts(store).load());
  const applied = await replayArchiveSince(store, model, snapshotAt, gate);
  expect(applied).toBe(2);
  expect(model.recommend({ productId: 'phone', limit: 3 }).items.map((i) => i.productId)).not.toContain('charger');
  await store.close();
});
