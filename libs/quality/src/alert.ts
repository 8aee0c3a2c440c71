import type { AlertRecordMessage, QuarantineVerdictMessage } from '@shelflife/contracts';

/** What the sentinel tells people and services. Maps onto shelflife.sentinel.v1.Alert. */
export const ALERT_KINDS = [
  'price_unit_shift',
  'null_burst',
  'schema_change',
  'new_enum_value',
  'duplicate_events',
  'stale_events',
  'future_events',
  'frozen_timestamps',
  'volume_drop',
  'mix_shift',
  'clock_skew',
  'content_duplicates',
  'constant_field',
  'unseen_product_ids',
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** The source of an alert or verdict about every source at once. */
export const ALL_SOURCES = '*';

/**
 * An alert as the detectors raise it: the wire shape the sentinel publishes (libs/contracts, where
 * every field is described), with the kind narrowed to the kinds this library knows.
 */
export interface Alert extends AlertRecordMessage {
  /** Stable for the life of the alert: `${kind}:${source}:${scope}#${sequence}`. */
  id: string;
  kind: AlertKind;
}

export interface AlertChange {
  change: 'raised' | 'cleared';
  alert: Alert;
}

/** Whose events an alert holds back from learning: the scorer and batch aggregator honour it. */
export interface QuarantineVerdict extends QuarantineVerdictMessage {
  kind: AlertKind;
}

/** What a detector knows when it raises: the book adds id, timing and state. */
export interface AlertDraft {
  kind: AlertKind;
  source: string;
  field: string;
  eventType: string;
  cause: string;
  confidence: number;
  firstAffectedEventIndex: number;
  firstAffectedEventId: string;
  sampleProductIds: string[];
  detail: Record<string, unknown>;
  /** Set for price alerts, so that quarantine holds only that currency. */
  currency?: string;
}
