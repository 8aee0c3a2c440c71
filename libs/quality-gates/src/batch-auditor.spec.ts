import { openStore } from '@shelflife/store';
import type { BatchAuditRequest } from '@shelflife/quality';
import { BatchAuditor } from './batch-auditor';

const request = (version: string, kind: string, date: string): BatchAuditRequest => ({
  version,
  kind,
  rowCount: 100,
  revenue: [{ date, currency: 'GBP', revenue: 1000, units: 50, orders: 10 }],
  productMedianPrices: { a: 2.5, b: 4 },
  backfill: true,
});

it('remembers every approved batch even when audits arrive at once', async () => {
  const store = await openStore({ storeDir: ':memory:' });
  const auditor = new BatchAuditor(store);
  // The batch job audits its revenue and its model together: neither may erase the other's history.
  await Promise.all([auditor.audit(request('v1', 'revenue', '2026-01-01')), auditor.audit(request('v1', 'model', '2026-01-01'))]);
  const [revenue, model] = await Promise.all([
    auditor.audit(request('v2', 'revenue', '2026-01-02')),
    auditor.audit(request('v2', 'model', '2026-01-02')),
  ]);
  expect(revenue.reason).toMatch(/consistent with 1 approved revenue run/);
  expect(model.reason).toMatch(/consistent with 1 approved model run/);
  await store.close();
});
