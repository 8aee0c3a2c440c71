import { FaultSwitch } from './faults';
import type { SimEvent } from './session-generator';

const event: SimEvent = {
  eventId: 'e1',
  type: 'purchase',
  sessionId: 's1',
  productId: 'phone-aurora-x1',
  quantity: 1,
  occurredAt: '2026-01-01T00:00:00Z',
  source: 'web',
  price: { amount: 799, currency: 'USD' },
};

describe('FaultSwitch', () => {
  it('sends events unchanged while no fault is on', () => {
    expect(new FaultSwitch().apply(event)).toEqual(event);
  });

  it('multiplies every price by 0.92 (to the cent) under price-x0.92, leaving the original alone', () => {
    const faults = new FaultSwitch('price-x0.92');
    expect(faults.apply(event).price).toEqual({ amount: 735.08, currency: 'USD' });
    expect(faults.apply({ ...event, price: { amount: 24.99, currency: 'USD' } }).price!.amount).toBe(22.99);
    expect(event.price!.amount).toBe(799);
  });

  it('switches off again and refuses a fault it does not know', () => {
    const faults = new FaultSwitch('price-x0.92');
    faults.setFault('none');
    expect(faults.apply(event)).toEqual(event);
    expect(() => faults.setFault('price-x2')).toThrow(/unknown fault "price-x2": use one of none, price-x0.92/);
  });
});
