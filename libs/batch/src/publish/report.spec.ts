import { revenueReportLines, verdictReportLine } from './report';
import type { BatchOutcome } from './run-batch';

describe('report lines', () => {
  it('prints revenue from its exact decimal text and the verdict as the CLI contract says', () => {
    const row = {
      date: '2010-12-01',
      currency: 'GBP',
      revenue: { currency: 'GBP', units: 46051, nanos: 260_000_000 },
      revenueDecimal: '46051.26',
      units: 26814,
      orders: 127,
    };
    expect(JSON.stringify(revenueReportLines([row])[0])).toBe(
      '{"date":"2010-12-01","currency":"GBP","revenue":46051.26,"units":26814,"orders":127}',
    );
    const outcome = { published: false, version: 'v1', reason: 'revenue: held' } as BatchOutcome;
    expect(JSON.stringify(verdictReportLine(outcome))).toBe('{"published":false,"version":"v1","reason":"revenue: held"}');
  });
});
