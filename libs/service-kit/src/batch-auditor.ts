import { auditBatch, recordApprovedBatch, type BatchAuditHistory, type BatchAuditRequest, type BatchAuditResult } from '@shelflife/quality';
import type { Store } from '@shelflife/store';

export const SENTINEL_STATE = 'sentinel_state';

interface StateDocument extends Record<string, unknown> {
  _id: string;
  /** JSON text: learned state has keys (product ids, field names) MongoDB would not accept as field names. */
  json: string;
  savedAt: number;
}

/** A JSON value kept under a name in the sentinel's state collection. */
export class SentinelStateDocument<T> {
  constructor(
    private readonly store: Store,
    private readonly id: string,
  ) {}

  async load(): Promise<T | undefined> {
    const saved = await this.store.collection<StateDocument>(SENTINEL_STATE).findOne({ _id: this.id });
    return saved ? (JSON.parse(saved.json) as T) : undefined;
  }

  async save(value: T): Promise<void> {
    await this.store
      .collection<StateDocument>(SENTINEL_STATE)
      .updateOne({ _id: this.id }, { $set: { json: JSON.stringify(value), savedAt: Date.now() } }, { upsert: true });
  }
}

/**
 * The batch audit with its memory: judges a batch against past approved ones and remembers it when
 * approved. The sentinel serves it over gRPC; a one-shot batch run with no sentinel uses it directly,
 * so the audit is never skipped.
 */
export class BatchAuditor {
  private readonly history: SentinelStateDocument<BatchAuditHistory>;
  /** Audits run one at a time: two concurrent read-judge-write cycles would lose one's history. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(store: Store) {
    this.history = new SentinelStateDocument(store, 'audit-history');
  }

  audit(request: BatchAuditRequest): Promise<BatchAuditResult> {
    const run = this.queue.then(() => this.auditNow(request));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async auditNow(request: BatchAuditRequest): Promise<BatchAuditResult> {
    const history = (await this.history.load()) ?? { approved: [] };
    const result = auditBatch(request, history);
    if (result.approved) await this.history.save(recordApprovedBatch(history, request));
    return result;
  }
}
