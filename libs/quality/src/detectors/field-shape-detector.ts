import { EVENT_TYPES, KNOWN_FIELDS } from '@shelflife/contracts';
import { ALL_SOURCES, type AlertChange, type AlertKind } from '../alert';
import type { AlertBook } from '../alert-book';
import type { ObservedEvent } from '../observed-event';
import { alarmThreshold, type QualityOptions } from '../options';
import type { RateStreamState } from '../stats/rate-test';
import type { Detector } from './detector';
import { RateAlerts, type RateAlertSpec } from './rate-alerts';

type JsonKind = 'string' | 'number' | 'object';

/** The gateway contract's JSON shape, field by field (price's members are checked when price is an object). */
const TYPE_LEVEL_FIELDS: ReadonlyArray<readonly [string, JsonKind]> = [
  ['eventId', 'string'],
  ['userId', 'string'],
  ['sessionId', 'string'],
  ['productId', 'string'],
  ['price', 'object'],
  ['quantity', 'number'],
  ['occurredAt', 'string'],
];
const PRICE_FIELDS: ReadonlyArray<readonly [string, JsonKind]> = [
  ['amount', 'number'],
  ['currency', 'string'],
];
const KNOWN_TYPES: ReadonlySet<string> = new Set(EVENT_TYPES);

export interface FieldShapeState {
  /** Keyed "*" (all sources), source, and source|type. */
  streams: Map<string, RateStreamState>;
}

/**
 * Contract and schema drift as rates against learned baselines: fields that go missing, null,
 * empty or zero (a renamed field turns into protobuf defaults), change JSON type, unknown fields,
 * and new enum values.
 */
export class FieldShapeDetector implements Detector {
  readonly name = 'field-shape';
  private readonly alerts: RateAlerts;
  private readonly hits: string[] = [];

  constructor(
    options: QualityOptions,
    private readonly s: FieldShapeState = { streams: new Map() },
  ) {
    this.alerts = new RateAlerts(
      {
        h: alarmThreshold(options),
        warmupEvents: options.warmupEvents,
        horizonEvents: options.baselineHorizonEvents,
        profile: { minAlternative: 0.5, lift: 3 },
      },
      describe,
      s.streams,
    );
  }

  state(): FieldShapeState {
    return this.s;
  }

  observe(event: ObservedEvent, book: AlertBook, changes: AlertChange[]): void {
    const raw = event.raw;
    const hits = this.hits;
    hits.length = 0;
    if (!raw) hits.push('event:wrong_type');
    else {
      classify(raw, 'type', 'string', hits);
      if (typeof raw.type === 'string' && raw.type !== '' && !KNOWN_TYPES.has(raw.type)) hits.push(`enum:type=${raw.type.slice(0, 32)}`);
      if (typeof raw.source !== 'string' && raw.source !== undefined) hits.push('source:wrong_type');
      for (const [field, kind] of TYPE_LEVEL_FIELDS) classify(raw, field, kind, hits);
      const price = raw.price;
      if (typeof price === 'object' && price !== null && !Array.isArray(price)) {
        const priceObject = price as Record<string, unknown>;
        for (const [field, kind] of PRICE_FIELDS) classify(priceObject, field, kind, hits, 'price.');
        if (typeof priceObject.currency === 'string') hits.push(`enum:currency=${priceObject.currency.slice(0, 8)}`);
      }
      for (const key in raw) if (!KNOWN_FIELDS.has(key)) hits.push(`unknown:${key.slice(0, 64)}`);
    }
    // Every condition over all sources (a change everywhere shows within a few events) and per source
    // (a change in one small source is not diluted by the others).
    this.alerts.feed(ALL_SOURCES, ALL_SOURCES, '*', event, hits, book, changes);
    this.alerts.feed(event.source, event.source, '*', event, hits, book, changes);
    // Per source and type, the value conditions again: a fault of one type (purchases lose their
    // price) is diluted in the source's mix but plain in its own stream.
    if (!raw || !KNOWN_TYPES.has(event.eventType)) return;
    let kept = 0;
    for (const label of hits) if (isValueCondition(label)) hits[kept++] = label;
    hits.length = kept;
    this.alerts.feed(`${event.source}|${event.eventType}`, event.source, event.eventType, event, hits, book, changes);
  }
}

function describe(label: string, stream: RateStreamState): RateAlertSpec {
  const [field, category] = splitLabel(label);
  return { kind: kindOf(category), field, cause: causeOf(field, category, stream) };
}

/** Missing, null and empty fields: rates that differ by event type (views often carry no price). */
function isValueCondition(label: string): boolean {
  return label.endsWith(':missing') || label.endsWith(':null') || label.endsWith(':empty');
}

/** Adds the field's defect, if any, to `hits` as "field:category". */
function classify(obj: Record<string, unknown>, field: string, kind: JsonKind, hits: string[], prefix = ''): void {
  const value = obj[field];
  let category: string | undefined;
  if (value === undefined) category = 'missing';
  else if (value === null) category = 'null';
  else if (typeof value !== kind || (kind === 'object' && Array.isArray(value))) category = 'wrong_type';
  else if (value === '' || value === 0) category = 'empty';
  if (category) hits.push(`${prefix}${field}:${category}`);
}

function splitLabel(label: string): [string, string] {
  if (label.startsWith('unknown:')) return [label.slice(8), 'unknown'];
  if (label.startsWith('enum:')) {
    const [field, value] = label.slice(5).split('=');
    return [field === 'currency' ? 'price.currency' : field, `enum=${value}`];
  }
  const at = label.lastIndexOf(':');
  return [label.slice(0, at), label.slice(at + 1)];
}

function kindOf(category: string): AlertKind {
  if (category === 'wrong_type' || category === 'unknown') return 'schema_change';
  if (category.startsWith('enum=')) return 'new_enum_value';
  return 'null_burst';
}

function causeOf(field: string, category: string, stream: RateStreamState): string {
  switch (category) {
    case 'missing': {
      const renamedTo = [...stream.armed].find((label) => label.startsWith('unknown:'));
      return renamedTo
        ? `field ${field} is missing while ${renamedTo.slice(8)} appeared: the producer likely renamed it`
        : `field ${field} stopped arriving more often than its learned rate: a producer mapping or renamed field`;
    }
    case 'null':
      return `field ${field} arrives null far more often than its learned rate`;
    case 'empty':
      return `field ${field} arrives empty or zero (a protobuf default) far more often than its learned rate: likely a renamed or unmapped field upstream`;
    case 'wrong_type':
      return `field ${field} changed JSON type: an incompatible schema change upstream`;
    case 'unknown': {
      const missing = [...stream.armed].find((label) => label.endsWith(':missing'));
      return missing
        ? `unknown field ${field} appeared while ${missing.split(':')[0]} went missing: the producer likely renamed it`
        : `unknown field ${field} appeared: a producer on a newer contract`;
    }
    default:
      return `new value ${category.slice(5)} in ${field}: a producer on a newer contract, or a mislabelled value`;
  }
}
