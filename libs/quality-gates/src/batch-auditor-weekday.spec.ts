import { openStore } from '@shelflife/store';
import type { BatchAuditRequest } from '@shelflife/quality';
import { BatchAuditor } from './batch-auditor';

/** A nightly revenue batch of one day, as the aggregator sends it: the window dates an empty day. */
const nightly = (date: string, rows: number): BatchAuditRequest => ({
  version: `v${date}`,
  kind: 'revenue',
  rowCount: rows,
  backfill: false,
  productMedianPrices: {},
  window: { from: date, to: date },
  revenue: Array.from({ length: rows }, (_, i) => ({ date, currency: ['GBP', 'EUR'][i]!, revenue: 1000, units: 50, orders: 10 })),
});

const day = (offset: number): string => new Date(Date.UTC(2026, 0, 5 + offset)).toISOString().slice(0, 10); // offset 0: a Monday

it('learns across restarts that the shop is closed on Saturdays, and still holds an empty Tuesday', async () => {
  const store = await openStore({ storeDir: ':memory:' });
  const verdicts: Record<string, boolean> = {};
  for (let offset = 0; offset < 35; offset += 1) {
    // A new auditor each night, as a restarted sentinel or a one-shot batch run: the profile lives in the store.
    const saturday = new Date(`${day(offset)}T00:00:00Z`).getUTCDay() === 6;
    verdicts[day(offset)] = (await new BatchAuditor(store).audit(nightly(day(offset), saturday ? 0 : 2))).approved;
  }
  const saturdays = Object.entries(verdicts)
    .filter(([d]) => new Date(`${d}T00:00:00Z`).getUTCDay() === 6)
    .map(([, approved]) => approved);
  // Held while too few Saturdays are known (a person sees them), then learned once the approved days
  // span three Saturdays without a row on any of them.
  expect(saturdays).toEqual([false, false, false, true, true]);
  expect(Object.entries(verdicts).filter(([d, approved]) => !approved && new Date(`${d}T00:00:00Z`).getUTCDay() !== 6)).toEqual([]);
  const tuesday = await new BatchAuditor(store).audit(nightly(day(36), 0));
  expect(tuesday.approved).toBe(false);
  expect(tuesday.findings.join('\n')).toContain('on Tuesday');
  await store.close();
});
