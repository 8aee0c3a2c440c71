import { histogramBuckets, parsePrometheusText, sumBy, windowQuantile } from './prometheus-text';

const scrape = (count1: number, count2: number, countInf: number) =>
  parsePrometheusText(`
# HELP shelflife_freshness_seconds Time from the collector ingest to a consumer having applied the event
# TYPE shelflife_freshness_seconds histogram
shelflife_freshness_seconds_bucket{le="0.01",consumer="scorer"} ${count1}
shelflife_freshness_seconds_bucket{le="0.1",consumer="scorer"} ${count2}
shelflife_freshness_seconds_bucket{le="+Inf",consumer="scorer"} ${countInf}
shelflife_freshness_seconds_count{consumer="scorer"} ${countInf}
shelflife_events_total{stage="gateway",outcome="accepted"} 10
shelflife_events_total{stage="gateway",outcome="late"} 2
shelflife_events_total{stage="scorer",outcome="applied"} 7
shelflife_queue_messages{queue="q \\"a\\""} 3
`);

describe('the Prometheus text the services expose', () => {
  it('sums a counter by one label and reads escaped label values', () => {
    const samples = scrape(0, 0, 0);
    expect(sumBy(samples, 'shelflife_events_total', 'stage')).toEqual({ gateway: 12, scorer: 7 });
    expect(sumBy(samples, 'shelflife_queue_messages', 'queue')).toEqual({ 'q "a"': 3 });
  });

  it('takes quantiles of what was observed between two scrapes only', () => {
    const before = histogramBuckets(scrape(100, 100, 100), 'shelflife_freshness_seconds');
    // 10 new observations: 5 under 10 ms, 5 between 10 and 100 ms.
    const after = histogramBuckets(scrape(105, 110, 110), 'shelflife_freshness_seconds');
    expect(windowQuantile(before, after, 0.5)).toBeCloseTo(0.01);
    expect(windowQuantile(before, after, 0.99)).toBeCloseTo(0.01 + 0.09 * (4.9 / 5));
    expect(windowQuantile(after, after, 0.5)).toBeNull();
  });

  it('answers the lower bound of the last finite bucket when the quantile lies in +Inf', () => {
    const after = histogramBuckets(scrape(0, 0, 10), 'shelflife_freshness_seconds');
    expect(windowQuantile([], after, 0.5)).toBe(0.1);
  });
});
