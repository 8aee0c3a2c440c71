import { auditBatch, recordApprovedBatch, type BatchAuditHistory, type BatchAuditRequest, type BatchAuditResult } from '@shelflife/quality';
import type { Store } from '@shelflife/store';
import { SentinelStateDocument } from './sentinel-state-document';

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
