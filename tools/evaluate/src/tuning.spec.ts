import type { EvalResult } from './metrics';
import { objective } from './tuning';

const result = (hr: number, mrr: number, hrUnseen: number, mrrUnseen: number): EvalResult => ({
  k: 20,
  n: 100,
  nUnseen: 50,
  coverage: 0.1,
  hr,
  mrr,
  hrUnseen,
  mrrUnseen,
});

describe('tuning objective', () => {
  it('is 4 when every figure equals the best baseline, more when better', () => {
    const reference = { hr: 0.4, mrr: 0.2, hrUnseen: 0.3, mrrUnseen: 0.1 };
    expect(objective(result(0.4, 0.2, 0.3, 0.1), reference)).toBeCloseTo(4);
    expect(objective(result(0.8, 0.2, 0.3, 0.1), reference)).toBeCloseTo(5);
  });
});
