import type { ShopEvent } from '@shelflife/contracts';
import { RecommendationModel } from './recommendation-model';
import type { RecsOptions } from './options';
import type { RecsSnapshot } from './snapshot';
import { ids, shopEvent } from './testing/events';

// Issue 13: one valid event dated a year ahead turned every score to 0.0 and put its product on top of the popular
// list; one dated 9999-12-31 froze learning; the snapshot carried the damage across restarts.

const SKEW = 5 * 60_000;
const YEAR = 365 * 24 * 3600_000;
const END_OF_TIME = Date.parse('9999-12-31T23:59:59Z');
const PRODUCTS = ['phone', 'case', 'charger', 'laptop', 'sleeve', 'hub', 'cable'];
/** What the model did before issue 13: the clock is the latest occurredAt, nothing bounds it. */
const BEFORE_ISSUE_13: Partial<RecsOptions> = { maxFutureSkewMs: Infinity, clockWatermarkRank: 1 };

/** A normal stream: 150 sessions of related products, ten seconds apart, one event a second inside a session. */
function normalStream(start: number): ShopEvent[] {
  const baskets = [
    ['phone', 'case', 'charger'],
    ['laptop', 'sleeve', 'hub'],
    ['phone', 'charger', 'cable'],
  ];
  const events: ShopEvent[] = [];
  for (let i = 0; i < 150; i++) {
    baskets[i % 3]!.forEach((productId, k) =>
      events.push(shopEvent(productId, `s${start}-${i}`, { occurredAt: start + i * 10_000 + k * 1000 })),
    );
  }
  return events;
}

/** The events a shopper sends when the storefront's clock is a year ahead, then when it is the end of time. */
function badEvents(receivedAt: number): ShopEvent[] {
  return [
    shopEvent('time-traveller', 'bad-1', { occurredAt: receivedAt + YEAR }),
    shopEvent('cable', 'bad-2', { occurredAt: END_OF_TIME }),
  ];
}

function answers(model: RecommendationModel): Record<string, Record<string, number>> {
  const result: Record<string, Record<string, number>> = {};
  for (const productId of PRODUCTS) {
    result[productId] = Object.fromEntries(
      model.recommend({ productId, limit: 10, fillWithPopular: false }).items.map((item) => [item.productId, item.score]),
    );
  }
  return result;
}

function popularTop(model: RecommendationModel): string {
  const answer = model.recommend({ productId: 'never-seen', limit: 3 });
  expect(answer.source).toBe('fallback');
  return answer.items[0]!.productId;
}

/** Same items for every product, no score zero, each within `relative` of the reference. */
function expectSameAnswers(
  actual: Record<string, Record<string, number>>,
  expected: Record<string, Record<string, number>>,
  relative = 0.05,
): void {
  for (const productId of PRODUCTS) {
    expect({ productId, items: Object.keys(actual[productId]!).sort() }).toEqual({
      productId,
      items: Object.keys(expected[productId]!).sort(),
    });
    for (const [candidate, score] of Object.entries(expected[productId]!)) {
      const got = actual[productId]![candidate]!;
      expect(got).toBeGreaterThan(0.01);
      expect(Math.abs(got - score)).toBeLessThanOrEqual(relative * score);
    }
  }
}

/** After the bad events, the model must still learn: a new pair appears on both sides. */
function expectStillLearns(model: RecommendationModel, from: number, receivedAt?: (event: ShopEvent) => number): void {
  for (let i = 0; i < 3; i++) {
    for (const event of [
      shopEvent('phone', `after-${from}-${i}`, { occurredAt: from + i * 10_000 }),
      shopEvent('screen-guard', `after-${from}-${i}`, { occurredAt: from + i * 10_000 + 1000 }),
    ]) {
      model.apply(event, receivedAt ? receivedAt(event) : undefined);
    }
  }
  const forGuard = model.recommend({ productId: 'screen-guard', limit: 5, fillWithPopular: false });
  expect(forGuard.source).toBe('realtime');
  expect(ids(forGuard.items)[0]).toBe('phone');
  expect(forGuard.items[0]!.score).toBeGreaterThan(0.01);
  const forPhone = model.recommend({ productId: 'phone', limit: 10, fillWithPopular: false });
  expect(forPhone.items.find((item) => item.productId === 'screen-guard')?.score ?? 0).toBeGreaterThan(0.01);
}

describe('future-dated events (issue 13)', () => {
  // As in the scorer: each event with its receiving clock (the envelope's ingestedAt), 50 ms after it happened.
  const T = Date.parse('2026-11-30T12:00:00Z');
  const stream = normalStream(T);
  const lastReceipt = stream[stream.length - 1]!.occurredAt + 50;

  function learned(options: Partial<RecsOptions> = {}): RecommendationModel {
    const model = new RecommendationModel(options);
    for (const event of stream) model.apply(event, event.occurredAt + 50);
    return model;
  }

  it('reproduces the fault with the old clock (the latest occurredAt), so the tests below test something', () => {
    const model = learned(BEFORE_ISSUE_13);
    const [yearAhead] = badEvents(lastReceipt);
    model.apply(yearAhead!, lastReceipt);
    expect(popularTop(model)).toBe('time-traveller');
    expect(Math.max(...Object.values(answers(model).phone!))).toBeLessThan(0.01);
  });

  it('one event a year ahead, then one at 9999-12-31: answers and the popular top are unchanged, learning goes on', () => {
    const model = learned();
    const before = answers(model);
    const topBefore = popularTop(model);
    const clockBefore = model.stats().clock;

    for (const event of badEvents(lastReceipt)) expect(model.apply(event, lastReceipt)).toBe(true);

    expectSameAnswers(answers(model), before);
    expect(popularTop(model)).toBe(topBefore);
    const stats = model.stats();
    expect(stats.eventTimesBounded).toBe(2);
    // The outliers only push the watermark up among real event times (the 8th latest becomes the 7th): never past them.
    expect(stats.clock).toBeGreaterThanOrEqual(clockBefore);
    expect(stats.clock).toBeLessThanOrEqual(stream[stream.length - 1]!.occurredAt);
    expect(model.toSnapshot().lastEventAt).toBeLessThanOrEqual(lastReceipt + SKEW);
    expectStillLearns(model, lastReceipt + 60_000, (event) => event.occurredAt + 50);
  });

  it('a burst of future-dated events moves the clock at most to the receiving clock + maxFutureSkewMs', () => {
    const model = learned();
    for (let i = 0; i < 50; i++) model.apply(shopEvent('time-traveller', `burst-${i}`, { occurredAt: END_OF_TIME - i }), lastReceipt);
    expect(model.stats().clock).toBeLessThanOrEqual(lastReceipt + SKEW);
    expect(model.stats().eventTimesBounded).toBe(50);
    // 50 views weigh like 50 views now, not like views of the year 9999.
    const answer = answers(model).phone!;
    expect(Math.max(...Object.values(answer))).toBeGreaterThan(0.1);
    expectStillLearns(model, lastReceipt + 60_000, (event) => event.occurredAt + 50);
  });

  it('holds in a replay without receiving times too (past data, wall clock): a few outliers do not move the watermark', () => {
    const start = Date.parse('2026-01-05T08:00:00Z');
    const past = normalStream(start);
    const model = new RecommendationModel();
    for (const event of past) model.apply(event);
    const before = answers(model);
    const topBefore = popularTop(model);
    const clockBefore = model.stats().clock;
    const lastAt = past[past.length - 1]!.occurredAt;
    // A year ahead of the stream (the wall clock is closer than that, and bounds it first), then the end of time.
    for (const event of [
      shopEvent('time-traveller', 'bad-1', { occurredAt: lastAt + YEAR }),
      shopEvent('cable', 'bad-2', { occurredAt: END_OF_TIME }),
    ])
      model.apply(event);

    expect(model.stats().clock).toBeGreaterThanOrEqual(clockBefore);
    expect(model.stats().clock).toBeLessThanOrEqual(lastAt);
    expectSameAnswers(answers(model), before);
    expect(popularTop(model)).toBe(topBefore);
    expectStillLearns(model, lastAt + 60_000);
  });

  it('a late event (a week old) is learned at its own time and does not rewind the clock', () => {
    const model = learned();
    const clockBefore = model.stats().clock;
    model.apply(shopEvent('phone', 'offline-1', { occurredAt: T - 8 * 24 * 3600_000 }), lastReceipt);
    expect(model.stats().clock).toBe(clockBefore);
    expect(model.stats().eventTimesBounded).toBe(0);
  });

  describe('snapshots', () => {
    function roundTrip(snapshot: RecsSnapshot): RecsSnapshot {
      return JSON.parse(JSON.stringify(snapshot)) as RecsSnapshot;
    }

    it('a snapshot whose clock is far in the future restores to a sane clock, with the same answers', () => {
      const model = learned();
      const before = answers(model);
      const snapshot = roundTrip(model.toSnapshot());
      snapshot.lastEventAt = END_OF_TIME;

      const restored = RecommendationModel.fromSnapshot(snapshot, {}, lastReceipt);
      const stats = restored.stats();
      expect(stats.clock).toBeLessThanOrEqual(lastReceipt + SKEW);
      expect(stats.clock).toBeGreaterThanOrEqual(stream[stream.length - 1]!.occurredAt);
      expect(stats.clockRepairedFrom).toBe(END_OF_TIME);
      expect(restored.toSnapshot().lastEventAt).toBe(stats.clock);
      expectSameAnswers(answers(restored), before, 0.01);
      expect(popularTop(restored)).toBe(popularTop(model));
      expectStillLearns(restored, lastReceipt + 60_000, (event) => event.occurredAt + 50);
    });

    it('a snapshot written after the old clock jumped to 9999 (landmark moved, tables rescaled to zero) restores and learns again', () => {
      const damaged = learned(BEFORE_ISSUE_13);
      damaged.apply(badEvents(lastReceipt)[1]!, lastReceipt);
      const snapshot = roundTrip(damaged.toSnapshot());
      expect(snapshot.decayLandmark).toBe(END_OF_TIME);

      const restored = RecommendationModel.fromSnapshot(snapshot, {}, lastReceipt);
      expect(restored.stats().clock).toBeLessThanOrEqual(lastReceipt + SKEW);
      expect(restored.toSnapshot().decayLandmark).toBeLessThanOrEqual(lastReceipt + SKEW);
      expect(restored.stats().clockRepairedFrom).toBe(END_OF_TIME);
      // What the old model zeroed is gone, but it learns from what comes next at normal strength.
      for (const event of normalStream(lastReceipt + 60_000)) restored.apply(event, event.occurredAt + 50);
      const phone = answers(restored).phone!;
      expect(Object.keys(phone).sort()).toEqual(['cable', 'case', 'charger']);
      expect(Math.min(...Object.values(phone))).toBeGreaterThan(0.01);
    });

    it('a snapshot whose landmark ran a few years ahead is re-anchored: what it had learned keeps its weight', () => {
      const reference = learned();
      const damaged = learned(BEFORE_ISSUE_13);
      // Three years ahead: past the 64 half-lives that move the landmark and rescale every table.
      damaged.apply(shopEvent('time-traveller', 'bad-1', { occurredAt: lastReceipt + 3 * YEAR }), lastReceipt);
      const snapshot = roundTrip(damaged.toSnapshot());
      expect(snapshot.decayLandmark).toBeGreaterThan(lastReceipt + 2 * YEAR);

      const restored = RecommendationModel.fromSnapshot(snapshot, {}, lastReceipt);
      expect(restored.stats().clock).toBeLessThanOrEqual(lastReceipt + SKEW);
      const got = answers(restored);
      const want = answers(reference);
      for (const productId of PRODUCTS) {
        // The future-dated event's own weight cannot be told apart in its sums: its product is left out of the comparison.
        const gotHere = Object.fromEntries(Object.entries(got[productId]!).filter(([candidate]) => candidate !== 'time-traveller'));
        expect({ productId, items: Object.keys(gotHere).sort() }).toEqual({ productId, items: Object.keys(want[productId]!).sort() });
        for (const [candidate, score] of Object.entries(want[productId]!)) expect(gotHere[candidate]).toBeCloseTo(score, 3);
      }
    });

    it('a sane snapshot is restored as it was', () => {
      const model = learned();
      const restored = RecommendationModel.fromSnapshot(roundTrip(model.toSnapshot()), {}, lastReceipt);
      expect(restored.stats().clock).toBe(model.stats().clock);
      expect(restored.stats().clockRepairedFrom).toBeNull();
      expect(answers(restored)).toEqual(answers(model));
    });
  });
});
