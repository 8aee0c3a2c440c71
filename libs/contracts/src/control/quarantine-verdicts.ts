import type { FieldProblem } from '../event-rules';
import { ObjectReader, type ControlSchema } from './control-codec';

/** One quarantine verdict on the wire: whose events the scorer and the batch aggregator must not learn from. */
export interface QuarantineVerdictMessage {
  /** The alert the verdict comes from. */
  alertId: string;
  /** The alert's kind; a reader treats a kind it does not know like any other (the hold is by source, type and currency). */
  kind: string;
  /** The source held, or "*" for every source. */
  source: string;
  /** The event type held, or "*" for every type. */
  eventType: string;
  /** The currency held, or "*" for every currency. */
  currency: string;
  field: string;
  sinceEventIndex: number;
  /** The first affected event's id ("" when unknown): learning since it is taken back. */
  sinceEventId: string;
  /** Epoch ms the verdict's alert was raised. */
  since: number;
  reason: string;
}

/**
 * `quarantine.verdict` on the control exchange: the sentinel's whole set of active verdicts, sent on
 * every change and repeated every few seconds (state, not news: an empty set lifts every hold).
 */
export interface QuarantineVerdictsMessage {
  verdicts: QuarantineVerdictMessage[];
  /** Epoch ms the set was sent. */
  at: number;
}

export const QUARANTINE_VERDICTS_SCHEMA: ControlSchema<QuarantineVerdictsMessage> = {
  name: 'quarantine verdicts',
  version: 1,
  read(body, _version, problems) {
    const message = ObjectReader.of(body, '', problems);
    if (!message) return { verdicts: [], at: 0 };
    return { verdicts: message.list('verdicts', (item, path) => readVerdict(item, path, problems)), at: message.number('at') };
  },
};

function readVerdict(item: unknown, path: string, problems: FieldProblem[]): QuarantineVerdictMessage {
  const verdict = ObjectReader.of(item, path, problems);
  if (!verdict) return EMPTY_VERDICT;
  return {
    alertId: verdict.text('alertId', { nonEmpty: true }),
    kind: verdict.text('kind', { nonEmpty: true }),
    source: verdict.text('source', { nonEmpty: true }),
    eventType: verdict.text('eventType', { nonEmpty: true }),
    currency: verdict.text('currency', { nonEmpty: true }),
    field: verdict.text('field'),
    sinceEventIndex: verdict.number('sinceEventIndex', { integer: true }),
    sinceEventId: verdict.text('sinceEventId'),
    since: verdict.number('since'),
    reason: verdict.text('reason'),
  };
}

const EMPTY_VERDICT: QuarantineVerdictMessage = {
  alertId: '',
  kind: '',
  source: '',
  eventType: '',
  currency: '',
  field: '',
  sinceEventIndex: 0,
  sinceEventId: '',
  since: 0,
  reason: '',
};
