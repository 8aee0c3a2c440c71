import { evaluate, train } from './protocol';
import { SequentialRules } from './recommenders/sequential-rules';
import { groupSessions, type Click } from './session';

function clicks(sessionId: string, items: string[], start: number): Click[] {
  return items.map((itemId, i) => ({ sessionId, userId: '', itemId, time: start + i, type: 'view' }));
}

describe('evaluation protocol', () => {
  const trainSessions = groupSessions([...clicks('t1', ['a', 'b'], 0)]);
  const testSessions = groupSessions([
    ...clicks('q1', ['c', 'd'], 100),
    ...clicks('q2', ['c', 'd'], 200),
    ...clicks('q3', ['a', 'b', 'a'], 300),
  ]);

  it('static: never learns from test sessions, predicts every position after the first', () => {
    const sr = new SequentialRules();
    expect(train(sr, trainSessions).events).toBe(2);
    const result = evaluate(sr, testSessions, 2, { k: 20, mode: 'static', kind: 'sequence' });
    // Predictions: q1 c->d (miss), q2 c->d (miss: q1 was not learned), q3 a->b (hit), b->a (miss; seen before).
    expect(result).toMatchObject({ n: 4, nUnseen: 3 });
    expect(result.hr).toBeCloseTo(1 / 4);
  });

  it('prequential: learns each test click after predicting it', () => {
    const sr = new SequentialRules();
    train(sr, trainSessions);
    const result = evaluate(sr, testSessions, 2, { k: 20, mode: 'prequential', kind: 'sequence' });
    // Now q2 c->d hits (learned from q1), and q3 b->a misses still (nothing followed b with a).
    expect(result.hr).toBeCloseTo(2 / 4);
  });

  it('baskets: leave-one-out over distinct items', () => {
    const sr = new SequentialRules();
    train(sr, groupSessions(clicks('b0', ['x', 'y'], 0)));
    const result = evaluate(sr, groupSessions(clicks('b1', ['x', 'y', 'y'], 10)), 2, { k: 20, mode: 'static', kind: 'basket' });
    // Distinct items x, y: predict y from [x] (hit), x from [y] (miss).
    expect(result).toMatchObject({ n: 2, hr: 0.5 });
  });
});
