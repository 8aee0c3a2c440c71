import { ObjectReader, type ControlSchema } from './control-codec';

/** An alert as the sentinel publishes it (the detector's alert, JSON-safe). */
export interface AlertRecordMessage {
  /** Stable for the life of the alert. */
  id: string;
  /** The detector's kind; readers treat a kind they do not know as opaque. */
  kind: string;
  source: string;
  field: string;
  eventType: string;
  cause: string;
  /** 0..1. */
  confidence: number;
  /** Epoch ms. */
  raisedAt: number;
  clearedAt?: number;
  firstAffectedEventIndex: number;
  firstAffectedEventId: string;
  raisedAtEventIndex: number;
  sampleProductIds: string[];
  /** Detector-specific figures. */
  detail: Record<string, unknown>;
  active: boolean;
}

export const ALERT_CHANGES = ['raised', 'cleared'] as const;

/** `alert.<raised|cleared>.<kind>` on the alerts exchange. */
export interface AlertChangeMessage {
  change: (typeof ALERT_CHANGES)[number];
  alert: AlertRecordMessage;
}

export const ALERT_CHANGE_SCHEMA: ControlSchema<AlertChangeMessage> = {
  name: 'alert change',
  version: 1,
  read(body, _version, problems) {
    const message = ObjectReader.of(body, '', problems);
    const change = message ? message.oneOf('change', ALERT_CHANGES) : 'raised';
    const alert = message?.child('alert');
    if (!alert) return { change, alert: EMPTY_ALERT };
    const clearedAt = alert.optionalNumber('clearedAt');
    return {
      change,
      alert: {
        id: alert.text('id', { nonEmpty: true }),
        kind: alert.text('kind', { nonEmpty: true }),
        source: alert.text('source', { nonEmpty: true }),
        field: alert.text('field'),
        eventType: alert.text('eventType'),
        cause: alert.text('cause'),
        confidence: alert.number('confidence'),
        raisedAt: alert.number('raisedAt'),
        ...(clearedAt === undefined ? {} : { clearedAt }),
        firstAffectedEventIndex: alert.number('firstAffectedEventIndex', { integer: true }),
        firstAffectedEventId: alert.text('firstAffectedEventId'),
        raisedAtEventIndex: alert.number('raisedAtEventIndex', { integer: true }),
        sampleProductIds: alert.strings('sampleProductIds'),
        detail: alert.object('detail'),
        active: alert.boolean('active'),
      },
    };
  },
};

const EMPTY_ALERT: AlertRecordMessage = {
  id: '',
  kind: '',
  source: '',
  field: '',
  eventType: '',
  cause: '',
  confidence: 0,
  raisedAt: 0,
  firstAffectedEventIndex: 0,
  firstAffectedEventId: '',
  raisedAtEventIndex: 0,
  sampleProductIds: [],
  detail: {},
  active: false,
};
