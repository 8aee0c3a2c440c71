import { parseHistogram, quantile, since } from './prometheus-histogram';

const scrape = (realtime: number[], fallback: number[]) =>
  [
    '# TYPE shelflife_recommendation_duration_seconds histogram',
    ...['0.001', '0.005', '+Inf'].map(
      (le, i) => `shelflife_recommendation_duration_seconds_bucket{le="${le}",server="scorer",source="realtime"} ${realtime[i]}`,
    ),
    `shelflife_recommendation_duration_seconds_sum{server="scorer",source="realtime"} 0.5`,
    `shelflife_recommendation_duration_seconds_count{server="scorer",source="realtime"} ${realtime[2]}`,
    ...['0.001', '0.005', '+Inf'].map(
      (le, i) => `shelflife_recommendation_duration_seconds_bucket{le="${le}",server="scorer",source="fallback"} ${fallback[i]}`,
    ),
    `shelflife_recommendation_duration_seconds_sum{server="scorer",source="fallback"} 0.1`,
    `shelflife_recommendation_duration_seconds_count{server="scorer",source="fallback"} ${fallback[2]}`,
    `shelflife_recommendation_duration_seconds_count{server="gateway",source="realtime"} 999`,
  ].join('\n');

it('sums every series that matches the labels, so a second label value does not hide the first', () => {
  const before = parseHistogram(scrape([10, 10, 10], [2, 2, 2]), 'shelflife_recommendation_duration_seconds', { server: 'scorer' });
  const after = parseHistogram(scrape([90, 110, 110], [2, 2, 2]), 'shelflife_recommendation_duration_seconds', { server: 'scorer' });
  expect(before).toMatchObject({
    count: 12,
    buckets: [
      { le: 0.001, count: 12 },
      { le: 0.005, count: 12 },
      { le: Infinity, count: 12 },
    ],
  });
  const run = since(after, before);
  expect(run.count).toBe(100);
  expect(quantile(run, 0.5)).toBeCloseTo(0.000625, 6); // 50 of the 80 in the first bucket
  expect(quantile(run, 0.99)).toBeGreaterThan(0.001);
});
