import type { ShopEvent } from '@shelflife/contracts';
import { matchesVerdict, quarantineKeyOf, type QuarantineVerdict } from '@shelflife/quality';

/**
 * What the scorer and the batch aggregator consult before learning from an event: the sentinel's
 * current quarantine verdicts (it broadcasts the whole set whenever it changes).
 */
export class QuarantineGate {
  private verdicts: QuarantineVerdict[] = [];

  update(verdicts: QuarantineVerdict[]): void {
    this.verdicts = verdicts;
  }

  current(): QuarantineVerdict[] {
    return this.verdicts;
  }

  /** The verdict holding this event back, if any. */
  holding(event: ShopEvent): QuarantineVerdict | undefined {
    if (this.verdicts.length === 0) return undefined;
    const key = quarantineKeyOf(event);
    return this.verdicts.find((verdict) => matchesVerdict(key, verdict));
  }
}
