import { ackBundle, decodeEnvelopes, withEventSpan, type DeadLetterPart, type MessageHandler } from '@shelflife/bus';
import type { RecommendationModel } from '@shelflife/recs';
import type { QuarantineGate } from '@shelflife/quality-gates';
import { metrics, type Logger } from '@shelflife/telemetry';
import type { StreamPosition } from './stream-position';

export interface ScorerEventHandlerOptions {
  model: RecommendationModel;
  gate: QuarantineGate;
  logger: Logger;
  stream: string;
  /** Advanced after each message: the offset a snapshot records. */
  position: StreamPosition;
  /** The stream no longer held `skipped` messages this reader should have read (awaited before the message is applied). */
  onGap(skipped: number, offset: number): Promise<void>;
}

/**
 * Learns from each event of a stream message (a bundle), in stream order. The position moves to the
 * message's offset once the model has applied all its events, in the same turn of the event loop, so a
 * snapshot (captured synchronously) always covers exactly the offsets up to the one it records.
 * Repeats (same eventId) are ignored by the model; quarantined events are passed over without learning
 * (the sentinel keeps them for a person to replay or discard); an event the model cannot use is
 * dead-lettered alone.
 */
export function scorerEventHandler(options: ScorerEventHandlerOptions): MessageHandler {
  const { model, gate, logger, stream: queue, position } = options;
  const m = metrics();
  return async (message) => {
    if (message.offset !== undefined) {
      const skipped = position.expectedGap(message.offset);
      if (skipped > 0) await options.onGap(skipped, message.offset);
    }
    const decoded = decodeEnvelopes(message);
    if (!decoded.ok) {
      if (message.offset !== undefined) position.applied(message.offset, undefined);
      m.rejected.inc({ stage: 'scorer', reason: 'poison' });
      return { action: 'dead-letter', reason: `scorer cannot read the message: ${decoded.reason}` };
    }
    if (decoded.unreadable.length > 0) m.rejected.inc({ stage: 'scorer', reason: 'poison' }, decoded.unreadable.length);
    const unusable: DeadLetterPart[] = [];
    const counts = { applied: 0, duplicate: 0, quarantined: 0 };
    const now = Date.now();
    for (const envelope of decoded.envelopes) {
      const { event, ingestedAt } = envelope;
      withEventSpan('rabbitmq', queue, envelope.traceparent, () => {
        const held = gate.holding(event);
        if (held) {
          counts.quarantined += 1;
          logger.debug({ eventId: event.eventId, alertId: held.alertId }, 'event held back by quarantine');
          return;
        }
        try {
          // Bounded by when the pipeline received it: one event dated ahead cannot move the model's clock (issue 13).
          const applied = model.apply(event, ingestedAt);
          counts[applied ? 'applied' : 'duplicate'] += 1;
          if (applied) m.freshness.observe({ consumer: 'scorer' }, Math.max(0, now - ingestedAt) / 1000);
        } catch (error) {
          // The model refuses an event it cannot use (it names the field); retrying would not help.
          m.rejected.inc({ stage: 'scorer', reason: 'unusable' });
          unusable.push({
            body: Buffer.from(JSON.stringify(event)),
            messageId: event.eventId,
            reason: `scorer cannot learn from event ${event.eventId}: ${(error as Error).message}`,
          });
        }
      });
    }
    if (message.offset !== undefined) {
      position.applied(message.offset, decoded.envelopes.at(-1)?.ingestedAt);
      m.streamOffset.set({ consumer: 'scorer' }, message.offset);
    }
    for (const [outcome, count] of Object.entries(counts)) if (count > 0) m.events.inc({ stage: 'scorer', outcome }, count);
    return ackBundle('scorer', decoded.unreadable, unusable);
  };
}
