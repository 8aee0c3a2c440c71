import {
  Outcome,
  SCHEMA_VERSION,
  eventFromProto,
  eventMessageAsEvidence,
  eventTimeStatus,
  type CollectResponse,
  type EventEnvelope,
  type EventMessage,
  type EventTimeOptions,
} from '@shelflife/contracts';
import {
  encodeEnvelopes,
  routingKeys,
  headers as H,
  startEventPublishSpan,
  type EventBus,
  type EventPublishSpan,
  type OutgoingMessage,
  type Topology,
} from '@shelflife/bus';
import { metrics } from '@shelflife/telemetry';
import { RecentIds } from './recent-ids';

interface Sorted {
  index: number;
  envelope: EventEnvelope;
  span: EventPublishSpan;
}

/**
 * The collector's one job: validate against the contract and publish with a confirm before answering.
 * A call's valid events go out as bundles (messages of up to 100 events in the order they came,
 * libs/bus envelope-codec.ts), so the broker works per call rather than per event. Repeats of a confirmed event id, and an id seen
 * earlier in the same call, go to the sentinel only (a retry storm is a signal) and are answered
 * DUPLICATE; contract violations go to the dead-letter exchange one by one with their reason, also
 * confirmed.
 */
export class EventPublisher {
  private readonly recent: RecentIds;

  constructor(
    private readonly bus: EventBus,
    private readonly names: Topology,
    dedupCapacity: number,
    private readonly eventTime: EventTimeOptions = {},
  ) {
    this.recent = new RecentIds(dedupCapacity);
  }

  /**
   * Publishes a call's events and answers per event, in order. Rejects as a whole when the broker does
   * not confirm every message: the caller answers 503 and the shop resends the same ids, which the
   * consumers take once.
   */
  async publishAll(events: EventMessage[], traceparents: string[] = []): Promise<CollectResponse[]> {
    const ingestedAt = Date.now();
    const results: CollectResponse[] = new Array<CollectResponse>(events.length);
    const accepted: Sorted[] = [];
    const repeats: Sorted[] = [];
    const rejects: OutgoingMessage[] = [];
    const inThisCall = new Set<string>();
    let late = 0;
    events.forEach((message, index) => {
      const parsed = eventFromProto(message, { receivedAt: ingestedAt, maxFutureSkewMs: this.eventTime.maxFutureSkewMs });
      if (!parsed.ok) {
        rejects.push(this.rejectMessage(message, parsed.reason, ingestedAt));
        results[index] = {
          outcome: Outcome.OUTCOME_REJECTED,
          eventId: message.eventId,
          reason: parsed.reason,
          code: parsed.code,
          problems: parsed.problems,
        };
        return;
      }
      const { eventId } = parsed.event;
      const span = startEventPublishSpan('rabbitmq', this.names.exchanges.events, traceparents[index] || undefined);
      const envelope: EventEnvelope = { schemaVersion: SCHEMA_VERSION, eventId, ingestedAt, event: parsed.event };
      if (span.traceparent) envelope.traceparent = span.traceparent;
      const repeat = this.recent.has(eventId) || inThisCall.has(eventId);
      inThisCall.add(eventId);
      (repeat ? repeats : accepted).push({ index, envelope, span });
      results[index] = {
        outcome: repeat ? Outcome.OUTCOME_DUPLICATE : Outcome.OUTCOME_ACCEPTED,
        eventId,
        reason: '',
        code: '',
        problems: [],
      };
      if (!repeat && eventTimeStatus(parsed.event.occurredAt, ingestedAt, this.eventTime) === 'late') late += 1;
    });
    const exchange = this.names.exchanges.events;
    const messages = [
      ...encodeEnvelopes(
        exchange,
        accepted.map((s) => s.envelope),
      ),
      ...encodeEnvelopes(
        exchange,
        repeats.map((s) => s.envelope),
        'duplicate',
      ),
      ...rejects,
    ];
    const spans = [...accepted, ...repeats].map((s) => s.span);
    try {
      await Promise.all(messages.map((m) => this.bus.publish(m)));
    } catch (error) {
      for (const span of spans) span.end(error);
      throw error;
    }
    for (const span of spans) span.end();
    // Remembered only once confirmed: an id whose publish failed is published again when the shop resends it.
    for (const { envelope } of accepted) this.recent.add(envelope.eventId);
    this.count(accepted.length, repeats.length, rejects.length, late);
    return results;
  }

  private rejectMessage(message: EventMessage, reason: string, ingestedAt: number): OutgoingMessage {
    return {
      exchange: this.names.exchanges.deadLetter,
      routingKey: routingKeys.rejected('collector'),
      body: Buffer.from(JSON.stringify(boundedCopy(eventMessageAsEvidence(message)))),
      messageId: message.eventId || undefined,
      headers: { [H.reason]: reason, [H.ingestedAt]: ingestedAt, [H.schemaVersion]: SCHEMA_VERSION },
    };
  }

  /** Counted once per call: a labelled inc per event cost visible CPU. */
  private count(accepted: number, duplicates: number, rejected: number, late: number): void {
    const m = metrics();
    if (late > 0) m.events.inc({ stage: 'collector', outcome: 'late' }, late);
    if (accepted > 0) m.events.inc({ stage: 'collector', outcome: 'accepted' }, accepted);
    if (duplicates > 0) m.events.inc({ stage: 'collector', outcome: 'duplicate' }, duplicates);
    if (rejected > 0) m.rejected.inc({ stage: 'collector', reason: 'contract' }, rejected);
  }
}

/** A dead-lettered event keeps its evidence, not its payload's size: a 1 MB id is kept as its first KiB. */
const DEAD_LETTER_STRING_CHARS = 1024;
const DEAD_LETTER_LIST_ITEMS = 64;

function boundedCopy(value: unknown): unknown {
  if (typeof value === 'string')
    return value.length > DEAD_LETTER_STRING_CHARS ? `${value.slice(0, DEAD_LETTER_STRING_CHARS)}…(${value.length} chars)` : value;
  if (Array.isArray(value))
    return value
      .slice(0, DEAD_LETTER_LIST_ITEMS)
      .map(boundedCopy)
      .concat(value.length > DEAD_LETTER_LIST_ITEMS ? [`…(${value.length} items)`] : []);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, boundedCopy(v)]));
  return value;
}
