import type { AlertMessage, Timestamp } from '@shelflife/contracts';
import type { Alert } from '@shelflife/quality';

function timestamp(ms: number): Timestamp {
  return { seconds: String(Math.floor(ms / 1000)), nanos: (ms % 1000) * 1_000_000 };
}

/** The detector's alert in the wire shape of shelflife.sentinel.v1.Alert. */
export function toAlertMessage(alert: Alert): AlertMessage {
  return {
    id: alert.id,
    kind: alert.kind,
    source: alert.source,
    field: alert.field,
    cause: alert.cause,
    confidence: alert.confidence,
    raisedAt: timestamp(alert.raisedAt),
    clearedAt: alert.clearedAt === undefined ? undefined : timestamp(alert.clearedAt),
    firstAffectedEventId: alert.firstAffectedEventId,
    sampleProductIds: alert.sampleProductIds,
    detailJson: JSON.stringify(alert.detail),
    active: alert.active,
    eventType: alert.eventType,
  };
}
