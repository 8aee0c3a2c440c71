import { addSecond, newDispersion } from './stats/dispersion';
import { seededRandom } from './testing/seeded-random';

function poisson(lambda: number, random: () => number): number {
  const limit = Math.exp(-lambda);
  let n = 0;
  for (let p = random(); p > limit; p *= random()) n += 1;
  return n;
}

/** Learns D from `seconds` seconds of counts drawn by `count`, in blocks of `length` seconds. */
function learn(seconds: number, length: number, count: (second: number) => number): number {
  const state = newDispersion();
  for (let s = 0; s < seconds; s++) addSecond(state, count(s), 7200, () => length);
  return state.dispersion;
}

describe('dispersion (quasi-Poisson index)', () => {
  it('reads about 1 for Poisson counts', () => {
    const random = seededRandom(61);
    expect(learn(20_000, 20, () => poisson(3, random))).toBeGreaterThan(0.8);
    expect(learn(20_000, 20, () => poisson(3, random))).toBeLessThan(1.25);
  });

  it('reads E[S²]/E[S] for baskets of 1..5 (11/3)', () => {
    const random = seededRandom(62);
    const d = learn(40_000, 20, () => {
      let n = 0;
      for (let b = poisson(0.5, random); b > 0; b--) n += 1 + Math.floor(random() * 5);
      return n;
    });
    expect(d).toBeGreaterThan(3);
    expect(d).toBeLessThan(4.5);
  });

  it('ignores a slow daily cycle and clips a sudden ramp', () => {
    const random = seededRandom(63);
    const cycle = learn(86_400, 20, (s) => poisson(5 * (1 + 0.5 * Math.sin((2 * Math.PI * s) / 86_400)), random));
    expect(cycle).toBeLessThan(1.3);
    // A x3 step after a long calm: one block's sample is worth at most 9 D.
    const step = learn(7200, 20, (s) => poisson(s < 7000 ? 5 : 15, random));
    expect(step).toBeLessThan(2);
  });
});
