import type { EventType, ShopEvent } from '@shelflife/contracts';
import type { JournalEvent } from './learning-journal';
import type { RecsOptions } from './options';
import { RecommendationModel } from './recommendation-model';

const T0 = 1_700_000_000_000;
const CATALOGUE = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'eur-only'];

let nextId = 0;
function event(
  productId: string,
  sessionId: string,
  at: number,
  fields: { type?: EventType; source?: string; currency?: string; userId?: string; eventId?: string } = {},
): ShopEvent {
  const e: ShopEvent = {
    eventId: fields.eventId ?? `r-${++nextId}`,
    type: fields.type ?? 'view',
    userId: fields.userId ?? '',
    sessionId,
    productId,
    quantity: 1,
    occurredAt: at,
    source: fields.source ?? 'web',
  };
  if (fields.currency) e.price = { currency: fields.currency, units: 10, nanos: 0 };
  return e;
}

/** A session visiting products in order, a second apart, with a mix of event types. */
function session(id: string, products: string[], start: number, fields: Parameters<typeof event>[3] = {}): ShopEvent[] {
  const types: EventType[] = ['view', 'view', 'add_to_cart', 'view', 'purchase'];
  return products.map((p, i) => event(p, id, start + i * 1000, { type: types[i % types.length], ...fields }));
}

function trained(events: ShopEvent[], options: Partial<RecsOptions> = {}): RecommendationModel {
  const model = new RecommendationModel(options);
  for (const e of events) model.apply(e);
  return model;
}

/** Answers for every product (and the popular fallback) as id -> score, for comparing two models within float error. */
function answers(model: RecommendationModel, products = CATALOGUE): Record<string, { source: string; scores: Record<string, number> }> {
  const result: Record<string, { source: string; scores: Record<string, number> }> = {};
  for (const productId of [...products, 'never-seen']) {
    const answer = model.recommend({ productId, limit: 50 });
    result[productId] = { source: answer.source, scores: Object.fromEntries(answer.items.map((item) => [item.productId, item.score])) };
  }
  return result;
}

function expectSameAnswers(actual: RecommendationModel, expected: RecommendationModel): void {
  const got = answers(actual);
  const want = answers(expected);
  for (const productId of Object.keys(want)) {
    expect({ productId, source: got[productId]!.source, items: Object.keys(got[productId]!.scores).sort() }).toEqual({
      productId,
      source: want[productId]!.source,
      items: Object.keys(want[productId]!.scores).sort(),
    });
    for (const [candidate, score] of Object.entries(want[productId]!.scores)) {
      expect(Math.abs(got[productId]!.scores[candidate]! - score)).toBeLessThanOrEqual(1e-9 * Math.abs(score) + 1e-12);
    }
  }
}

const fromPartnerInEur = (e: JournalEvent) => e.source === 'partner' && e.currency === 'EUR';

// Clean traffic before and after the fault; the faulty events (a partner sending EUR prices) sit in their own
// sessions, interleaved in time with clean ones, and touch both known products and one only they mention.
const cleanBefore = [
  ...session('s1', ['a', 'b', 'c', 'd'], T0),
  ...session('s2', ['a', 'c', 'e'], T0 + 500, { userId: 'u1' }),
  ...session('s3', ['b', 'd', 'f', 'g', 'h'], T0 + 700),
];
const faulty = [
  ...session('p1', ['a', 'b', 'eur-only', 'c'], T0 + 10_000, { source: 'partner', currency: 'EUR' }),
  ...session('p2', ['d', 'a', 'h'], T0 + 10_500, { source: 'partner', currency: 'EUR', userId: 'u9' }),
];
const partnerInUsd = session('p3', ['e', 'f'], T0 + 11_000, { source: 'partner', currency: 'USD' });
const cleanAfter = [
  ...session('s4', ['c', 'a', 'g'], T0 + 12_000, { userId: 'u1' }),
  ...session('s5', ['h', 'b', 'e', 'f'], T0 + 12_300),
  // The model clock is the 8th latest event time (clockWatermarkRank): eight clean events after everything else put
  // the model and its reference on the same clock, so their answers compare within float error.
  ...session('s6', ['g', 'c', 'a', 'd', 'b', 'e', 'f', 'h'], T0 + 20_000),
];

describe('RecommendationModel.retract', () => {
  it('takes back what faulty events taught: the answers equal a model that never saw them', () => {
    const model = trained([...cleanBefore, ...faulty, ...partnerInUsd, ...cleanAfter]);
    const reference = trained([...cleanBefore, ...partnerInUsd, ...cleanAfter]);
    const before = model.stats().relations;
    const result = model.retract(fromPartnerInEur, { eventId: faulty[0]!.eventId, at: T0 + 20_000 });
    expect(result).toEqual({ events: faulty.length, anchor: 'event' });
    expectSameAnswers(model, reference);
    expect(model.stats().relations).toBe(reference.stats().relations);
    expect(model.stats().relations).toBeLessThan(before);
    expect(model.stats()).toMatchObject({ eventsApplied: reference.stats().eventsApplied, eventsRetracted: faulty.length });
    // A second verdict over the same events finds nothing left to take back.
    expect(model.retract(fromPartnerInEur, { eventId: faulty[0]!.eventId }).events).toBe(0);
  });

  it('starts at the first affected event: earlier matching events stay learned', () => {
    const model = trained([...cleanBefore, ...faulty, ...cleanAfter]);
    const reference = trained([...cleanBefore, ...faulty.slice(0, 2), ...cleanAfter]);
    expect(model.retract(fromPartnerInEur, { eventId: faulty[2]!.eventId }).events).toBe(faulty.length - 2);
    expectSameAnswers(model, reference);
  });

  it('retracts by time when the first affected event is unknown to the model', () => {
    const model = trained([...cleanBefore, ...faulty, ...cleanAfter]);
    const reference = trained([...cleanBefore, ...faulty.filter((e) => e.occurredAt < T0 + 10_500), ...cleanAfter]);
    const result = model.retract(fromPartnerInEur, { eventId: 'never-applied', at: T0 + 10_500 });
    expect(result).toEqual({ events: faulty.filter((e) => e.occurredAt >= T0 + 10_500).length, anchor: 'time' });
    expectSameAnswers(model, reference);
    expect(model.retract(() => true, { eventId: 'never-applied' })).toEqual({ events: 0, anchor: 'none' });
  });

  it('forgets retracted ids in the dedup, so a deliberate replay learns them again; others stay duplicates', () => {
    const model = trained([...cleanBefore, ...faulty, ...cleanAfter]);
    const untouched = trained([...cleanBefore, ...faulty, ...cleanAfter]);
    model.retract(fromPartnerInEur, { eventId: faulty[0]!.eventId });
    expect(model.apply({ ...cleanBefore[0]! })).toBe(false);
    expect(faulty.map((e) => model.apply({ ...e }))).toEqual(faulty.map(() => true));
    expect(faulty.map((e) => model.apply({ ...e }))).toEqual(faulty.map(() => false));
    // Replayed after the later clean events, so session pairing differs; but every faulty pair is back.
    expect(model.stats().eventsApplied).toBe(untouched.stats().eventsApplied);
    expect(model.stats().relations).toBe(untouched.stats().relations);
    // The replayed events are journalled again and can be retracted again.
    expect(model.retract(fromPartnerInEur, { eventId: faulty[0]!.eventId }).events).toBe(faulty.length);
  });

  it('stays exact across a decay rescale between learning and retracting', () => {
    // Half-life 1 s: the landmark moves (every table is multiplied down) once the clock passes 64 half-lives.
    const options = { halfLifeMs: 1000, countShrinkage: 0, journalMaxAgeMs: Infinity };
    const old = [
      ...session('s1', ['a', 'b', 'c'], T0),
      ...session('p1', ['a', 'b', 'c'], T0 + 100, { source: 'partner', currency: 'EUR' }),
    ];
    const later = session('s9', ['g', 'h'], T0 + 70_000);
    const model = trained([...old, ...later], options);
    const reference = trained([...old.slice(0, 3), ...later], options);
    expect(model.retract(fromPartnerInEur, { eventId: old[3]!.eventId }).events).toBe(3);
    expectSameAnswers(model, reference);
    expect(model.recommend({ productId: 'a', limit: 5, fillWithPopular: false }).items.map((i) => i.productId)).toEqual(['b', 'c']);
  });

  it('skips relations that were pruned meanwhile and never creates one', () => {
    const options = { maxRelationsPerProduct: 1, relationSlack: 0, backwardWeight: 0 };
    const events = [
      event('a', 'p1', T0, { source: 'partner', currency: 'EUR' }),
      event('x', 'p1', T0 + 1, { source: 'partner', currency: 'EUR' }),
      // a has two slots: a -> y (three times) and then a -> z push out a -> x, pruned when z needs a slot.
      ...[1, 2, 3].flatMap((i) => [event('a', `s${i}`, T0 + 10 * i), event('y', `s${i}`, T0 + 10 * i + 1)]),
      event('a', 's4', T0 + 50),
      event('z', 's4', T0 + 51),
    ];
    const model = trained(events, options);
    const related = () => model.recommend({ productId: 'a', limit: 5, fillWithPopular: false }).items.map((i) => i.productId);
    expect(related()).toEqual(['y', 'z']);
    expect(model.retract(fromPartnerInEur, { eventId: events[0]!.eventId }).events).toBe(2);
    expect(related()).toEqual(['y', 'z']);
    expect(model.stats().relations).toBe(2);
  });
});

describe('the learning journal bounds', () => {
  it('keeps between 3/4 of journalMaxEvents and journalMaxEvents entries; an older first event retracts what is left', () => {
    const events = Array.from({ length: 100 }, (_, i) =>
      event(`p${i % 7}`, `s${Math.floor(i / 4)}`, T0 + i * 1000, { source: 'partner', currency: 'EUR' }),
    );
    const model = trained(events, { journalMaxEvents: 8 });
    const held = model.journalStats().events;
    expect(held).toBeGreaterThanOrEqual(6);
    expect(held).toBeLessThanOrEqual(8);
    // The first event left the journal long ago: everything still journalled came after it.
    expect(model.retract(fromPartnerInEur, { eventId: events[0]!.eventId })).toEqual({ events: held, anchor: 'before-journal' });
    expect(model.stats().eventsApplied).toBe(100 - held);
  });

  it('expires entries applied more than journalMaxAgeMs before the latest event', () => {
    const events = Array.from({ length: 60 }, (_, i) =>
      event(`p${i % 7}`, `s${Math.floor(i / 4)}`, T0 + i * 1000, { source: 'partner', currency: 'EUR' }),
    );
    const model = trained(events, { journalMaxAgeMs: 10_000 });
    // Events 49..59 are within 10 s of the last one (59 s): only they can be taken back, whatever the anchor.
    expect(model.retract(fromPartnerInEur, { eventId: events[30]!.eventId })).toEqual({ events: 11, anchor: 'before-journal' });
    expect(model.retract(fromPartnerInEur, { at: 0 })).toEqual({ events: 0, anchor: 'time' });
  });

  it('is off with journalMaxEvents 0: nothing is journalled or retracted', () => {
    const model = trained(faulty, { journalMaxEvents: 0 });
    expect(model.journalStats()).toEqual({ events: 0, bytes: 0 });
    expect(model.retract(() => true, { eventId: faulty[0]!.eventId }).events).toBe(0);
  });

  it('is not part of a snapshot: a restored model has an empty journal', () => {
    const model = trained([...cleanBefore, ...faulty]);
    const restored = RecommendationModel.fromSnapshot(JSON.parse(JSON.stringify(model.toSnapshot())));
    expect(model.journalStats().events).toBe(cleanBefore.length + faulty.length);
    expect(restored.journalStats().events).toBe(0);
    // The id is known to the restored dedup, so the whole (empty) journal is the candidate set.
    expect(restored.retract(fromPartnerInEur, { eventId: faulty[0]!.eventId })).toEqual({ events: 0, anchor: 'before-journal' });
  });

  it('rejects invalid bounds naming the option', () => {
    expect(() => new RecommendationModel({ journalMaxEvents: -1 })).toThrow(/journalMaxEvents must be an integer/);
    expect(() => new RecommendationModel({ journalMaxAgeMs: 0 })).toThrow(/journalMaxAgeMs must be > 0/);
  });
});
