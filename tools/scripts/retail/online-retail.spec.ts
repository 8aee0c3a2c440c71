import { existsSync, readFileSync } from 'node:fs';
import { EmbeddedStore, IN_MEMORY } from '@shelflife/store';
import { archiveEvents, computeDailyRevenue, formatGatewayNdjson, parseGatewayNdjson } from '@shelflife/batch';
import { onlineRetailCsvPath } from './data-path';
import { onlineRetailCsvToEvents } from './online-retail';
import { scalePricesFrom } from './scale-prices';

const csvPath = onlineRetailCsvPath();
const haveData = existsSync(csvPath);
if (!haveData) console.warn(`SKIPPED: Online Retail checks — ${csvPath} is missing (set SHELFLIFE_DATA_DIR to the shared data folder).`);
const describeWithData = haveData ? describe : describe.skip;

/**
 * Daily revenue straight from the CSV text, in integer pence, with no code shared with the converter:
 * the description is the only free-text column, so the fields after it are read from the right.
 */
function pencePerDayFromCsv(text: string): { pence: Map<string, bigint>; cancellations: number; nonPositive: number } {
  const pence = new Map<string, bigint>();
  let cancellations = 0;
  let nonPositive = 0;
  for (const line of text.trim().split('\n').slice(1)) {
    const cells = line.split(',');
    const [quantity, invoiceDate, unitPrice] = cells.slice(-5, -2);
    if (cells[0].startsWith('C')) {
      cancellations += 1;
      continue;
    }
    if (Number(quantity) <= 0) {
      nonPositive += 1;
      continue;
    }
    const [whole, fraction = ''] = unitPrice.split('.');
    const pricePence = BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0'));
    const day = invoiceDate.slice(0, 10);
    pence.set(day, (pence.get(day) ?? 0n) + pricePence * BigInt(quantity));
  }
  return { pence, cancellations, nonPositive };
}

describeWithData('Online Retail (real UK invoices) as purchase events', () => {
  const text = haveData ? readFileSync(csvPath, 'utf8') : '';

  it('gives daily revenue equal to a direct computation from the CSV, to the penny', async () => {
    const conversion = onlineRetailCsvToEvents(text);
    const direct = pencePerDayFromCsv(text);
    expect(conversion.skipped.invalid).toEqual([]);
    expect(conversion.skipped.cancellations).toBe(direct.cancellations);
    expect(conversion.skipped.nonPositiveQuantity).toBe(direct.nonPositive);
    console.info(
      `Online Retail: ${conversion.events.length} purchases; skipped ${conversion.skipped.cancellations} cancellation rows (invoice "C...") and ${conversion.skipped.nonPositiveQuantity} rows with quantity <= 0 (stock adjustments).`,
    );

    const store = await EmbeddedStore.open(IN_MEMORY);
    await archiveEvents(store, conversion.events);
    const days = [...direct.pence.keys()].sort();
    const { totals } = await computeDailyRevenue(store, { from: days[0], to: days[days.length - 1] });
    expect(totals.map((row) => row.date)).toEqual(days);
    for (const row of totals) {
      expect(row.currency).toBe('GBP');
      expect(row.revenue.nanos % 10_000_000).toBe(0); // whole pence, nothing lost below
      expect(BigInt(row.revenue.units) * 100n + BigInt(row.revenue.nanos / 10_000_000)).toBe(direct.pence.get(row.date));
    }
    await store.close();
  });

  it('survives the gateway NDJSON round trip unchanged', () => {
    const { events } = onlineRetailCsvToEvents(text);
    const reading = parseGatewayNdjson(formatGatewayNdjson(events));
    expect(reading.rejected).toEqual([]);
    expect(reading.events).toEqual(events);
  });

  it('gives each row a stable event id, so converting twice archives nothing new', async () => {
    const store = await EmbeddedStore.open(IN_MEMORY);
    const first = onlineRetailCsvToEvents(text).events;
    await archiveEvents(store, first);
    expect(await archiveEvents(store, onlineRetailCsvToEvents(text).events)).toEqual({ inserted: 0, duplicates: first.length });
    await store.close();
  });

  it('scales prices from a given day on, leaving the label and earlier days alone', () => {
    const { events } = onlineRetailCsvToEvents(text);
    const flipped = scalePricesFrom(events, '2010-12-03', 0.92);
    const before = events.findIndex((event) => event.occurredAt < Date.parse('2010-12-03T00:00:00Z'));
    const after = events.findIndex(
      (event) => event.occurredAt >= Date.parse('2010-12-03T00:00:00Z') && event.price?.units === 2 && event.price.nanos === 550_000_000,
    );
    expect(flipped[before]).toBe(events[before]);
    expect(flipped[after].price).toEqual({ currency: 'GBP', units: 2, nanos: 346_000_000 });
  });
});
