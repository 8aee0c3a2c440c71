import type { SimEvent } from './session-generator';

/**
 * Faults the simulator can inject into what it sends, to watch the sentinel catch them:
 * - price-x0.92: every price is 0.92 of the catalogue's (an upstream feed that started applying a
 *   discount, or a currency conversion gone wrong), the canonical case of docs/quality.md.
 */
export const FAULTS = ['price-x0.92'] as const;
export type FaultName = (typeof FAULTS)[number];

/** The fault in force, switchable while shoppers run (the console's "start fault" button, or --fault). */
export class FaultSwitch {
  private active: FaultName | 'none' = 'none';

  constructor(initial = 'none') {
    this.setFault(initial);
  }

  faults(): readonly string[] {
    return FAULTS;
  }

  fault(): string {
    return this.active;
  }

  setFault(name: string): void {
    if (name !== 'none' && !(FAULTS as readonly string[]).includes(name))
      throw new Error(`unknown fault "${name}": use one of none, ${FAULTS.join(', ')}`);
    this.active = name as FaultName | 'none';
  }

  /** The event as the faulty upstream would send it (a copy; the original is untouched). */
  apply(event: SimEvent): SimEvent {
    if (this.active === 'price-x0.92' && event.price) {
      return { ...event, price: { ...event.price, amount: Math.round(event.price.amount * 0.92 * 100) / 100 } };
    }
    return event;
  }
}
