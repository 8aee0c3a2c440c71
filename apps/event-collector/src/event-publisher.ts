import { context, propagation, trace, type Link } from '@opentelemetry/api';
import { SCHEMA_VERSION, eventFromProto, eventTimeStatus, type CollectResponse, type EventTimeOptions } from '@shelflife/contracts';
import type { EventMessage__Output as Event__Output } from '@shelflife/contracts';
import { encodeEnvelope, routingKeys, headers as H, type EventBus, type Topology } from '@shelflife/bus';
import { metrics } from '@shelflife/telemetry';
import { RecentIds } from './recent-ids';

const tracer = trace.getTracer('event-collector');

/**
 * The collector's one job: validate against the contract and publish with a confirm before answering.
 * Repeats of a confirmed event id go to the sentinel only (a retry storm is a signal); contract
 * violations go to the dead-letter exchange with the reason, also confirmed.
 */
export class EventPublisher {
  private readonly recent: RecentIds;
  /** Outcomes counted as plain numbers and added to the metrics once per batch (a labelled inc per event cost visible CPU). */
  private readonly tally = { accepted: 0, duplicates: 0, rejected: 0, late: 0 };

  constructor(private readonly bus: EventBus, private readonly names: Topology, dedupCapacity: number, private readonly eventTime: EventTimeOptions = {}) {
    this.recent = new RecentIds(dedupCapacity);
  }

  /** Publishes a batch concurrently (confirms are pipelined); rejects as a whole when the broker is unavailable. */
  publishAll(events: Event__Output[], traceparents: string[] = []): Promise<CollectResponse[]> {
    const batchLink: Link[] = [];
    const active = trace.getActiveSpan();
    if (active) batchLink.push({ context: active.spanContext() });
    return Promise.all(events.map((event, index) => {
      const carrier = traceparents[index] ? { traceparent: traceparents[index] } : {};
      const parent = traceparents[index] ? propagation.extract(context.active(), carrier) : context.active();
      return tracer.startActiveSpan('collect event', { links: batchLink }, parent, async (span) => {
        try {
          return await this.publishOne(event);
        } finally {
          span.end();
        }
      });
    })).finally(() => this.flushTally());
  }

  private async publishOne(message: Event__Output): Promise<CollectResponse> {
    const ingestedAt = Date.now();
    const parsed = eventFromProto(message, { receivedAt: ingestedAt, maxFutureSkewMs: this.eventTime.maxFutureSkewMs });
    if (!parsed.ok) {
      await this.bus.publish({
        exchange: this.names.exchanges.deadLetter,
        routingKey: routingKeys.rejected('collector'),
        body: Buffer.from(JSON.stringify(message)),
        messageId: message.eventId || undefined,
        headers: { [H.reason]: parsed.reason, [H.ingestedAt]: ingestedAt, [H.schemaVersion]: SCHEMA_VERSION },
      });
      this.tally.rejected += 1;
      return { outcome: 'OUTCOME_REJECTED', eventId: message.eventId, reason: parsed.reason };
    }
    const envelope = { schemaVersion: SCHEMA_VERSION, eventId: parsed.event.eventId, ingestedAt, event: parsed.event };
    if (this.recent.has(envelope.eventId)) {
      await this.bus.publish(encodeEnvelope(this.names.exchanges.events, envelope, 'duplicate'));
      this.tally.duplicates += 1;
      return { outcome: 'OUTCOME_DUPLICATE', eventId: envelope.eventId, reason: '' };
    }
    await this.bus.publish(encodeEnvelope(this.names.exchanges.events, envelope));
    this.recent.add(envelope.eventId);
    this.tally.accepted += 1;
    if (eventTimeStatus(parsed.event.occurredAt, ingestedAt, this.eventTime) === 'late') this.tally.late += 1;
    return { outcome: 'OUTCOME_ACCEPTED', eventId: envelope.eventId, reason: '' };
  }

  private flushTally(): void {
    const m = metrics();
    const { accepted, duplicates, rejected, late } = this.tally;
    if (late > 0) m.events.inc({ stage: 'collector', outcome: 'late' }, late);
    if (accepted > 0) m.events.inc({ stage: 'collector', outcome: 'accepted' }, accepted);
    if (duplicates > 0) m.events.inc({ stage: 'collector', outcome: 'duplicate' }, duplicates);
    if (rejected > 0) m.rejected.inc({ stage: 'collector', reason: 'contract' }, rejected);
    this.tally.accepted = this.tally.duplicates = this.tally.rejected = this.tally.late = 0;
  }
}
