import { moneyFromDecimal, type ShopEvent } from '@shelflife/contracts';
import { deterministicUuid } from './deterministic-uuid';
import { parseCsv } from './parse-csv';

const REQUIRED_COLUMNS = ['InvoiceNo', 'StockCode', 'Quantity', 'InvoiceDate', 'UnitPrice', 'CustomerID'] as const;
const INVOICE_DATE = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2})(:\d{2})?$/;

export interface RetailConversionOptions {
  /** The shop's prices are in GBP. */
  currency?: string;
  source?: string;
}

export interface RetailConversion {
  events: ShopEvent[];
  /** Rows that are not sales and were left out, by reason. */
  skipped: {
    /** Invoice numbers starting with "C" are cancellations (with negative quantities). */
    cancellations: number;
    /** Quantity 0 or below on a normal invoice: stock adjustments, not sales. */
    nonPositiveQuantity: number;
    /** Rows that could not be read; each says which line and why. */
    invalid: { line: number; problem: string }[];
  };
}

/**
 * The UCI Online Retail CSV as purchase events: StockCode is the product, InvoiceNo the session
 * (one invoice = one order), UnitPrice an exact GBP amount, CustomerID the user (empty when anonymous),
 * InvoiceDate read as UTC (the shop is in the UK; the data is from winter, GMT = UTC).
 */
export function onlineRetailCsvToEvents(csvText: string, options: RetailConversionOptions = {}): RetailConversion {
  const currency = options.currency ?? 'GBP';
  const source = options.source ?? 'online-retail';
  const [header, ...rows] = parseCsv(csvText.replace(/^\uFEFF/, ''));
  if (!header) throw new Error('the Online Retail CSV is empty: expected a header row with InvoiceNo,StockCode,...');
  const column = Object.fromEntries(header.map((name, i) => [name.trim(), i]));
  const missing = REQUIRED_COLUMNS.filter((name) => column[name] === undefined);
  if (missing.length > 0) throw new Error(`the Online Retail CSV lacks column(s) ${missing.join(', ')}; its header is ${header.join(',')}`);

  const result: RetailConversion = { events: [], skipped: { cancellations: 0, nonPositiveQuantity: 0, invalid: [] } };
  rows.forEach((row, index) => {
    const line = index + 2;
    if (row.length === 1 && row[0] === '') return; // blank line
    const field = (name: (typeof REQUIRED_COLUMNS)[number]) => (row[column[name]] ?? '').trim();
    const invoice = field('InvoiceNo');
    if (invoice.startsWith('C')) {
      result.skipped.cancellations += 1;
      return;
    }
    const quantity = Number(field('Quantity'));
    if (Number.isInteger(quantity) && quantity <= 0) {
      result.skipped.nonPositiveQuantity += 1;
      return;
    }
    try {
      result.events.push(
        toPurchase(
          line,
          invoice,
          field('StockCode'),
          quantity,
          field('InvoiceDate'),
          field('UnitPrice'),
          field('CustomerID'),
          currency,
          source,
        ),
      );
    } catch (error) {
      result.skipped.invalid.push({ line, problem: (error as Error).message });
    }
  });
  return result;
}

function toPurchase(
  line: number,
  invoice: string,
  stockCode: string,
  quantity: number,
  invoiceDate: string,
  unitPrice: string,
  customerId: string,
  currency: string,
  source: string,
): ShopEvent {
  if (!invoice || !stockCode) throw new Error('InvoiceNo and StockCode must not be empty');
  if (!Number.isSafeInteger(quantity)) throw new Error(`Quantity ${JSON.stringify(quantity)} is not an integer`);
  const date = INVOICE_DATE.exec(invoiceDate);
  if (!date) throw new Error(`InvoiceDate ${JSON.stringify(invoiceDate)} is not "YYYY-MM-DD HH:MM[:SS]"`);
  const price = moneyFromDecimal(unitPrice, currency);
  if (price.units < 0 || price.nanos < 0) throw new Error(`UnitPrice ${unitPrice} is negative`);
  return {
    eventId: deterministicUuid(`online-retail|${line}|${invoice}|${stockCode}`),
    type: 'purchase',
    userId: customerId.replace(/\.0+$/, ''),
    sessionId: invoice,
    productId: stockCode,
    price,
    quantity,
    occurredAt: Date.parse(`${date[1]}T${date[2]}${date[3] ?? ':00'}Z`),
    source,
  };
}
