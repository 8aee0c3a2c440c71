import type { Click } from '../session';
import { columnIndexes, splitCsvLine, textLines } from './csv-line';

/** UCI Online Retail invoices as baskets: one purchase click per line; cancellations (C...) and returns are left out. */
export function parseOnlineRetail(content: string, source = 'online-retail'): Click[] {
  const [header, ...rows] = textLines(content);
  if (!header) throw new Error(`${source}: empty file`);
  const columns = columnIndexes(splitCsvLine(header), ['InvoiceNo', 'StockCode', 'Quantity', 'InvoiceDate', 'CustomerID'] as const, source);
  const clicks: Click[] = [];
  for (const row of rows) {
    const fields = splitCsvLine(row);
    const invoice = fields[columns.InvoiceNo]!;
    if (invoice.startsWith('C') || !(Number(fields[columns.Quantity]) > 0)) continue;
    const time = Date.parse(fields[columns.InvoiceDate]!.replace(' ', 'T') + 'Z');
    if (!Number.isFinite(time))
      throw new Error(`${source}: invoice ${invoice} has an unreadable InvoiceDate ${fields[columns.InvoiceDate]}`);
    const customer = fields[columns.CustomerID]!.replace(/\.0$/, '');
    clicks.push({ sessionId: invoice, userId: customer, itemId: fields[columns.StockCode]!, time, type: 'purchase' });
  }
  return clicks;
}
