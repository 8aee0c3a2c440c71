import { parseDiginetica } from './diginetica';
import { parseGroceries } from './groceries';
import { parseOnlineRetail } from './online-retail';
import { parseOtto } from './otto';
import { parseSessionTsv } from './session-tsv';

describe('loaders', () => {
  it('reads session-tsv (Unix seconds) and names a bad time', () => {
    expect(parseSessionTsv('SessionId\tItemId\tTime\n1\t214\t1396.5\n')).toEqual([
      { sessionId: '1', userId: '', itemId: '214', time: 1396500, type: 'view' },
    ]);
    expect(() => parseSessionTsv('SessionId\tItemId\tTime\n1\t214\tnoon\n', 'f.tsv')).toThrow(/f.tsv line 2: Time "noon"/);
    expect(() => parseSessionTsv('Session\tItem\n', 'f.tsv')).toThrow(/no column SessionId/);
  });

  it('reads DIGINETICA views: day plus offset, NA users as anonymous', () => {
    const [click] = parseDiginetica('session_id;user_id;item_id;timeframe;eventdate\n1;NA;81766;526309;2016-05-09\n');
    expect(click).toEqual({ sessionId: '1', userId: '', itemId: '81766', time: Date.UTC(2016, 4, 9) + 526309, type: 'view' });
  });

  it('maps OTTO event types onto the contract', () => {
    const parsed = parseOtto(
      '{"session":7,"events":[{"aid":1,"ts":10,"type":"clicks"},{"aid":2,"ts":20,"type":"carts"},{"aid":2,"ts":30,"type":"orders"}]}\n',
    );
    expect(parsed.map((click) => click.type)).toEqual(['view', 'add_to_cart', 'purchase']);
    expect(parsed[0]).toMatchObject({ sessionId: '7', userId: '7', itemId: '1', time: 10 });
  });

  it('reads Online Retail invoices, skipping cancellations and honouring quoted commas', () => {
    const csv =
      'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n' +
      '536365,85123A,"HEART, WHITE",6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom\n' +
      'C536379,D,Discount,-1,2010-12-01 09:41:00,27.5,14527.0,United Kingdom\n';
    expect(parseOnlineRetail(csv)).toEqual([
      { sessionId: '536365', userId: '17850', itemId: '85123A', time: Date.UTC(2010, 11, 1, 8, 26), type: 'purchase' },
    ]);
  });

  it('reads grocery baskets, one a line', () => {
    const parsed = parseGroceries('citrus fruit,margarine\nwhole milk\n', 0);
    expect(parsed.map((click) => [click.sessionId, click.itemId])).toEqual([
      ['basket-0', 'citrus fruit'],
      ['basket-0', 'margarine'],
      ['basket-1', 'whole milk'],
    ]);
  });
});
