import { EventEmitter } from 'node:events';
import {
  headers as H,
  ackBundle,
  decodeEnvelopes,
  routingKeys,
  withEventSpan,
  type EventBus,
  type MessageHandler,
  type Topology,
} from '@shelflife/bus';
import { ALERT_CHANGE_SCHEMA, encodeControlMessage, type EventEnvelope } from '@shelflife/contracts';
import { toGatewayJson } from '@shelflife/batch';
import {
  matchesVerdict,
  quarantineKeyOf,
  type AlertChange,
  type BatchAuditRequest,
  type QualityMonitor,
  type QuarantineVerdict,
} from '@shelflife/quality';
import type { Store } from '@shelflife/store';
import { ActiveVerdicts, encodeVerdictBroadcast, type BatchAuditor } from '@shelflife/quality-gates';
import { metrics, type Logger } from '@shelflife/telemetry';
import { RecentEvents } from './recent-events';
import { QUARANTINED_EVENTS, type QuarantinedEvent } from './sentinel-state';

const VERDICT_REPEAT_MS = 10_000;
/** About a minute at 1,000 events/s: longer than the detection delay of every fault the benchmark injects. */
const RECENT_EVENTS_KEPT = 50_000;

/**
 * The sentinel's behaviour, transport-free: observe each event, act on alert changes (log, metric,
 * alerts exchange, watchers), broadcast quarantine verdicts when they change, keep quarantined
 * events, count by type and contract version, and audit batches.
 */
export class SentinelCore {
  readonly changes = new EventEmitter();
  private readonly counts = new Map<string, { type: string; schemaVersion: number; count: number }>();
  private lastVerdicts = '[]';
  private lastBroadcastAt = 0;
  private readonly recent = new RecentEvents(RECENT_EVENTS_KEPT);
  private readonly activeVerdicts: ActiveVerdicts;
  private readonly actedListeners: (() => void)[] = [];

  constructor(
    private monitor: QualityMonitor,
    private readonly deps: { bus: EventBus; names: Topology; store: Store; logger: Logger; auditor: BatchAuditor },
  ) {
    this.changes.setMaxListeners(1_000);
    this.activeVerdicts = new ActiveVerdicts(deps.store);
  }

  get quality(): QualityMonitor {
    return this.monitor;
  }

  /**
   * Takes a monitor loaded from the store in place of this one: a standby taking over (it continues from
   * what the previous active replica saved) or a standby refreshing what it answers gRPC reads with.
   * Watchers (WatchAlerts) are told which alerts differ; nothing is published or counted: the replica
   * that raised or cleared them did that. What this replica saw before (its recent events, the verdicts
   * it last broadcast) belongs to the old state and is dropped; the verdicts are broadcast again at the
   * next tick of an active replica.
   */
  adopt(next: QualityMonitor): void {
    const before = new Map(this.monitor.activeAlerts().map((alert) => [alert.id, alert]));
    const after = next.activeAlerts();
    const cleared = new Map(
      next
        .alerts(true)
        .filter((alert) => !alert.active)
        .map((alert) => [alert.id, alert]),
    );
    this.monitor = next;
    this.recent.clear();
    this.lastVerdicts = JSON.stringify(next.quarantineVerdicts());
    this.lastBroadcastAt = 0;
    for (const alert of after) if (!before.delete(alert.id)) this.changes.emit('change', { change: 'raised', alert } satisfies AlertChange);
    for (const [id, alert] of before)
      this.changes.emit('change', { change: 'cleared', alert: cleared.get(id) ?? { ...alert, active: false } } satisfies AlertChange);
  }

  /** Called when alerts were raised or cleared here: the state is worth saving now. */
  onAlertChanges(listener: () => void): void {
    this.actedListeners.push(listener);
  }

  /**
   * The active-alerts gauge: the active replica's alerts, zero on a standby (its view is a copy of the
   * store's; counting it too would double every alert in a sum over replicas).
   */
  reportActiveAlerts(active: boolean): void {
    const gauge = metrics().activeAlerts;
    gauge.reset();
    if (active) for (const alert of this.monitor.activeAlerts()) gauge.inc({ kind: alert.kind });
  }

  handler(queue: string): MessageHandler {
    return async (message) => {
      if (message.routingKey.startsWith('rejected.')) {
        // A collector reject: the body is the wire event; count it, the reason is in the headers.
        this.count('rejected', Number(message.headers[H.schemaVersion] ?? 1));
        return { action: 'ack' };
      }
      const decoded = decodeEnvelopes(message);
      if (!decoded.ok) return { action: 'dead-letter', reason: `sentinel cannot read the message: ${decoded.reason}` };
      for (const envelope of decoded.envelopes) {
        await withEventSpan('rabbitmq', queue, envelope.traceparent, () => this.observe(envelope, decoded.duplicate));
      }
      return ackBundle('sentinel', decoded.unreadable);
    };
  }

  private async observe(envelope: EventEnvelope, duplicate: boolean): Promise<void> {
    this.count(duplicate ? `${envelope.event.type} (repeat)` : envelope.event.type, envelope.schemaVersion);
    const raw: Record<string, unknown> = { ...toGatewayJson(envelope.event) };
    for (const field of envelope.event.unknownFields ?? []) raw[field] = '(unknown field)';
    const key = quarantineKeyOf(raw);
    if (!duplicate) this.recent.push({ eventId: envelope.eventId, event: envelope.event, ingestedAt: envelope.ingestedAt, key });
    await this.act(this.monitor.observe(raw, envelope.ingestedAt));
    const holding = this.monitor.quarantineVerdicts().filter((verdict) => matchesVerdict(key, verdict));
    if (holding.length > 0) {
      // Kept, never dropped: a person decides to replay or discard (npm run quarantine).
      await this.keep([
        {
          _id: envelope.eventId,
          event: envelope.event,
          ingestedAt: envelope.ingestedAt,
          alertIds: holding.map((v) => v.alertId),
          keptAt: Date.now(),
        },
      ]);
    } else metrics().events.inc({ stage: 'sentinel', outcome: 'observed' });
  }

  /**
   * A new verdict also covers the affected events seen before it was raised: the scorer takes back what
   * they taught it, so they are kept here too, for a person to replay (a false alarm) or discard.
   */
  private async keepSinceFirstAffected(verdict: QuarantineVerdict): Promise<void> {
    const { events, complete } = this.recent.since(verdict.sinceEventId, (entry) => matchesVerdict(entry.key, verdict));
    const keptAt = Date.now();
    await this.keep(
      events.map((entry) => ({
        _id: entry.eventId,
        event: entry.event,
        ingestedAt: entry.ingestedAt,
        alertIds: [verdict.alertId],
        keptAt,
      })),
    );
    if (!complete)
      this.deps.logger.warn(
        { alertId: verdict.alertId, sinceEventId: verdict.sinceEventId, kept: events.length },
        "the first affected event is older than the sentinel's recent window; earlier affected events were not kept",
      );
  }

  /** Idempotent on the event id: an event kept twice (a repeat, or kept on raise and again as it passed) is one. */
  private async keep(events: QuarantinedEvent[]): Promise<void> {
    if (events.length === 0) return;
    const { inserted } = await this.deps.store.collection<QuarantinedEvent>(QUARANTINED_EVENTS).insertMany(events);
    metrics().events.inc({ stage: 'sentinel', outcome: 'quarantined' }, inserted);
  }

  /** Time-driven detectors (volume drops) need a clock even when no event arrives. */
  async tick(now = Date.now()): Promise<void> {
    await this.act(this.monitor.tick(now));
    // Verdicts are state, not news: repeat them so that a scorer or aggregator that (re)started
    // since the last change learns them within seconds.
    const verdicts = this.monitor.quarantineVerdicts();
    if (verdicts.length > 0 && now - this.lastBroadcastAt > VERDICT_REPEAT_MS) await this.broadcastVerdicts(verdicts, true);
  }

  private count(type: string, schemaVersion: number): void {
    const key = `${type}|${schemaVersion}`;
    const entry = this.counts.get(key) ?? { type, schemaVersion, count: 0 };
    entry.count += 1;
    this.counts.set(key, entry);
  }

  streamStats() {
    const counts = [...this.counts.values()];
    return { counts, total: counts.reduce((sum, c) => sum + c.count, 0) };
  }

  private async act(changes: AlertChange[]): Promise<void> {
    if (changes.length === 0) return;
    // The monitor holds the change already: worth saving (soon, after this work) even if a publish below fails.
    for (const listener of this.actedListeners) listener();
    const m = metrics();
    for (const { change, alert } of changes) {
      m.alerts.inc({ kind: alert.kind, change });
      const log = {
        alertId: alert.id,
        kind: alert.kind,
        source: alert.source,
        field: alert.field,
        cause: alert.cause,
        confidence: alert.confidence,
        firstAffectedEventId: alert.firstAffectedEventId,
        sampleProductIds: alert.sampleProductIds,
      };
      if (change === 'raised') this.deps.logger.warn(log, `alert raised: ${alert.cause}`);
      else this.deps.logger.info(log, 'alert cleared');
      await this.deps.bus.publish({
        exchange: this.deps.names.exchanges.alerts,
        routingKey: routingKeys.alert(alert.kind, change),
        ...encodeControlMessage(ALERT_CHANGE_SCHEMA, { change, alert }),
        messageId: `${alert.id}:${change}`,
      });
      this.changes.emit('change', { change, alert });
    }
    this.reportActiveAlerts(true);
    const verdicts = this.monitor.quarantineVerdicts();
    // Only a raise makes a new verdict; whether it came with an event or with a tick.
    const raised = new Set(changes.filter((c) => c.change === 'raised').map((c) => c.alert.id));
    // Broadcast first: the scorer stops learning and takes back the fault's first events at once.
    await this.broadcastVerdicts(verdicts);
    for (const verdict of verdicts) if (raised.has(verdict.alertId)) await this.keepSinceFirstAffected(verdict);
  }

  private async broadcastVerdicts(verdicts: QuarantineVerdict[], repeat = false): Promise<void> {
    const text = JSON.stringify(verdicts);
    if (text === this.lastVerdicts && !repeat) return;
    this.lastVerdicts = text;
    this.lastBroadcastAt = Date.now();
    // Kept in the store too, for a scorer restarting before the next broadcast (see ActiveVerdicts).
    if (!repeat) await this.activeVerdicts.save(verdicts);
    await this.deps.bus.publish({
      exchange: this.deps.names.exchanges.control,
      routingKey: routingKeys.quarantine,
      ...encodeVerdictBroadcast(verdicts),
    });
    if (!repeat) this.deps.logger.info({ verdicts: verdicts.length }, 'quarantine verdicts broadcast');
  }

  /** The batch aggregator's gate. An approved batch becomes part of the history later batches are judged against. */
  async audit(request: BatchAuditRequest): Promise<{ approved: boolean; reason: string; findings: string[] }> {
    const result = await this.deps.auditor.audit(request);
    this.deps.logger.info(
      { version: request.version, kind: request.kind, approved: result.approved, reason: result.reason },
      'batch audited',
    );
    return result;
  }
}
