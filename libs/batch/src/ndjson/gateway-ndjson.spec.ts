import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ShopEvent } from '@shelflife/contracts';
import { formatGatewayNdjson, parseGatewayNdjson, toGatewayJson, writeGatewayNdjson } from './gateway-ndjson';

const anonymousPurchase: ShopEvent = {
  eventId: '0b6f5f0e-7f3c-4c1e-9d7a-2f4f1f0c9a11',
  type: 'purchase',
  userId: '',
  sessionId: '536365',
  productId: '85123A',
  price: { currency: 'GBP', units: 2, nanos: 550_000_000 },
  quantity: 6,
  occurredAt: Date.parse('2010-12-01T08:26:00Z'),
  source: 'online-retail',
};

describe('gateway NDJSON', () => {
  it('writes the storefront shape: decimal amount, RFC 3339 time, no userId for anonymous shoppers', () => {
    expect(toGatewayJson(anonymousPurchase)).toEqual({
      eventId: anonymousPurchase.eventId,
      type: 'purchase',
      sessionId: '536365',
      productId: '85123A',
      price: { amount: 2.55, currency: 'GBP' },
      quantity: 6,
      occurredAt: '2010-12-01T08:26:00.000Z',
      source: 'online-retail',
    });
  });

  it('reads lines back through the gateway validation and reports bad lines by number', () => {
    const text = `${formatGatewayNdjson([anonymousPurchase])}\nnot json\n{"type":"teleport","sessionId":"s","productId":"p"}\n`;
    const reading = parseGatewayNdjson(text, 0);
    expect(reading.events).toEqual([anonymousPurchase]);
    expect(reading.rejected.map((rejection) => [rejection.line, rejection.code])).toEqual([
      [3, 'INVALID_JSON'],
      [4, 'UNKNOWN_EVENT_TYPE'],
    ]);
  });

  it('writes a file and counts what it wrote', async () => {
    const directory = mkdtempSync(path.join(os.tmpdir(), 'shelflife-ndjson-'));
    const file = path.join(directory, 'events.ndjson');
    expect(await writeGatewayNdjson(file, [anonymousPurchase, anonymousPurchase])).toBe(2);
    expect(readFileSync(file, 'utf8')).toBe(formatGatewayNdjson([anonymousPurchase, anonymousPurchase]));
    rmSync(directory, { recursive: true, force: true });
  });
});
