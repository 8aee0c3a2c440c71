import { ackBundle, decodeEnvelopes, withEventSpan, type DeadLetterPart, type MessageHandler } from '@shelflife/bus';
import type { RecommendationModel } from '@shelflife/recs';
import type { QuarantineGate } from '@shelflife/service-kit';
import { metrics, type Logger } from '@shelflife/telemetry';

/**
 * Learns from each event of a message (a bundle) as it arrives. The broker ack comes after the model
 * has applied them all; repeats (same eventId) are ignored by the model, so a redelivered bundle
 * teaches nothing twice; quarantined events are acknowledged without learning (the sentinel keeps
 * them for a person to replay or discard); an event the model cannot use is dead-lettered alone.
 */
export function scorerEventHandler(model: RecommendationModel, gate: QuarantineGate, logger: Logger, queue: string): MessageHandler {
  const m = metrics();
  return async (message) => {
    const decoded = decodeEnvelopes(message);
    if (!decoded.ok) {
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
          unusable.push({ body: Buffer.from(JSON.stringify(event)), messageId: event.eventId, reason: `scorer cannot learn from event ${event.eventId}: ${(error as Error).message}` });
        }
      });
    }
    for (const [outcome, count] of Object.entries(counts)) if (count > 0) m.events.inc({ stage: 'scorer', outcome }, count);
    return ackBundle('scorer', decoded.unreadable, unusable);
  };
}
