import { existsSync, readFileSync } from 'node:fs';
import type { AuditBatchRequest } from '@shelflife/contracts';
import { auditBatch, batchAuditRequestFromWire, recordApprovedBatch, type BatchAuditHistory } from '@shelflife/quality';
import { EmbeddedStore, IN_MEMORY } from '@shelflife/store';
import { archiveEvents, runBackfill, type BatchDeps, type BatchOutcome } from '@shelflife/batch';
import { onlineRetailCsvPath } from './data-path';
import { onlineRetailCsvToEvents } from './online-retail';
import { scalePricesFrom } from './scale-prices';

const csvPath = onlineRetailCsvPath();
const haveData = existsSync(csvPath);
if (!haveData)
  console.warn(`SKIPPED: currency-flip audit check — ${csvPath} is missing (set SHELFLIFE_DATA_DIR to the shared data folder).`);

/** The sentinel's own batch audit (libs/quality), run in-process as the one-shot CLI does, with its history of approved runs. */
function inProcessSentinel(): BatchDeps['audit'] {
  let history: BatchAuditHistory = { approved: [] };
  return async (request: AuditBatchRequest) => {
    const parsed = batchAuditRequestFromWire(request);
    const result = auditBatch(parsed, history);
    if (result.approved) history = recordApprovedBatch(history, parsed);
    return result;
  };
}

async function backfillRetail(flipFromDay?: string): Promise<BatchOutcome[]> {
  const { events } = onlineRetailCsvToEvents(readFileSync(csvPath, 'utf8'));
  const store = await EmbeddedStore.open(IN_MEMORY);
  await archiveEvents(store, flipFromDay ? scalePricesFrom(events, flipFromDay, 0.92) : events);
  const outcomes = await runBackfill(
    store,
    { from: '2010-12-01', to: '2010-12-03' },
    {
      audit: inProcessSentinel(),
      announce: async () => undefined,
      now: () => Date.parse('2026-11-24T02:00:00Z'),
      // The revenue audit is under test, not the model: pairing only neighbours keeps three full-history runs quick.
      modelOptions: { pairWindow: 1 },
    },
  );
  await store.close();
  return outcomes;
}

(haveData ? describe : describe.skip)('audit gate on real invoices (Online Retail, 2010)', () => {
  it('publishes an honest backfill: its age is not a fault', async () => {
    const outcomes = await backfillRetail();
    expect(outcomes.map((outcome) => [outcome.window.from, outcome.backfill, outcome.published])).toEqual([
      ['2010-12-01', true, true],
      ['2010-12-02', true, true],
      ['2010-12-03', true, true],
    ]);
  }, 30_000);

  it('holds the day prices silently shrink by x0.92 under the same GBP label, and says why', async () => {
    const outcomes = await backfillRetail('2010-12-03');
    expect(outcomes.map((outcome) => outcome.published)).toEqual([true, true, false]);
    const held = outcomes[2];
    expect(held.reason).toMatch(/^revenue: held/);
    expect(held.findings.join('\n')).toMatch(/0\.92/);
    console.info(`held ${held.version}: ${held.reason}\n  ${held.findings.join('\n  ')}`);
  }, 30_000);
});
