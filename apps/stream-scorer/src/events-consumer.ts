import { decodeEnvelope, type MessageHandler } from '@shelflife/bus';
import type { RecommendationModel } from '@shelflife/recs';
import type { QuarantineGate } from '@shelflife/service-kit';
import { metrics, type Logger } from '@shelflife/telemetry';

/**
 * Learns from each event as it arrives. The broker ack comes after the model has applied it;
 * repeats (same eventId) are ignored by the model; quarantined events are acknowledged without
 * learning (the sentinel keeps them for a person to replay or discard).
 */
export function scorerEventHandler(model: RecommendationModel, gate: QuarantineGate, logger: Logger): MessageHandler {
  const m = metrics();
  return async (message) => {
    const decoded = decodeEnvelope(message);
    if (!decoded.ok) {
      m.rejected.inc({ stage: 'scorer', reason: 'poison' });
      return { action: 'dead-letter', reason: `scorer cannot read the message: ${decoded.reason}` };
    }
    const { event, ingestedAt } = decoded.envelope;
    const held = gate.holding(event);
    if (held) {
      m.events.inc({ stage: 'scorer', outcome: 'quarantined' });
      logger.debug({ eventId: event.eventId, alertId: held.alertId }, 'event held back by quarantine');
      return { action: 'ack' };
    }
    let applied: boolean;
    try {
      // Bounded by when the pipeline received it: one event dated ahead cannot move the model's clock (issue 13).
      applied = model.apply(event, ingestedAt);
    } catch (error) {
      // The model refuses an event it cannot use (it names the field); retrying would not help.
      m.rejected.inc({ stage: 'scorer', reason: 'unusable' });
      return { action: 'dead-letter', reason: `scorer cannot learn from event ${event.eventId}: ${(error as Error).message}` };
    }
    m.events.inc({ stage: 'scorer', outcome: applied ? 'applied' : 'duplicate' });
    if (applied) m.freshness.observe({ consumer: 'scorer' }, Math.max(0, Date.now() - ingestedAt) / 1000);
    return { action: 'ack' };
  };
}
