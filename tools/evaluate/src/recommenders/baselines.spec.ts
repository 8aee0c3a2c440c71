import type { Click } from '../session';
import { AssociationRules } from './association-rules';
import { Popularity } from './popularity';
import { SequentialRules } from './sequential-rules';

function clicks(sessionId: string, items: string[]): Click[] {
  return items.map((itemId, i) => ({ sessionId, userId: '', itemId, time: i, type: 'view' }));
}

describe('session-rec baselines', () => {
  const training = [...clicks('s1', ['a', 'b', 'c']), ...clicks('s2', ['c', 'a']), ...clicks('s3', ['a', 'b'])];

  it('AR counts symmetric co-occurrence of the last item', () => {
    const ar = new AssociationRules();
    training.forEach((click) => ar.observe(click));
    // a co-occurs with b twice (s1, s3) and with c twice (s1, s2): both directions count.
    expect(ar.recommend(['x', 'b'], 5)).toEqual(['a', 'c']);
    expect(ar.recommend(['a'], 5).sort()).toEqual(['b', 'c']);
  });

  it('SR weights forward rules by 1/distance, up to `steps` back', () => {
    const sr = new SequentialRules(10);
    training.forEach((click) => sr.observe(click));
    // After a: b (s1 distance 1, s3 distance 1) = 2; c (s1 distance 2) = 0.5.
    expect(sr.recommend(['a'], 5)).toEqual(['b', 'c']);
    // After c: a (s2, distance 1); nothing ever followed b except c.
    expect(sr.recommend(['c'], 5)).toEqual(['a']);
    const oneStep = new SequentialRules(1);
    training.forEach((click) => oneStep.observe(click));
    expect(oneStep.recommend(['a'], 5)).toEqual(['b']);
  });

  it("leaves out the session's items when asked", () => {
    const ar = new AssociationRules();
    training.forEach((click) => ar.observe(click));
    expect(ar.recommend(['c', 'a'], 5, { excludeSeen: true })).toEqual(['b']);
  });

  it('popularity ranks by click count', () => {
    const pop = new Popularity();
    training.forEach((click) => pop.observe(click));
    expect(pop.recommend([], 2)).toEqual(['a', 'b']);
    expect(pop.recommend(['a'], 2, { excludeSeen: true })).toEqual(['b', 'c']);
  });
});
