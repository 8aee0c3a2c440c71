/**
 * A corpus of hostile and lying events, each written once as an intent that both doors can carry
 * (the storefront's JSON and the collector's protobuf), with the fields the contract must refuse it
 * on. The property tests send each through both encodings; the end-to-end test sends each through
 * the running gateway and the running collector.
 */
export interface EventIntent {
  eventId?: string;
  /** A known type, or a number for a type neither door knows (JSON: "new-type-<n>", protobuf: the enum number). */
  type?: 'view' | 'add_to_cart' | 'remove_from_cart' | 'purchase' | number;
  userId?: string;
  sessionId?: string;
  productId?: string;
  source?: string;
  /** A decimal amount as text (exact in both encodings). */
  price?: { amount: string; currency: string };
  quantity: number;
  /** Epoch ms; absent: the receipt time. */
  occurredAt?: number;
  /** Top-level fields the contract does not know (protobuf: unknown_fields). */
  unknownFieldCount: number;
}

export interface HostileCase {
  name: string;
  intent: EventIntent;
  /** Fields the verdict must name, sorted; empty: accepted. */
  refused: string[];
}

const MINUTE = 60_000;
const DAY = 86_400_000;

export function hostileEvents(now: number): HostileCase[] {
  let n = 0;
  const id = () => {
    n += 1;
    return `6f1c2b9e-8d4a-4f1e-9a57-${String(n).padStart(12, '0')}`;
  };
  const base = (): EventIntent => ({
    eventId: id(),
    type: 'purchase',
    userId: 'u-1',
    sessionId: 's-1',
    productId: 'p-1',
    source: 'web',
    price: { amount: '19.99', currency: 'USD' },
    quantity: 1,
    occurredAt: now - MINUTE,
    unknownFieldCount: 0,
  });
  const with_ = (name: string, change: Partial<EventIntent>, refused: string[] = []): HostileCase => ({
    name,
    intent: { ...base(), ...change },
    refused,
  });
  const without = (name: string, field: keyof EventIntent, refused: string[] = []): HostileCase => {
    const intent = base();
    delete intent[field];
    return { name, intent, refused };
  };
  return [
    with_('a valid purchase', {}),
    with_('a valid view without a price', { type: 'view', price: undefined }),
    without('no eventId: one is assigned', 'eventId'),
    with_('eventId "x"', { eventId: 'x' }, ['eventId']),
    with_('eventId not a UUID (too long)', { eventId: `${'a'.repeat(200)}` }, ['eventId']),
    with_('eventId with a NUL', { eventId: '6f1c2b9e-8d4a-4f1e-9a57-2b8f3c1d0e1\u0000' }, ['eventId']),
    with_('eventId in upper case is the same id', { eventId: '6F1C2B9E-8D4A-4F1E-9A57-2B8F3C1D0E11' }),
    without('no type', 'type', ['type']),
    with_('a type nobody knows', { type: 42 }, ['type']),
    without('no sessionId', 'sessionId', ['sessionId']),
    with_('empty sessionId', { sessionId: '' }, ['sessionId']),
    with_('sessionId of 129 characters', { sessionId: 's'.repeat(129) }, ['sessionId']),
    with_('sessionId of 128 characters', { sessionId: 's'.repeat(128) }),
    with_('sessionId with a newline (log injection)', { sessionId: 's-1\n{"level":"error"}' }, ['sessionId']),
    without('no productId', 'productId', ['productId']),
    with_('a 1 MB productId', { productId: 'p'.repeat(1 << 20) }, ['productId']),
    with_('productId with an escape sequence', { productId: 'p-1\u001b[2J' }, ['productId']),
    with_('productId in another script', { productId: 'товар-1' }),
    with_('userId absent: anonymous', { userId: undefined }),
    with_('userId empty: anonymous', { userId: '' }),
    with_('userId of 10,000 characters', { userId: 'u'.repeat(10_000) }, ['userId']),
    with_('source of 10,000 characters', { source: 'w'.repeat(10_000) }, ['source']),
    with_('source of 65 characters', { source: 'w'.repeat(65) }, ['source']),
    with_('source with a tab', { source: 'web\tapp' }, ['source']),
    with_('source absent: unknown', { source: undefined }),
    with_('quantity 0', { quantity: 0 }, ['quantity']),
    with_('quantity -1', { quantity: -1 }, ['quantity']),
    with_('quantity 2,000,000,000', { quantity: 2_000_000_000 }, ['quantity']),
    with_('quantity 10,001', { quantity: 10_001 }, ['quantity']),
    with_('quantity 10,000', { quantity: 10_000 }),
    with_('currency "XXZ" (not ISO 4217)', { price: { amount: '19.99', currency: 'XXZ' } }, ['price.currency']),
    with_('currency in lower case', { price: { amount: '19.99', currency: 'usd' } }, ['price.currency']),
    with_('currency empty', { price: { amount: '19.99', currency: '' } }, ['price.currency']),
    with_('currency "DOLLARS"', { price: { amount: '19.99', currency: 'DOLLARS' } }, ['price.currency']),
    with_('a negative price', { price: { amount: '-1', currency: 'USD' } }, ['price.amount']),
    with_('a price over a billion', { price: { amount: '1000000000.01', currency: 'USD' } }, ['price.amount']),
    with_('a price of exactly a billion', { price: { amount: '1000000000', currency: 'USD' } }),
    with_('a free item', { price: { amount: '0', currency: 'USD' } }),
    with_('a yen price', { price: { amount: '1980', currency: 'JPY' } }),
    with_('a negative price in a bad currency', { price: { amount: '-5', currency: 'XXZ' } }, ['price.amount', 'price.currency']),
    without('a purchase without a price', 'price', ['price']),
    with_('an add to cart without a price', { type: 'add_to_cart', price: undefined }, ['price']),
    with_('a removal without a price', { type: 'remove_from_cart', price: undefined }),
    with_('dated one year ahead', { occurredAt: now + 365 * DAY }, ['occurredAt']),
    with_('dated 9999-12-31', { occurredAt: Date.UTC(9999, 11, 31) }, ['occurredAt']),
    with_('dated 6 minutes ahead', { occurredAt: now + 6 * MINUTE }, ['occurredAt']),
    with_('dated 4 minutes ahead (within the skew)', { occurredAt: now + 4 * MINUTE }),
    with_('dated at the epoch (a zeroed clock)', { occurredAt: 0 }, ['occurredAt']),
    with_('dated 1999-12-31', { occurredAt: Date.UTC(1999, 11, 31) }, ['occurredAt']),
    with_('dated three years ago (late, accepted)', { occurredAt: now - 3 * 365 * DAY }),
    without('no occurredAt: the receipt time', 'occurredAt'),
    with_('16 unknown fields', { unknownFieldCount: 16 }),
    with_('64 unknown fields', { unknownFieldCount: 64 }),
    with_('65 unknown fields', { unknownFieldCount: 65 }, ['unknownFields']),
    with_('10,000 unknown fields', { unknownFieldCount: 10_000 }, ['unknownFields']),
    with_(
      'everything wrong at once',
      {
        eventId: 'x',
        sessionId: '',
        productId: 'p'.repeat(200),
        quantity: 0,
        price: { amount: '-1', currency: 'XXZ' },
        occurredAt: now + 365 * DAY,
        source: 's'.repeat(100),
        unknownFieldCount: 100,
      },
      ['eventId', 'occurredAt', 'price.amount', 'price.currency', 'productId', 'quantity', 'sessionId', 'source', 'unknownFields'],
    ),
  ];
}
