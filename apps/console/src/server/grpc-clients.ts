import * as grpc from '@grpc/grpc-js';
import { ScorerServiceClient, SentinelServiceClient, type AlertMessage, type Timestamp } from '@shelflife/contracts';
import { GRPC_CLIENT_OPTIONS, callUnary } from '@shelflife/service-kit';
import type { AlertView } from '../shared/api';

const CALL_TIMEOUT_MS = 3_000;

/** The sentinel's read API: alerts (active and recent) and what it has seen. */
export class SentinelClient {
  private readonly client: SentinelServiceClient;

  constructor(address: string) {
    this.client = new SentinelServiceClient(address, grpc.credentials.createInsecure(), GRPC_CLIENT_OPTIONS);
  }

  async listAlerts(includeCleared: boolean): Promise<AlertView[]> {
    const answer = await callUnary(this.client.listAlerts.bind(this.client), { includeCleared }, CALL_TIMEOUT_MS);
    return answer.alerts.map(toAlertView).sort((a, b) => Number(b.active) - Number(a.active) || b.raisedAt - a.raisedAt);
  }

  close(): void {
    this.client.close();
  }
}

export function toAlertView(alert: AlertMessage): AlertView {
  let detail: Record<string, unknown> = {};
  try {
    detail = alert.detailJson ? (JSON.parse(alert.detailJson) as Record<string, unknown>) : {};
  } catch {
    detail = { unparsed: alert.detailJson };
  }
  return {
    id: alert.id, kind: alert.kind, source: alert.source, field: alert.field, eventType: alert.eventType, cause: alert.cause, confidence: alert.confidence,
    raisedAt: toMs(alert.raisedAt) ?? 0, clearedAt: toMs(alert.clearedAt), active: alert.active, firstAffectedEventId: alert.firstAffectedEventId,
    sampleProductIds: alert.sampleProductIds, detail,
  };
}

function toMs(timestamp: Timestamp | undefined): number | null {
  return timestamp ? Number(timestamp.seconds) * 1000 + Math.round(timestamp.nanos / 1e6) : null;
}

/** The scorer's relations of given products: the evidence behind a recommendation. */
export class ScorerClient {
  private readonly client: ScorerServiceClient;

  constructor(address: string) {
    this.client = new ScorerServiceClient(address, grpc.credentials.createInsecure(), GRPC_CLIENT_OPTIONS);
  }

  async relations(productIds: string[], k: number): Promise<Map<string, { productId: string; score: number }[]>> {
    const answer = await callUnary(this.client.getRelations.bind(this.client), { productIds, k }, CALL_TIMEOUT_MS);
    return new Map(answer.relations.map((relation) => [relation.productId, relation.items.map((item) => ({ productId: item.productId, score: item.score }))]));
  }

  close(): void {
    this.client.close();
  }
}
