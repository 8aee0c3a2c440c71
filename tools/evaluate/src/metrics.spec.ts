import { MetricsAccumulator } from './metrics';

describe('MetricsAccumulator', () => {
  it('computes hit rate, MRR and coverage at k', () => {
    const metrics = new MetricsAccumulator(2, 10);
    metrics.record(['a', 'b', 'c'], 'a'); // rank 1
    metrics.record(['a', 'b', 'c'], 'b'); // rank 2
    metrics.record(['a', 'b', 'c'], 'c'); // rank 3: outside k = 2
    metrics.recordUnseen(['x', 'y'], 'y');
    const result = metrics.result();
    expect(result).toMatchObject({ k: 2, n: 3, nUnseen: 1, hrUnseen: 1, mrrUnseen: 0.5 });
    expect(result.hr).toBeCloseTo(2 / 3);
    expect(result.mrr).toBeCloseTo((1 + 0.5) / 3);
    expect(result.coverage).toBeCloseTo(4 / 10); // a, b, x, y appeared in a top 2
  });

  it('reports zeros, not NaN, when nothing was predicted', () => {
    expect(new MetricsAccumulator(20, 0).result()).toMatchObject({ n: 0, hr: 0, mrr: 0, coverage: 0 });
  });
});
