import { EVENT_TYPES } from '@shelflife/contracts';
import { ALL_SOURCES, type AlertChange, type AlertKind } from '../alert';
import type { AlertBook } from '../alert-book';
import { WATCHED_FIELDS, type FieldArrival } from '../event-view';
import type { ObservedEvent } from '../observed-event';
import { alarmThreshold, type QualityOptions } from '../options';
import type { RateStreamState } from '../stats/rate-test';
import type { Detector } from './detector';
import { RateAlerts, type RateAlertSpec } from './rate-alerts';

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
    const shape = event.shape;
    const hits = this.hits;
    hits.length = 0;
    if (!shape.isObject) hits.push('event:wrong_type');
    else {
      note('type', shape.type, hits);
      const type = shape.typeText;
      if (type !== undefined && type !== '' && !KNOWN_TYPES.has(type)) hits.push(`enum:type=${type.slice(0, 32)}`);
      if (shape.sourceWrongType) hits.push('source:wrong_type');
      for (const [field] of WATCHED_FIELDS) note(field, shape[field], hits);
      const price = shape.priceShape;
      if (price) {
        note('price.amount', price.amount, hits);
        note('price.currency', price.currency, hits);
        if (price.currencyText !== undefined) hits.push(`enum:currency=${price.currencyText.slice(0, 8)}`);
      }
      for (const name of shape.unknownFields) hits.push(`unknown:${name.slice(0, 64)}`);
    }
    // Every condition over all sources (a change everywhere shows within a few events) and per source
    // (a change in one small source is not diluted by the others).
    this.alerts.feed(ALL_SOURCES, ALL_SOURCES, '*', event, hits, book, changes);
    this.alerts.feed(event.source, event.source, '*', event, hits, book, changes);
    // Per source and type, the value conditions again: a fault of one type (purchases lose their
    // price) is diluted in the source's mix but plain in its own stream.
    if (!shape.isObject || !KNOWN_TYPES.has(event.eventType)) return;
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
function note(field: string, arrival: FieldArrival, hits: string[]): void {
  if (arrival !== 'sent') hits.push(`${field}:${arrival}`);
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
