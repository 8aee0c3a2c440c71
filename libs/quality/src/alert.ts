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

export interface Alert {
  /** Stable for the life of the alert: `${kind}:${source}:${scope}#${sequence}`. */
  id: string;
  kind: AlertKind;
  source: string;
  /** The watched field, e.g. "price.amount", "eventId", "type"; for whole-source alerts "*". */
  field: string;
  /** The event type the alert is about, or "*" for every type of the source. */
  eventType: string;
  /** Likely cause in words a person can act on. */
  cause: string;
  /** 0..1. */
  confidence: number;
  /** Epoch ms (ingest clock). */
  raisedAt: number;
  clearedAt?: number;
  /** 0-based index of the first event believed affected (the replay's line index). */
  firstAffectedEventIndex: number;
  firstAffectedEventId: string;
  /** Index of the event that made the alert reach its threshold. */
  raisedAtEventIndex: number;
  sampleProductIds: string[];
  /** Detector-specific figures (JSON-safe). */
  detail: Record<string, unknown>;
  active: boolean;
}

export interface AlertChange {
  change: 'raised' | 'cleared';
  alert: Alert;
}

/** Whose events an alert holds back from learning: the scorer and batch aggregator honour it. */
export interface QuarantineVerdict {
  alertId: string;
  kind: AlertKind;
  source: string;
  /** "*" for every event type. */
  eventType: string;
  /** "*" for every currency; set for price alerts. */
  currency: string;
  field: string;
  sinceEventIndex: number;
  sinceEventId: string;
  since: number;
  reason: string;
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
