import { Storefront, evidenceFor, productName } from './storefront';

describe('the evidence behind a recommended item', () => {
  const relations = new Map([
    [
      'phone-aurora-x1',
      [
        { productId: 'case-aurora-x1', score: 0.8 },
        { productId: 'charger-usbc-30w', score: 0.5 },
      ],
    ],
    [
      'laptop-aero-13',
      [
        { productId: 'mouse-silent', score: 0.6 },
        { productId: 'charger-usbc-30w', score: 0.7 },
      ],
    ],
  ]);

  it('names the session product whose relations rank the item highest', () => {
    expect(evidenceFor('case-aurora-x1', ['phone-aurora-x1', 'laptop-aero-13'], relations)).toEqual({
      seed: 'phone-aurora-x1',
      relationScore: 0.8,
      rank: 1,
      of: 2,
    });
  });

  it('breaks a tie of ranks by the stronger relation', () => {
    expect(evidenceFor('charger-usbc-30w', ['phone-aurora-x1', 'laptop-aero-13'], relations)).toEqual({
      seed: 'laptop-aero-13',
      relationScore: 0.7,
      rank: 2,
      of: 2,
    });
  });

  it('has none for an item no session product relates to (popular filler)', () => {
    expect(evidenceFor('item-0001', ['phone-aurora-x1'], relations)).toBeNull();
  });

  it('names products after their ids', () => {
    expect(productName('phone-aurora-x1')).toBe('Phone Aurora X1');
    expect(productName('sd-card-128gb')).toBe('Sd Card 128gb');
  });
});

describe('a click posted to the gateway', () => {
  async function postedWith(ingestKey?: string) {
    const http = await import('node:http');
    const seen: { authorization?: string; body: Record<string, unknown> }[] = [];
    const gateway = http.createServer((request, response) => {
      let text = '';
      request.on('data', (chunk: Buffer) => (text += chunk.toString()));
      request.on('end', () => {
        seen.push({ authorization: request.headers.authorization, body: JSON.parse(text) as Record<string, unknown> });
        response.writeHead(202, { 'content-type': 'application/json' }).end('{"accepted":1}');
      });
    });
    await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
    const { port } = gateway.address() as import('node:net').AddressInfo;
    const pino = (await import('pino')).default;
    const { noStore } = await import('./store-access');
    const storefront = new Storefront({
      gatewayUrl: `http://127.0.0.1:${port}`,
      ingestKey,
      scorer: {} as never,
      stores: noStore('not needed'),
      catalogue: [],
      logger: pino({ level: 'silent' }),
    });
    const answer = await storefront.click({ sessionId: 's-1', productId: 'phone-aurora-x1', type: 'view' });
    await new Promise<void>((resolve) => gateway.close(() => resolve()));
    return { answer, seen: seen[0]! };
  }

  it("sends the console's key and lets the key name the source when the gateway asks for keys", async () => {
    const { answer, seen } = await postedWith('console-key');
    expect(answer.status).toBe(202);
    expect(seen.authorization).toBe('Bearer console-key');
    expect(seen.body.source).toBeUndefined();
  });

  it('sends no key and names the web source when none is configured', async () => {
    const { seen } = await postedWith(undefined);
    expect(seen.authorization).toBeUndefined();
    expect(seen.body.source).toBe('web');
  });
});
