import type { QuarantineVerdict } from '@shelflife/quality';
import type { Store } from '@shelflife/store';
import { SentinelStateDocument } from './sentinel-state-document';

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
