import { SCHEMA_VERSION, checkShopEvent, describeProblems, type EventEnvelope, type ShopEvent } from '@shelflife/contracts';
import { encodeEnvelopes, topology, type EventBus } from '@shelflife/bus';
import type { Store } from '@shelflife/store';

/** Events published together (their confirms awaited together) before they leave the quarantine. */
const REPLAY_SLICE = 1_000;

/** The sentinel's collection of held-back events (the sentinel writes it; people list, replay or discard). */
export const QUARANTINED_EVENTS = 'quarantined_events';

/** An event held back by a quarantine verdict, kept until a person replays or discards it. */
export interface QuarantinedEvent extends Record<string, unknown> {
  _id: string;
  event: ShopEvent;
  ingestedAt: number;
  /** The alerts whose verdicts held it. */
  alertIds: string[];
  keptAt: number;
}

export interface QuarantineSummary {
  alertId: string;
  events: number;
  /** Epoch ms of the first and last held event's ingestion. */
  from: number;
  to: number;
}

export interface QuarantineActionResult {
  action: 'replay' | 'discard';
  alertId: string;
  events: number;
  removedFromQuarantine: number;
  /** Replay only: held events the contract's rules refuse now (they stay in the quarantine), with why, for the first few. */
  refused?: number;
  refusedExamples?: { eventId: string; reason: string }[];
}

/** Why a quarantine action was refused before it touched anything: what a caller maps to its own answer (a gRPC status, an exit code). */
export class QuarantineRefusal extends Error {
  constructor(
    readonly reason: 'no-alert-id' | 'no-bus',
    message: string,
  ) {
    super(message);
    this.name = 'QuarantineRefusal';
  }
}

/**
 * What a person does with quarantined events once the cause is understood: list them per alert,
 * replay them (publish again: every consumer is idempotent on eventId) or discard them for good.
 * One implementation for `npm run quarantine` and the console, so both act the same way.
 */
export class QuarantineActions {
  constructor(private readonly store: Store) {}

  private get kept() {
    return this.store.collection<QuarantinedEvent>(QUARANTINED_EVENTS);
  }

  /** Held events per alert (all alerts, or one). */
  async list(alertId?: string): Promise<QuarantineSummary[]> {
    const rows = await this.kept.aggregate<{ _id: string; events: number; from: number; to: number }>([
      { $match: alertId ? { alertIds: alertId } : {} },
      { $unwind: '$alertIds' },
      ...(alertId ? [{ $match: { alertIds: alertId } }] : []),
      { $group: { _id: '$alertIds', events: { $sum: 1 }, from: { $min: '$ingestedAt' }, to: { $max: '$ingestedAt' } } },
      { $sort: { _id: 1 } },
    ]);
    return rows.map((row) => ({ alertId: row._id, events: row.events, from: row.from, to: row.to }));
  }

  /** A few of an alert's held events, oldest first, for a person to look at. */
  async sample(alertId: string, limit: number): Promise<QuarantinedEvent[]> {
    return this.kept.find({ alertIds: alertId }, { sort: { ingestedAt: 1 }, limit });
  }

  /** Publishes an alert's held events again, then removes them from the quarantine. */
  async replay(
    alertId: string,
    bus: EventBus | undefined,
    busPrefix: string,
    options: { maxFutureSkewMs?: number } = {},
  ): Promise<QuarantineActionResult> {
    requireAlertId(alertId, 'replay');
    if (!bus)
      throw new QuarantineRefusal(
        'no-bus',
        'replay publishes the events again on the message bus: configure AMQP_URL (or run the all-in-one demo)',
      );
    const events = await this.kept.find({ alertIds: alertId }, { sort: { ingestedAt: 1 } });
    const names = topology(busPrefix);
    // A replay is a door like the others: the contract's rules decide again (a held event may have been
    // accepted under older rules, or be dated ahead of the clock now). What they refuse stays held.
    const refused: { eventId: string; reason: string }[] = [];
    let removed = 0;
    // In slices, as bundles (one message per up to 100 events, as the collector publishes), all of a
    // slice's confirms awaited together: one confirm round trip per event made a 16k-event replay take
    // over half a minute. A slice leaves the quarantine only once the broker confirmed it.
    for (let start = 0; start < events.length; start += REPLAY_SLICE) {
      const slice: QuarantinedEvent[] = [];
      const envelopes: EventEnvelope[] = [];
      for (const held of events.slice(start, start + REPLAY_SLICE)) {
        const checked = checkShopEvent(held.event, {
          receivedAt: Date.now(),
          now: held.event.occurredAt,
          maxFutureSkewMs: options.maxFutureSkewMs,
        });
        if (!checked.ok) {
          refused.push({ eventId: held.event.eventId, reason: describeProblems(checked.problems) });
          continue;
        }
        slice.push(held);
        envelopes.push({ schemaVersion: SCHEMA_VERSION, eventId: checked.event.eventId, ingestedAt: Date.now(), event: checked.event });
      }
      if (envelopes.length === 0) continue;
      await Promise.all(encodeEnvelopes(names.exchanges.events, envelopes).map((message) => bus.publish(message)));
      removed += (await this.remove('replay', alertId, slice)).removedFromQuarantine;
    }
    const result: QuarantineActionResult = { action: 'replay', alertId, events: events.length, removedFromQuarantine: removed };
    return { ...result, events: events.length, refused: refused.length, refusedExamples: refused.slice(0, 5) };
  }

  /** Deletes an alert's held events for good. */
  async discard(alertId: string): Promise<QuarantineActionResult> {
    requireAlertId(alertId, 'discard');
    const events = await this.kept.find({ alertIds: alertId }, { sort: { ingestedAt: 1 } });
    return this.remove('discard', alertId, events);
  }

  private async remove(action: 'replay' | 'discard', alertId: string, events: QuarantinedEvent[]): Promise<QuarantineActionResult> {
    const { deleted } = await this.kept.deleteMany({ _id: { $in: events.map((e) => e._id) } });
    return { action, alertId, events: events.length, removedFromQuarantine: deleted };
  }
}

function requireAlertId(alertId: string, action: string): void {
  // A whole-store replay or discard is too easy to regret: always one alert at a time.
  if (!alertId) throw new QuarantineRefusal('no-alert-id', `${action} needs an alert id (list the quarantine first)`);
}
