import * as grpc from '@grpc/grpc-js';
import {
  BatchServiceClient,
  ScorerServiceClient,
  SentinelServiceClient,
  eventTypeName,
  moneyFromProto,
  moneyToDecimalString,
  timestampToMs,
  type AlertMessage,
  type BatchRunMessage,
  type QuarantineGroupMessage,
} from '@shelflife/contracts';
import { callUnary, type GrpcChannel } from '@shelflife/service-kit';
import type { ActionOutcome, AlertView, ApprovalOutcome, BatchRunView, QuarantineGroup } from '../shared/api';
import { BadRequest, Conflict, NotFound } from './http-validation';

const CALL_TIMEOUT_MS = 3_000;
/** A replay publishes every held event of the alert, confirmed one by one: give it longer than a read. */
const ACTION_TIMEOUT_MS = 60_000;

/**
 * A failed call as the console's answer: the service's own message (it says what to do) with the status
 * it chose mapped to HTTP, and, when the service did not answer at all, where the console looked.
 */
function failure(service: string, address: string, rpc: string) {
  return (error: grpc.ServiceError): never => {
    const message = error.details || error.message;
    switch (error.code) {
      case grpc.status.INVALID_ARGUMENT:
        throw new BadRequest(message);
      case grpc.status.NOT_FOUND:
        throw new NotFound(message);
      case grpc.status.FAILED_PRECONDITION:
        throw new Conflict(message);
      case grpc.status.DEADLINE_EXCEEDED:
        // The service goes on with an action the console stopped waiting for (a replay of a large quarantine takes a while).
        throw new Error(
          `the ${service} at ${address} did not finish ${rpc} in time; it may still be working on it: reload the page in a minute to see where it stands`,
        );
      case grpc.status.UNAVAILABLE:
        throw new Error(
          `the ${service} at ${address} did not answer ${rpc} (${message}); is it running? (the console's ${service === 'sentinel' ? 'SHELFLIFE_SENTINEL_ADDR' : 'SHELFLIFE_AGGREGATOR_ADDR'} names it)`,
        );
      default:
        throw new Error(`the ${service} failed ${rpc}: ${message}`);
    }
  };
}

/** The sentinel's API: alerts (active and recent), and the quarantine it owns (list, replay, discard). */
export class SentinelClient {
  private readonly client: SentinelServiceClient;

  constructor(
    private readonly address: string,
    channel: GrpcChannel,
  ) {
    this.client = new SentinelServiceClient(address, channel.credentials, channel.options);
  }

  async listAlerts(includeCleared: boolean): Promise<AlertView[]> {
    const answer = await callUnary(this.client.listAlerts.bind(this.client), { includeCleared }, CALL_TIMEOUT_MS);
    return answer.alerts.map(toAlertView).sort((a, b) => Number(b.active) - Number(a.active) || b.raisedAt - a.raisedAt);
  }

  async listQuarantine(samplesPerAlert: number): Promise<QuarantineGroup[]> {
    const answer = await callUnary(this.client.listQuarantine.bind(this.client), { alertId: '', samplesPerAlert }, CALL_TIMEOUT_MS).catch(
      failure('sentinel', this.address, 'ListQuarantine'),
    );
    return answer.groups.map(toQuarantineGroup);
  }

  async replay(alertId: string): Promise<ActionOutcome> {
    const answer = await callUnary(this.client.replayQuarantine.bind(this.client), { alertId }, ACTION_TIMEOUT_MS).catch(
      failure('sentinel', this.address, 'ReplayQuarantine'),
    );
    return {
      action: 'replay',
      alertId: answer.alertId,
      events: Number(answer.events),
      removedFromQuarantine: Number(answer.removedFromQuarantine),
      refused: Number(answer.refused),
      refusedExamples: answer.refusedExamples,
    };
  }

  async discard(alertId: string): Promise<ActionOutcome> {
    const answer = await callUnary(this.client.discardQuarantine.bind(this.client), { alertId }, ACTION_TIMEOUT_MS).catch(
      failure('sentinel', this.address, 'DiscardQuarantine'),
    );
    return {
      action: 'discard',
      alertId: answer.alertId,
      events: Number(answer.events),
      removedFromQuarantine: Number(answer.removedFromQuarantine),
    };
  }

  close(): void {
    this.client.close();
  }
}

/** The aggregator's API: its batch runs, and approving a held one by hand. */
export class AggregatorClient {
  private readonly client: BatchServiceClient;

  constructor(
    private readonly address: string,
    channel: GrpcChannel,
  ) {
    this.client = new BatchServiceClient(address, channel.credentials, channel.options);
  }

  async listRuns(limit: number): Promise<BatchRunView[]> {
    const answer = await callUnary(this.client.listRuns.bind(this.client), { limit }, CALL_TIMEOUT_MS).catch(
      failure('aggregator', this.address, 'ListRuns'),
    );
    return answer.runs.map(toBatchRunView);
  }

  async approve(version: string, by: string, note: string): Promise<ApprovalOutcome> {
    const answer = await callUnary(this.client.approveHeldRun.bind(this.client), { version, by, note }, ACTION_TIMEOUT_MS).catch(
      failure('aggregator', this.address, 'ApproveHeldRun'),
    );
    return {
      version: answer.version,
      window: answer.window ?? { from: '', to: '' },
      modelPromoted: answer.modelPromoted,
      findings: answer.findings,
      announced: answer.announced,
    };
  }

  close(): void {
    this.client.close();
  }
}

export function toAlertView(alert: AlertMessage): AlertView {
  let detail: Record<string, unknown>;
  try {
    detail = alert.detailJson ? (JSON.parse(alert.detailJson) as Record<string, unknown>) : {};
  } catch {
    detail = { unparsed: alert.detailJson };
  }
  return {
    id: alert.id,
    kind: alert.kind,
    source: alert.source,
    field: alert.field,
    eventType: alert.eventType,
    cause: alert.cause,
    confidence: alert.confidence,
    raisedAt: timestampToMs(alert.raisedAt) ?? 0,
    clearedAt: timestampToMs(alert.clearedAt),
    active: alert.active,
    firstAffectedEventId: alert.firstAffectedEventId,
    sampleProductIds: alert.sampleProductIds,
    detail,
  };
}

function toQuarantineGroup(group: QuarantineGroupMessage): QuarantineGroup {
  return {
    alertId: group.alertId,
    events: Number(group.events),
    from: timestampToMs(group.firstIngestedAt) ?? 0,
    to: timestampToMs(group.lastIngestedAt) ?? 0,
    samples: group.samples.flatMap(({ event }) =>
      event
        ? [
            {
              eventId: event.eventId,
              type: eventTypeName(event.type),
              productId: event.productId,
              source: event.source,
              occurredAt: event.occurredAt ? new Date(timestampToMs(event.occurredAt)!).toISOString() : '',
              price: event.price ? `${moneyToDecimalString(moneyFromProto(event.price))} ${event.price.currencyCode}` : '',
            },
          ]
        : [],
    ),
  };
}

function toBatchRunView(run: BatchRunMessage): BatchRunView {
  const byHand = run.approvedByHand;
  return {
    version: run.version,
    window: run.window ?? { from: '', to: '' },
    state: run.state,
    backfill: run.backfill,
    reason: run.reason,
    findings: run.findings,
    updatedAt: timestampToMs(run.updatedAt) ?? 0,
    approvedByHand: byHand ? { by: byHand.by, note: byHand.note, at: timestampToMs(byHand.at) ?? 0 } : null,
    revenue: run.revenue.map((row) => ({ date: row.date, currency: row.currencyCode, revenue: row.revenue })),
  };
}

/** The scorer's relations of given products: the evidence behind a recommendation. */
export class ScorerClient {
  private readonly client: ScorerServiceClient;

  constructor(address: string, channel: GrpcChannel) {
    this.client = new ScorerServiceClient(address, channel.credentials, channel.options);
  }

  async relations(productIds: string[], k: number): Promise<Map<string, { productId: string; score: number }[]>> {
    const answer = await callUnary(this.client.getRelations.bind(this.client), { productIds, k }, CALL_TIMEOUT_MS);
    return new Map(
      answer.relations.map((relation) => [
        relation.productId,
        relation.items.map((item) => ({ productId: item.productId, score: item.score })),
      ]),
    );
  }

  close(): void {
    this.client.close();
  }
}
