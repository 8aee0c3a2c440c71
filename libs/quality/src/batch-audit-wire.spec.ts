import { batchAuditRequestFromWire } from './batch-audit-wire';

const wire = { version: 'v1', kind: 'revenue', rowCount: '0', revenue: [], backfill: false };

describe('batchAuditRequestFromWire', () => {
  it('reads the window that dates an empty day, with the overall prices beside it', () => {
    const request = batchAuditRequestFromWire({
      ...wire,
      priceSummaryJson: JSON.stringify({ overall: { 'p-1': 2.5 }, window: { from: '2026-01-10', to: '2026-01-10' } }),
    });
    expect(request).toMatchObject({ rowCount: 0, productMedianPrices: { 'p-1': 2.5 }, window: { from: '2026-01-10', to: '2026-01-10' } });
  });

  it('still reads a flat price map (senders without the window), and ignores a malformed window', () => {
    expect(batchAuditRequestFromWire({ ...wire, priceSummaryJson: '{"p-1": 13.5}' })).toMatchObject({
      productMedianPrices: { 'p-1': 13.5 },
    });
    expect(batchAuditRequestFromWire({ ...wire, priceSummaryJson: '{"p-1": 13.5}' }).window).toBeUndefined();
    expect(
      batchAuditRequestFromWire({ ...wire, priceSummaryJson: JSON.stringify({ overall: {}, window: { from: 'Saturday', to: 3 } }) }).window,
    ).toBeUndefined();
  });
});
