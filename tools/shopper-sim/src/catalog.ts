/**
 * A small store with real affinities: each anchor product has accessories shoppers buy with it
 * (a phone, then its case and a charger). Long-tail products add noise, as real browsing does.
 */
export interface Product {
  id: string;
  price: number;
  accessories: string[];
}

const ANCHORS: { id: string; price: number; accessories: [string, number][] }[] = [
  {
    id: 'phone-aurora-x1',
    price: 799,
    accessories: [
      ['case-aurora-x1', 29.99],
      ['charger-usbc-30w', 24.99],
      ['screen-guard-aurora-x1', 12.5],
    ],
  },
  {
    id: 'phone-nimbus-5',
    price: 649,
    accessories: [
      ['case-nimbus-5', 24.99],
      ['charger-usbc-30w', 24.99],
      ['earbuds-nimbus', 89],
    ],
  },
  {
    id: 'laptop-aero-13',
    price: 1199,
    accessories: [
      ['sleeve-13in', 39.99],
      ['usbc-hub-7in1', 49.99],
      ['mouse-silent', 19.99],
    ],
  },
  {
    id: 'camera-lumen-m50',
    price: 899,
    accessories: [
      ['sd-card-128gb', 22.49],
      ['camera-bag-small', 45],
      ['tripod-travel', 79],
    ],
  },
  {
    id: 'coffee-machine-brio',
    price: 349,
    accessories: [
      ['coffee-beans-1kg', 18.9],
      ['descaler-pack', 9.99],
      ['milk-jug-steel', 14.5],
    ],
  },
  {
    id: 'console-orbit',
    price: 499,
    accessories: [
      ['controller-orbit', 59.99],
      ['headset-orbit', 79.99],
      ['game-starfall', 69.99],
    ],
  },
];

export function buildCatalog(longTail = 200): { anchors: Product[]; byId: Map<string, Product>; longTail: Product[] } {
  const byId = new Map<string, Product>();
  const anchors = ANCHORS.map((a) => ({ id: a.id, price: a.price, accessories: a.accessories.map(([id]) => id) }));
  for (const anchor of ANCHORS) {
    byId.set(anchor.id, { id: anchor.id, price: anchor.price, accessories: anchor.accessories.map(([id]) => id) });
    for (const [id, price] of anchor.accessories) if (!byId.has(id)) byId.set(id, { id, price, accessories: [] });
  }
  const tail: Product[] = [];
  for (let i = 0; i < longTail; i += 1) {
    const product = {
      id: `item-${String(i).padStart(4, '0')}`,
      price: Math.round((5 + ((i * 7919) % 300)) * 100) / 100 + 0.99,
      accessories: [],
    };
    tail.push(product);
    byId.set(product.id, product);
  }
  return { anchors, byId, longTail: tail };
}
