import { addMoney, moneyFromDecimal, moneyToDecimalString, moneyToNumber, multiplyMoney } from './money';

describe('money', () => {
  it.each([
    [19.99, 19, 990_000_000, '19.99'],
    [0.1, 0, 100_000_000, '0.1'],
    [1e-9, 0, 1, '0.000000001'],
    [1234567.89, 1234567, 890_000_000, '1234567.89'],
    [5, 5, 0, '5'],
  ])('keeps %p exact as units + nanos', (amount, units, nanos, text) => {
    const money = moneyFromDecimal(amount, 'USD');
    expect(money).toEqual({ currency: 'USD', units, nanos });
    expect(moneyToDecimalString(money)).toBe(text);
  });

  it('sums cents exactly where floats drift', () => {
    let total = moneyFromDecimal(0, 'USD');
    let float = 0;
    for (let i = 0; i < 1000; i += 1) {
      total = addMoney(total, moneyFromDecimal(0.1, 'USD'));
      float += 0.1;
    }
    expect(moneyToDecimalString(total)).toBe('100');
    expect(float).not.toBe(100);
  });

  it('multiplies by a quantity exactly', () => {
    expect(moneyToDecimalString(multiplyMoney(moneyFromDecimal(2.55, 'GBP'), 3))).toBe('7.65');
  });

  it('never adds two currencies', () => {
    expect(() => addMoney(moneyFromDecimal(1, 'USD'), moneyFromDecimal(1, 'EUR'))).toThrow(/cannot add EUR to USD|cannot add USD to EUR/);
  });

  it('refuses more than nine decimals and non-finite amounts', () => {
    expect(() => moneyFromDecimal('1.0000000001', 'USD')).toThrow(/at most 9 fractional digits/);
    expect(() => moneyFromDecimal(Infinity, 'USD')).toThrow(/not finite/);
  });

  it('converts to a number for statistics only', () => {
    expect(moneyToNumber(moneyFromDecimal(19.99, 'USD'))).toBeCloseTo(19.99, 9);
  });
});
