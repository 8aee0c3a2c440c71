import { applyUpdate, upsertSeed } from './apply-update';

describe('upsertSeed', () => {
  it('takes plain and $eq equalities (also inside $and, also dotted) and ignores range conditions', () => {
    const seed = upsertSeed({
      _id: 'model',
      kind: { $eq: 'daily' },
      asOf: { $lte: '2026-01-05' },
      $and: [{ 'window.to': '2026-01-05' }],
      $or: [{ x: 1 }],
    });
    expect(seed).toEqual({ _id: 'model', kind: 'daily', window: { to: '2026-01-05' } });
  });
});

describe('applyUpdate', () => {
  const current = { _id: 'r1', state: 'computing', attempts: 1, nested: { a: 1 } };

  it('applies operators to a copy, leaving the stored document untouched', () => {
    const next = applyUpdate(current, { $set: { 'nested.b': 2 }, $inc: { attempts: 1 }, $unset: { state: '' } }, false);
    expect(next).toEqual({ _id: 'r1', attempts: 2, nested: { a: 1, b: 2 } });
    expect(current).toEqual({ _id: 'r1', state: 'computing', attempts: 1, nested: { a: 1 } });
  });

  it('applies $setOnInsert only when inserting', () => {
    expect(applyUpdate({ _id: 'x' }, { $setOnInsert: { createdAt: 5 }, $set: { n: 1 } }, true)).toEqual({ _id: 'x', createdAt: 5, n: 1 });
    expect(applyUpdate({ _id: 'x', createdAt: 1 }, { $setOnInsert: { createdAt: 5 }, $set: { n: 1 } }, false)).toEqual({
      _id: 'x',
      createdAt: 1,
      n: 1,
    });
  });

  it('refuses empty, mixed and _id-changing updates with a message that says what to do', () => {
    expect(() => applyUpdate(current, {}, false)).toThrow(/empty/);
    expect(() => applyUpdate(current, { $set: { a: 1 }, b: 2 }, false)).toThrow(/mixes operators and fields/);
    expect(() => applyUpdate(current, { $set: { _id: 'other' } }, false)).toThrow(/_id/);
  });
});
