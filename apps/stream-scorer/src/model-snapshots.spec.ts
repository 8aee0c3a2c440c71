import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RecommendationModel } from '@shelflife/recs';
import type { ShopEvent } from '@shelflife/contracts';
import { ModelSnapshots } from './model-snapshots';

const at = Date.parse('2026-11-01T10:00:00Z');
const view = (i: number, productId: string, sessionId: string, userId = ''): ShopEvent => ({
  eventId: `e-${i}`,
  type: 'view',
  userId,
  sessionId,
  productId,
  quantity: 1,
  occurredAt: at + i * 1000,
  source: 'web',
});

function learnedModel(): RecommendationModel {
  const model = new RecommendationModel();
  let i = 0;
  for (let s = 0; s < 300; s++)
    for (const p of ['phone', `case-${s % 7}`, `charger-${s % 3}`]) model.apply(view(i++, p, `s-${s}`, s % 2 ? `u-${s % 40}` : ''));
  return model;
}

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shelflife-snap-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

it('writes the model as it was when the save began, while the model keeps learning', async () => {
  const model = learnedModel();
  const expected = JSON.parse(JSON.stringify(model.toSnapshot()));
  const snapshots = new ModelSnapshots(dir);
  let offset = 899;
  const saving = snapshots.save(model, () => offset);
  // Events keep arriving during the write: they belong to the next snapshot, not this one, and so does their offset.
  for (let i = 0; i < 50; i++) {
    model.apply(view(10_000 + i, 'phone', `late-${i}`));
    offset += 1;
  }
  await saving;
  const saved = snapshots.load()!;
  expect(saved.model).toEqual(expected);
  expect(saved.streamOffset).toBe(899);
  const restored = RecommendationModel.fromSnapshot(saved.model);
  expect(restored.stats().eventsApplied).toBe(900);
  expect(restored.recommend({ productId: 'phone', limit: 3 }).items.map((item) => item.productId)).toEqual(
    RecommendationModel.fromSnapshot(expected)
      .recommend({ productId: 'phone', limit: 3 })
      .items.map((item) => item.productId),
  );
});

it('runs one save at a time and the last one wins', async () => {
  const model = learnedModel();
  const snapshots = new ModelSnapshots(dir);
  const first = snapshots.save(model);
  model.apply(view(20_000, 'phone', 'newest'));
  const second = snapshots.save(model);
  await Promise.all([first, second]);
  expect(snapshots.load()!.model.eventsApplied).toBe(901);
  expect(fs.readdirSync(path.join(dir, 'scorer'))).toEqual(['model-snapshot.json']);
});
