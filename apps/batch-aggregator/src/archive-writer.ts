import type { EventEnvelope } from '@shelflife/contracts';
import { archiveEnvelopes } from '@shelflife/batch';
import { ackBundle, decodeEnvelopes, withEventSpan, type MessageHandler } from '@shelflife/bus';
import type { Store } from '@shelflife/store';
import { metrics } from '@shelflife/telemetry';

interface Waiting {
  envelope: EventEnvelope;
  done: (error?: Error) => void;
}

/**
 * Archives events in bulk (unordered, idempotent on eventId) and acknowledges each message only
 * after the insert holding it is durable: a crash before then means redelivery, never loss.
 */
export class ArchiveWriter {
  private waiting: Waiting[] = [];
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly store: Store,
    private readonly options: { batchSize: number; lingerMs: number },
  ) {}

  /** Every event of a message (a bundle) is archived before the message is acknowledged. */
  handler(queue: string): MessageHandler {
    return async (message) => {
      const decoded = decodeEnvelopes(message);
      if (!decoded.ok) return { action: 'dead-letter', reason: `archive cannot read the message: ${decoded.reason}` };
      await Promise.all(
        decoded.envelopes.map((envelope) => withEventSpan('rabbitmq', queue, envelope.traceparent, () => this.add(envelope))),
      );
      return ackBundle('archive', decoded.unreadable);
    };
  }

  private add(envelope: EventEnvelope): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ envelope, done: (error) => (error ? reject(error) : resolve()) });
      if (this.waiting.length >= this.options.batchSize) this.flush();
      else if (!this.timer) this.timer = setTimeout(() => this.flush(), this.options.lingerMs);
    });
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.waiting;
    this.waiting = [];
    if (batch.length === 0) return;
    archiveEnvelopes(
      this.store,
      batch.map((w) => w.envelope),
    ).then(
      (result) => {
        const m = metrics();
        m.events.inc({ stage: 'archive', outcome: 'stored' }, result.inserted);
        m.events.inc({ stage: 'archive', outcome: 'duplicate' }, result.duplicates);
        const now = Date.now();
        for (const w of batch) m.freshness.observe({ consumer: 'archive' }, Math.max(0, now - w.envelope.ingestedAt) / 1000);
        for (const w of batch) w.done();
      },
      (error: Error) => {
        for (const w of batch) w.done(error);
      },
    );
  }
}
