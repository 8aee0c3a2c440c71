import * as fs from 'node:fs';
import * as path from 'node:path';

/** One product as the real Online Retail data shows it: how often it sells and at which unit prices. */
export interface CatalogProduct {
  id: string;
  /** Rows in the data: the popularity weight. */
  weight: number;
  /** Real price levels (GBP) with their shares, most common first. */
  levels: number[];
  levelShares: number[];
}

export interface Catalog {
  products: CatalogProduct[];
  /** Real basket sizes (lines per invoice). */
  basketSizes: number[];
  origin: string;
}

/** Price levels rarer than this share are dropped: one-off corrections are not a tier. */
const MIN_LEVEL_SHARE = 0.1;

export function dataDir(): string {
  return process.env.SHELFLIFE_DATA_DIR ?? path.resolve(__dirname, '../../../../shared/data');
}

/** The real catalog, or undefined with the reason when the data set is not beside the repository. */
export function loadRetailCatalog(dir = dataDir()): { catalog?: Catalog; reason?: string } {
  const file = path.join(dir, 'online-retail-10k', 'OnlineRetail.csv');
  if (!fs.existsSync(file)) return { reason: `${file} not found (set SHELFLIFE_DATA_DIR to the shared data folder)` };
  const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/).slice(1);
  const prices = new Map<string, Map<number, number>>();
  const invoices = new Map<string, number>();
  for (const line of lines) {
    const fields = splitCsv(line);
    if (fields.length < 8) continue;
    const [invoice, code, , quantity, , unitPrice] = fields;
    const price = Number(unitPrice);
    if (invoice.startsWith('C') || !(price > 0) || !(Number(quantity) > 0)) continue;
    const levels = prices.get(code) ?? new Map<number, number>();
    levels.set(price, (levels.get(price) ?? 0) + 1);
    prices.set(code, levels);
    invoices.set(invoice, (invoices.get(invoice) ?? 0) + 1);
  }
  const products: CatalogProduct[] = [];
  for (const [id, levels] of prices) {
    const total = [...levels.values()].reduce((a, b) => a + b, 0);
    const kept = [...levels].filter(([, count]) => count / total >= MIN_LEVEL_SHARE).sort((a, b) => b[1] - a[1]);
    const keptTotal = kept.reduce((sum, [, count]) => sum + count, 0);
    products.push({ id, weight: total, levels: kept.map(([price]) => price), levelShares: kept.map(([, count]) => count / keptTotal) });
  }
  products.sort((a, b) => b.weight - a.weight);
  return { catalog: { products, basketSizes: [...invoices.values()], origin: file } };
}

/** A synthetic catalog of the same shape, for machines without the data set. */
export function syntheticCatalog(random: () => number, size = 2000): Catalog {
  const products = Array.from({ length: size }, (_, i) => ({
    id: `SYN${i}`,
    weight: 1 / (i + 1),
    levels: [Math.round((0.5 + random() * 20) * 100) / 100],
    levelShares: [1],
  }));
  return { products, basketSizes: [1, 2, 3, 5, 8, 12], origin: 'synthetic (Zipf popularity, uniform prices)' };
}

function splitCsv(line: string): string[] {
  if (!line.includes('"')) return line.split(',');
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) {
      out.push(field);
      field = '';
    } else field += ch;
  }
  out.push(field);
  return out;
}
