import type { ShopEvent } from '@shelflife/contracts';
import { ALL_SOURCES, type Alert, type QuarantineVerdict } from './alert';

/** Alert kinds whose events carry wrong values; a volume drop holds no bad data back. */
const QUARANTINING = new Set<Alert['kind']>([
  'price_unit_shift',
  'null_burst',
  'schema_change',
  'new_enum_value',
  'duplicate_events',
  'stale_events',
  'future_events',
  'frozen_timestamps',
  'mix_shift',
  'clock_skew',
  'content_duplicates',
  'constant_field',
  'unseen_product_ids',
]);

export function verdictsFromAlerts(alerts: readonly Alert[], currencyOf: (alertId: string) => string | undefined): QuarantineVerdict[] {
  const verdicts: QuarantineVerdict[] = [];
  for (const alert of alerts) {
    if (!alert.active || !QUARANTINING.has(alert.kind)) continue;
    verdicts.push({
      alertId: alert.id,
      kind: alert.kind,
      source: alert.source,
      // A new type value or a mix shift is about the whole source: its events are suspect as a whole.
      eventType: alert.kind === 'mix_shift' || alert.kind === 'new_enum_value' ? '*' : alert.eventType,
      currency: currencyOf(alert.id) ?? '*',
      field: alert.field,
      sinceEventIndex: alert.firstAffectedEventIndex,
      sinceEventId: alert.firstAffectedEventId,
      since: alert.raisedAt,
      reason: alert.cause,
    });
  }
  return verdicts;
}

/** The event's source, type and currency, read from a ShopEvent or a raw gateway object. */
export interface QuarantineKey {
  source: string;
  eventType: string;
  currency: string;
}

export function quarantineKeyOf(input: unknown): QuarantineKey {
  const raw = (typeof input === 'object' && input !== null ? input : {}) as Partial<ShopEvent> & Record<string, unknown>;
  const price = raw.price as { currency?: unknown } | undefined;
  return {
    source: typeof raw.source === 'string' && raw.source ? raw.source : 'unknown',
    eventType: typeof raw.type === 'string' ? raw.type : '?',
    currency: typeof price?.currency === 'string' ? price.currency : '',
  };
}

/** A verdict's source "*" holds every source (a fault seen across all of them). */
export function matchesVerdict(key: QuarantineKey, verdict: QuarantineVerdict): boolean {
  return (
    (verdict.source === ALL_SOURCES || verdict.source === key.source) &&
    (verdict.eventType === '*' || verdict.eventType === key.eventType) &&
    (verdict.currency === '*' || verdict.currency === key.currency)
  );
}
