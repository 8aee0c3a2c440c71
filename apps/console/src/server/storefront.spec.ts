import { evidenceFor, productName } from './storefront';

describe('the evidence behind a recommended item', () => {
  const relations = new Map([
    ['phone-aurora-x1', [{ productId: 'case-aurora-x1', score: 0.8 }, { productId: 'charger-usbc-30w', score: 0.5 }]],
    ['laptop-aero-13', [{ productId: 'mouse-silent', score: 0.6 }, { productId: 'charger-usbc-30w', score: 0.7 }]],
  ]);

  it('names the session product whose relations rank the item highest', () => {
    expect(evidenceFor('case-aurora-x1', ['phone-aurora-x1', 'laptop-aero-13'], relations)).toEqual({ seed: 'phone-aurora-x1', relationScore: 0.8, rank: 1, of: 2 });
  });

  it('breaks a tie of ranks by the stronger relation', () => {
    expect(evidenceFor('charger-usbc-30w', ['phone-aurora-x1', 'laptop-aero-13'], relations)).toEqual({ seed: 'laptop-aero-13', relationScore: 0.7, rank: 2, of: 2 });
  });

  it('has none for an item no session product relates to (popular filler)', () => {
    expect(evidenceFor('item-0001', ['phone-aurora-x1'], relations)).toBeNull();
  });

  it('names products after their ids', () => {
    expect(productName('phone-aurora-x1')).toBe('Phone Aurora X1');
    expect(productName('sd-card-128gb')).toBe('Sd Card 128gb');
  });
});
