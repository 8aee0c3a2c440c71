import { QualityMonitor, type QualitySnapshot } from '@shelflife/quality';
import { SentinelStateDocument } from '@shelflife/service-kit';
import type { Store } from '@shelflife/store';

import type { ShopEvent } from '@shelflife/contracts';

export const QUARANTINED_EVENTS = 'quarantined_events';

/** An event held back by a quarantine verdict, kept until a person replays or discards it. */
export interface QuarantinedEvent extends Record<string, unknown> {
  _id: string;
  event: ShopEvent;
  ingestedAt: number;
  /** The alerts whose verdicts held it. */
  alertIds: string[];
  keptAt: number;
}

/** Learned baselines survive restarts: a sentinel that forgets would start blind. */
export class MonitorState {
  private readonly document: SentinelStateDocument<QualitySnapshot>;

  constructor(store: Store) {
    this.document = new SentinelStateDocument(store, 'monitor');
  }

  async load(): Promise<QualityMonitor> {
    const saved = await this.document.load();
    return saved ? QualityMonitor.fromSnapshot(saved) : new QualityMonitor();
  }

  async save(monitor: QualityMonitor): Promise<void> {
    await this.document.save(monitor.toSnapshot());
  }
}
