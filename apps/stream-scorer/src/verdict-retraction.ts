import { matchesVerdict, quarantineKeyOf, type QuarantineVerdict } from '@shelflife/quality';
import type { JournalEvent, RecommendationModel } from '@shelflife/recs';
import { metrics, type Logger } from '@shelflife/telemetry';

/**
 * The verdicts of a broadcast that were not active before it. The sentinel repeats its verdicts every 10 s
 * and rebroadcasts the whole set on every change, so only an alertId not seen in the previous set is news.
 */
export function newVerdicts(previous: readonly QuarantineVerdict[], verdicts: readonly QuarantineVerdict[]): QuarantineVerdict[] {
  const active = new Set(previous.map((verdict) => verdict.alertId));
  return verdicts.filter((verdict) => !active.has(verdict.alertId));
}

/**
 * Takes back what the model learned from the events a new verdict covers, from its first affected event on
 * (`sinceEventId`; when the model never applied that id, from the verdict's `since`). The same matching as the
 * QuarantineGate (libs/quality's quarantineKeyOf + matchesVerdict), applied to the journal's fields.
 */
export function retractVerdict(model: RecommendationModel, verdict: QuarantineVerdict, logger: Logger): number {
  const started = process.hrtime.bigint();
  const covered = (event: JournalEvent) =>
    matchesVerdict(quarantineKeyOf({ source: event.source, type: event.type, price: { currency: event.currency } }), verdict);
  const result = model.retract(covered, { eventId: verdict.sinceEventId || undefined, at: verdict.since });
  metrics().retracted.inc({ kind: verdict.kind }, result.events);
  logger.info(
    {
      alertId: verdict.alertId,
      kind: verdict.kind,
      source: verdict.source,
      eventType: verdict.eventType,
      currency: verdict.currency,
      sinceEventId: verdict.sinceEventId,
      anchor: result.anchor,
      retracted: result.events,
      ms: Number(process.hrtime.bigint() - started) / 1e6,
    },
    'learning since the first affected event retracted for a new quarantine verdict',
  );
  return result.events;
}
