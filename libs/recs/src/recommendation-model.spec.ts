import { RecommendationModel } from './recommendation-model';
import { ids, sessionEvents, shopEvent } from './testing/events';

const DAY = 24 * 3600 * 1000;
const T0 = 1_700_000_000_000;

function trained(events: ReturnType<typeof sessionEvents>, options = {}): RecommendationModel {
  const model = new RecommendationModel(options);
  events.forEach((event) => model.apply(event));
  return model;
}

function scoreOf(model: RecommendationModel, productId: string, candidate: string): number {
  const answer = model.recommend({ productId, limit: 50, fillWithPopular: false });
  if (answer.source === 'fallback') return 0;
  return answer.items.find((item) => item.productId === candidate)?.score ?? 0;
}

describe('RecommendationModel: learning', () => {
  it('relates items viewed in the same session and recommends them for each other', () => {
    const model = trained([
      ...sessionEvents('s1', ['a', 'b'], T0),
      ...sessionEvents('s2', ['a', 'b'], T0 + 10_000),
      ...sessionEvents('s3', ['a', 'c'], T0 + 20_000),
    ]);
    const answer = model.recommend({ productId: 'a', limit: 5 });
    expect(answer.source).toBe('realtime');
    expect(ids(answer.items).slice(0, 2)).toEqual(['b', 'c']);
    expect(ids(answer.items)).not.toContain('a');
  });

  it('weights event types: an add-to-cart pair outweighs a view pair', () => {
    const model = trained([
      ...sessionEvents('s1', ['a', 'viewed'], T0),
      shopEvent('a', 's2', { occurredAt: T0 + 5000 }),
      shopEvent('carted', 's2', { occurredAt: T0 + 6000, type: 'add_to_cart' }),
    ]);
    expect(scoreOf(model, 'a', 'carted')).toBeGreaterThan(scoreOf(model, 'a', 'viewed'));
    const viewsOnly = trained([...sessionEvents('s1', ['a', 'viewed'], T0), ...sessionEvents('s2', ['a', 'carted'], T0 + 5000)], {
      popularityExponent: 0,
    });
    expect(scoreOf(viewsOnly, 'a', 'carted')).toBeCloseTo(scoreOf(viewsOnly, 'a', 'viewed'));
  });

  it('learns no relation from remove-from-cart', () => {
    const model = trained([
      shopEvent('a', 's1', { occurredAt: T0 }),
      shopEvent('b', 's1', { occurredAt: T0 + 1000, type: 'remove_from_cart' }),
    ]);
    expect(model.stats().relations).toBe(0);
  });

  it('is sequence-aware: "b after a" teaches a -> b more than b -> a, and not at all with backwardWeight 0', () => {
    const events = [...sessionEvents('s1', ['a', 'b'], T0), ...sessionEvents('s2', ['x', 'y'], T0 + 5000)];
    const model = trained(events, { backwardWeight: 0.5, popularityExponent: 0 });
    expect(scoreOf(model, 'a', 'b')).toBeCloseTo(2 * scoreOf(model, 'b', 'a'));
    const forwardOnly = trained(events, { backwardWeight: 0 });
    expect(forwardOnly.recommend({ productId: 'b', limit: 5 }).source).toBe('fallback');
  });

  it('weights pairs by 1 / distance within the pair window', () => {
    const model = trained(sessionEvents('s1', ['a', 'b', 'c', 'd'], T0), { pairWindow: 2, popularityExponent: 0, backwardWeight: 0 });
    expect(scoreOf(model, 'a', 'b')).toBeCloseTo(2 * scoreOf(model, 'a', 'c'));
    expect(scoreOf(model, 'a', 'd')).toBe(0); // three steps back is outside the window of 2
  });

  it('decays old evidence so recent trends win', () => {
    const events = [
      ...[1, 2, 3].flatMap((i) => sessionEvents(`old${i}`, ['a', 'old'], T0 + i * 1000)),
      // The clock is the 8th latest event time (a lone event far ahead does not move it, and is weighted at most
      // halfLifeMs / 8 past the clock): other traffic of the new days moves it there first.
      ...[1, 2, 3, 4].flatMap((i) => sessionEvents(`other${i}`, ['x', 'y'], T0 + 60 * DAY + i * 1000)),
      ...sessionEvents('new', ['a', 'fresh'], T0 + 60 * DAY + 10_000),
    ];
    const decaying = trained(events, { halfLifeMs: 7 * DAY });
    expect(ids(decaying.recommend({ productId: 'a', limit: 2 }).items)[0]).toBe('fresh');
    const timeless = trained(events, { halfLifeMs: Infinity });
    expect(ids(timeless.recommend({ productId: 'a', limit: 2 }).items)[0]).toBe('old');
  });

  it('keeps decaying correctly across the internal rescale (hundreds of half-lives)', () => {
    const halfLifeMs = 1000;
    const events = [
      ...sessionEvents('s1', ['a', 'b'], T0),
      ...sessionEvents('s2', ['a', 'c'], T0 + 100 * halfLifeMs),
      ...sessionEvents('s3', ['a', 'c'], T0 + 200 * halfLifeMs),
      ...sessionEvents('s4', ['a', 'b'], T0 + 200 * halfLifeMs + 100),
    ];
    const model = trained(events, { halfLifeMs, popularityExponent: 0, backwardWeight: 0 });
    expect(scoreOf(model, 'a', 'b')).toBeGreaterThan(0);
    expect(scoreOf(model, 'a', 'b')).toBeCloseTo(scoreOf(model, 'a', 'c'), 1);
  });

  it('caps relations per product, keeping the strongest', () => {
    const events = [...sessionEvents('strong1', ['a', 'best'], T0), ...sessionEvents('strong2', ['a', 'best'], T0 + 5000)];
    for (let i = 0; i < 30; i++) events.push(...sessionEvents(`s${i}`, ['a', `p${i}`], T0 + 10_000 + i * 5000));
    const model = trained(events, { maxRelationsPerProduct: 4, relationSlack: 0.5, backwardWeight: 0 });
    const answer = model.recommend({ productId: 'a', limit: 50, fillWithPopular: false });
    expect(answer.items[0]!.productId).toBe('best'); // the heaviest relation survived every prune
    expect(answer.items.length).toBeLessThanOrEqual(6); // cap 4 + slack 2
    expect(model.stats().relations).toBeLessThanOrEqual(6);
  });

  it('caps each session history: only the last maxSessionHistory items drive a session query', () => {
    const model = trained([...sessionEvents('other', ['first', 'x'], T0), ...sessionEvents('s', ['first', 'm1', 'm2', 'm3'], T0 + 5000)], {
      maxSessionHistory: 2,
      queryHistory: 5,
      pairWindow: 1,
    });
    // Only m2 and m3 are remembered: m1 is their neighbour; 'first' (and so its neighbour 'x') fell out.
    expect(ids(model.recommend({ sessionId: 's', limit: 10, fillWithPopular: false }).items)).toEqual(['m1']);
  });

  it("pairs a user's items across sessions at crossSessionWeight", () => {
    const events = [...sessionEvents('monday', ['tent'], T0, 'view', 'u1'), ...sessionEvents('tuesday', ['stove'], T0 + DAY, 'view', 'u1')];
    expect(scoreOf(trained(events, { crossSessionWeight: 0.5 }), 'tent', 'stove')).toBeGreaterThan(0);
    expect(scoreOf(trained(events, { crossSessionWeight: 0 }), 'tent', 'stove')).toBe(0);
  });
});

describe('RecommendationModel: queries', () => {
  const catalogue = [
    ...sessionEvents('h1', ['phone', 'case', 'charger'], T0),
    ...sessionEvents('h2', ['phone', 'case', 'cable'], T0 + 10_000),
    ...sessionEvents('h3', ['laptop', 'mouse'], T0 + 20_000),
  ];

  it("blends a session's recent items", () => {
    const model = trained([...catalogue, ...sessionEvents('live', ['laptop', 'phone'], T0 + 30_000)]);
    const items = ids(model.recommend({ sessionId: 'live', limit: 10 }).items);
    expect(items).toContain('case');
    expect(items).toContain('mouse');
    expect(items.indexOf('case')).toBeLessThan(items.indexOf('mouse')); // the newest item weighs most
  });

  it('answers from explicit recent items, as the evaluation does', () => {
    const model = trained(catalogue);
    expect(ids(model.recommend({ recentItems: ['laptop'], limit: 1 }).items)).toEqual(['mouse']);
  });

  it('excludes viewed, in-cart and purchased items on request; remove-from-cart takes an item out of the cart', () => {
    const model = trained(
      [
        ...catalogue,
        shopEvent('phone', 'live', { occurredAt: T0 + 40_000 }),
        shopEvent('case', 'live', { occurredAt: T0 + 41_000, type: 'add_to_cart' }),
        shopEvent('charger', 'live', { occurredAt: T0 + 42_000, type: 'purchase' }),
        shopEvent('cable', 'live', { occurredAt: T0 + 43_000, type: 'add_to_cart' }),
        shopEvent('cable', 'live', { occurredAt: T0 + 44_000, type: 'remove_from_cart' }),
        shopEvent('laptop', 'live', { occurredAt: T0 + 45_000 }),
      ],
      { queryHistory: 1 },
    ); // context: phone and laptop, so the flagged items are candidates, not context
    const query = { productId: 'phone', sessionId: 'live', limit: 10 };
    expect(ids(model.recommend(query).items)).toEqual(expect.arrayContaining(['case', 'charger', 'cable']));
    const noCart = ids(model.recommend({ ...query, excludeInCart: true }).items);
    expect(noCart).not.toContain('case');
    expect(noCart).toContain('cable');
    expect(ids(model.recommend({ ...query, excludePurchased: true }).items)).not.toContain('charger');
    expect(ids(model.recommend({ ...query, excludeViewed: true }).items)).not.toContain('phone');
  });

  it('excludes the user\'s cart and purchases across sessions, but "viewed" only within the session', () => {
    const model = trained(
      [
        ...catalogue,
        shopEvent('case', 'monday', { occurredAt: T0 + 40_000, type: 'purchase', userId: 'u1' }),
        shopEvent('charger', 'monday', { occurredAt: T0 + 41_000, userId: 'u1' }),
        shopEvent('phone', 'tuesday', { occurredAt: T0 + 50_000, userId: 'u1' }),
      ],
      { repeatWeight: 1 },
    );
    const query = { productId: 'phone', sessionId: 'tuesday', userId: 'u1', limit: 10, fillWithPopular: false };
    const items = ids(model.recommend({ ...query, excludeViewed: true, excludePurchased: true }).items);
    expect(items).not.toContain('case'); // bought on Monday
    expect(items).toContain('charger'); // only viewed on Monday: offered again as a reminder
  });

  it('falls back to popular items for unknown products and empty sessions', () => {
    const model = trained([...catalogue, ...sessionEvents('h4', ['phone'], T0 + 50_000)]);
    for (const query of [{ productId: 'never-seen' }, { sessionId: 'no-such-session' }, {}]) {
      const answer = model.recommend({ ...query, limit: 2 });
      expect(answer.source).toBe('fallback');
      expect(ids(answer.items)).toEqual(['phone', 'case']);
    }
  });

  it('treats an idle session as over', () => {
    const model = trained([...catalogue, ...sessionEvents('live', ['laptop'], T0 + 30_000)], { sessionIdleMs: 60_000 });
    expect(model.recommend({ sessionId: 'live', limit: 3, now: T0 + 40_000 }).source).toBe('realtime');
    expect(model.recommend({ sessionId: 'live', limit: 3, now: T0 + 30_000 + 120_000 }).source).toBe('fallback');
  });

  it('pads short answers with popular items scored below every related item', () => {
    const model = trained(catalogue);
    const answer = model.recommend({ productId: 'laptop', limit: 4 });
    expect(answer.items).toHaveLength(4);
    expect(answer.items[0]!.productId).toBe('mouse');
    for (const padded of answer.items.slice(1)) expect(padded.score).toBeLessThan(answer.items[0]!.score);
  });

  it("offers the session's own items again only when repeatWeight > 0", () => {
    const events = [...catalogue, ...sessionEvents('live', ['laptop', 'phone'], T0 + 30_000)];
    const plain = ids(trained(events).recommend({ sessionId: 'live', limit: 10 }).items);
    expect(plain).not.toContain('phone');
    expect(plain).not.toContain('laptop');
    const withRepeats = ids(trained(events, { repeatWeight: 2 }).recommend({ sessionId: 'live', limit: 10 }).items);
    expect(withRepeats[0]).toBe('phone'); // the newest item, at twice the best related score
    expect(withRepeats).toContain('laptop');
  });

  it('rejects a limit outside 1..1000 with a message naming it', () => {
    const model = trained(catalogue);
    expect(() => model.recommend({ productId: 'phone', limit: 0 })).toThrow(/limit must be an integer in \[1, 1000\], got 0/);
  });
});

describe('RecommendationModel: batch model blending', () => {
  const live = [...sessionEvents('s1', ['a', 'live-pick'], T0), ...sessionEvents('s2', ['z'], T0 + 5000)];
  const batch = {
    version: 'batch-2026-11-23',
    relations: { a: [{ productId: 'batch-pick', score: 0.9 }], q: [{ productId: 'r', score: 0.4 }] },
    popular: [{ productId: 'bestseller', score: 100 }],
  };

  it('blends batch relations with live ones and says so', () => {
    const model = trained(live);
    model.loadBatchModel(batch);
    const answer = model.recommend({ productId: 'a', limit: 5 });
    expect(answer.source).toBe('blended');
    expect(answer.modelVersion).toContain('batch-2026-11-23');
    expect(ids(answer.items)).toEqual(expect.arrayContaining(['live-pick', 'batch-pick']));
    expect(ids(model.recommend({ productId: 'q', limit: 1 }).items)).toEqual(['r']);
  });

  it('weights the batch by batchWeight', () => {
    const batchOnly = trained(live, { batchWeight: 1 });
    batchOnly.loadBatchModel(batch);
    expect(ids(batchOnly.recommend({ productId: 'a', limit: 5 }).items)[0]).toBe('batch-pick');
    const liveOnly = trained(live, { batchWeight: 0 });
    liveOnly.loadBatchModel(batch);
    expect(ids(liveOnly.recommend({ productId: 'a', limit: 5 }).items)[0]).toBe('live-pick');
  });

  it('uses the batch popular list in the fallback', () => {
    const model = new RecommendationModel();
    model.loadBatchModel(batch);
    expect(model.recommend({ productId: 'unknown', limit: 1 })).toMatchObject({ source: 'fallback', items: [{ productId: 'bestseller' }] });
  });

  it('rejects a malformed batch model and keeps the current one', () => {
    const model = trained(live);
    model.loadBatchModel(batch);
    expect(() => model.loadBatchModel({ ...batch, version: 'bad', relations: { a: [{ productId: 'x', score: NaN }] } })).toThrow(
      /bad relations\[a\]\[0\]/,
    );
    expect(model.stats().batchVersion).toBe('batch-2026-11-23');
  });
});

describe('RecommendationModel: duplicates and restarts', () => {
  it('ignores a redelivered event', () => {
    const event = shopEvent('b', 's1', { occurredAt: T0 + 1000 });
    const model = trained(sessionEvents('s1', ['a'], T0));
    expect(model.apply(event)).toBe(true);
    const before = scoreOf(model, 'a', 'b');
    expect(model.apply({ ...event })).toBe(false);
    expect(scoreOf(model, 'a', 'b')).toBe(before);
    expect(model.stats()).toMatchObject({ eventsApplied: 2, duplicatesIgnored: 1 });
  });

  it('restores from a JSON snapshot with the same answers, and replayed events do not count twice', () => {
    const events = [...sessionEvents('s1', ['a', 'b', 'c'], T0), ...sessionEvents('s2', ['a', 'c'], T0 + 10_000, 'view', 'u1')];
    const original = trained(events.slice(0, 4));
    original.loadBatchModel({ version: 'b1', relations: { a: [{ productId: 'z', score: 0.2 }] }, popular: [{ productId: 'c', score: 3 }] });
    const restored = RecommendationModel.fromSnapshot(JSON.parse(JSON.stringify(original.toSnapshot())));
    expect(restored.recommend({ productId: 'a', limit: 5 })).toEqual(original.recommend({ productId: 'a', limit: 5 }));
    expect(restored.recommend({ productId: 'a', limit: 5 }).source).toBe('blended');
    expect(restored.stats()).toEqual(original.stats());

    // Replay everything since "a bit before" the snapshot: already applied events are skipped.
    const replayed = events.map((event) => restored.apply(event));
    expect(replayed).toEqual([false, false, false, false, true]);
    events.slice(4).forEach((event) => original.apply(event));
    expect(restored.recommend({ sessionId: 's2', limit: 5 })).toEqual(original.recommend({ sessionId: 's2', limit: 5 }));
  });

  it('refuses an unusable event with the field named, learning nothing', () => {
    const model = new RecommendationModel();
    expect(() => model.apply({ ...shopEvent('a', 's1'), occurredAt: NaN })).toThrow(/occurredAt must be epoch milliseconds/);
    expect(() => model.apply({ ...shopEvent('', 's1') })).toThrow(/productId must be a non-empty string/);
    expect(model.stats()).toMatchObject({ eventsApplied: 0, products: 0 });
  });

  it('rejects something that is not a snapshot with a message saying what to do', () => {
    expect(() => RecommendationModel.fromSnapshot({ format: 'nope' } as never)).toThrow(/replay events instead/);
  });
});

describe('RecommendationModel: options', () => {
  it('rejects invalid options naming the option and its range', () => {
    expect(() => new RecommendationModel({ maxRelationsPerProduct: 0 })).toThrow(/maxRelationsPerProduct must be an integer in \[1,/);
    expect(() => new RecommendationModel({ eventWeights: { view: -1 } as never })).toThrow(/eventWeights.view/);
  });
});
