import { parseGatewayEvent } from '@shelflife/contracts';
import { buildCatalog } from './catalog';
import { generateSession, seededRandom } from './session-generator';

describe('generateSession', () => {
  const catalog = buildCatalog();

  it('produces events the gateway accepts', () => {
    const random = seededRandom(1);
    for (let i = 0; i < 200; i += 1) {
      for (const event of generateSession(random, catalog)) expect(parseGatewayEvent(event)).toMatchObject({ ok: true });
    }
  });

  it('puts accessories in the same sessions as their anchor product', () => {
    const random = seededRandom(7);
    let phoneSessions = 0;
    let withCase = 0;
    for (let i = 0; i < 500; i += 1) {
      const products = new Set(generateSession(random, catalog).map((e) => e.productId));
      if (products.has('phone-aurora-x1')) {
        phoneSessions += 1;
        if (products.has('case-aurora-x1')) withCase += 1;
      }
    }
    expect(phoneSessions).toBeGreaterThan(50);
    expect(withCase / phoneSessions).toBeGreaterThan(0.4);
  });
});
