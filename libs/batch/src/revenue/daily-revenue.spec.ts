import type { Money, ShopEvent } from '@shelflife/contracts';
import { EmbeddedStore, IN_MEMORY, type Store } from '@shelflife/store';
import { archiveEvents } from '../archive/archive-events';
import { computeDailyRevenue, computePriceSummary, lowerMedian } from './daily-revenue';

let counter = 0;
function event(
  type: ShopEvent['type'],
  sessionId: string,
  productId: string,
  price: Money | undefined,
  quantity: number,
  at: string,
): ShopEvent {
  counter += 1;
  const base: ShopEvent = {
    eventId: `e${counter}`,
    type,
    userId: '',
    sessionId,
    productId,
    quantity,
    occurredAt: Date.parse(at),
    source: 'test',
  };
  return price ? { ...base, price } : base;
}
const eur = (units: number, nanos: number): Money => ({ currency: 'EUR', units, nanos });
const usd = (units: number, nanos: number): Money => ({ currency: 'USD', units, nanos });

describe('computeDailyRevenue', () => {
  let store: Store;
  beforeEach(async () => {
    store = await EmbeddedStore.open(IN_MEMORY);
    await archiveEvents(store, [
      // 0.10 three times: a float sum would be 0.30000000000000004.
      event('purchase', 's1', 'A', eur(0, 100_000_000), 1, '2026-03-01T08:00:00Z'),
      event('purchase', 's1', 'A', eur(0, 100_000_000), 1, '2026-03-01T08:01:00Z'),
      event('purchase', 's2', 'A', eur(0, 100_000_000), 1, '2026-03-01T09:00:00Z'),
      // 19.99 x 3 = 59.97; nanos 990_000_000 x 3 carry into units.
      event('purchase', 's2', 'B', eur(19, 990_000_000), 3, '2026-03-01T09:05:00Z'),
      event('purchase', 's3', 'B', usd(21, 500_000_000), 2, '2026-03-01T10:00:00Z'),
      event('add_to_cart', 's4', 'B', eur(19, 990_000_000), 1, '2026-03-01T11:00:00Z'),
      event('view', 's4', 'B', undefined, 1, '2026-03-01T11:00:00Z'),
      event('purchase', 's5', 'A', eur(0, 100_000_000), 1, '2026-03-02T00:00:00Z'),
    ]);
  });
  afterEach(() => store.close());

  it('sums exactly per day and currency, never across currencies, counting orders as sessions', async () => {
    const { totals } = await computeDailyRevenue(store, { from: '2026-03-01', to: '2026-03-01' });
    expect(totals.map(({ date, currency, revenueDecimal, units, orders }) => ({ date, currency, revenueDecimal, units, orders }))).toEqual([
      { date: '2026-03-01', currency: 'EUR', revenueDecimal: '60.27', units: 6, orders: 2 },
      { date: '2026-03-01', currency: 'USD', revenueDecimal: '43', units: 2, orders: 1 },
    ]);
    expect(totals[0].revenue).toEqual({ currency: 'EUR', units: 60, nanos: 270_000_000 });
  });

  it('breaks the same figures down per product', async () => {
    const { perProduct } = await computeDailyRevenue(store, { from: '2026-03-01', to: '2026-03-02' });
    expect(
      perProduct.map(({ date, currency, productId, revenueDecimal, units, orders }) => [
        date,
        currency,
        productId,
        revenueDecimal,
        units,
        orders,
      ]),
    ).toEqual([
      ['2026-03-01', 'EUR', 'A', '0.3', 3, 2],
      ['2026-03-01', 'EUR', 'B', '59.97', 3, 1],
      ['2026-03-01', 'USD', 'B', '43', 2, 1],
      ['2026-03-02', 'EUR', 'A', '0.1', 1, 1],
    ]);
  });

  it('summarises the median paid unit price per product from purchases and carts', async () => {
    expect(await computePriceSummary(store, { from: '2026-03-01', to: '2026-03-01' })).toEqual({ A: 0.1, B: 19.99 });
    expect(lowerMedian([3, 1, 2, 10])).toBe(2);
    expect(lowerMedian([5, 1, 3])).toBe(3);
    expect(() => lowerMedian([])).toThrow(/at least one/);
  });
});
