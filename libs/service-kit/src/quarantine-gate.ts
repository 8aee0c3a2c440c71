import type { ShopEvent } from '@shelflife/contracts';
import { matchesVerdict, quarantineKeyOf, type QuarantineVerdict } from '@shelflife/quality';
import type { Store } from '@shelflife/store';
import { SentinelStateDocument } from './batch-auditor';

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

/**
 * The sentinel's active verdicts, also kept in the shared store: a scorer that restarts catches up from the
 * archive before any broadcast reaches it, and must not re-learn what is held back meanwhile.
 */
export class ActiveVerdicts {
  private readonly document: SentinelStateDocument<QuarantineVerdict[]>;

  constructor(store: Store) {
    this.document = new SentinelStateDocument(store, 'active-verdicts');
  }

  async load(): Promise<QuarantineVerdict[]> {
    return (await this.document.load()) ?? [];
  }

  save(verdicts: QuarantineVerdict[]): Promise<void> {
    return this.document.save(verdicts);
  }
}

export interface QuarantineBroadcast {
  verdicts: QuarantineVerdict[];
  at: number;
}
