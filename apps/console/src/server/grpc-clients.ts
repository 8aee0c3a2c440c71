import * as grpc from '@grpc/grpc-js';
import { loadProtoDefinition, PROTO_FILES, type GetRelationsResponse__Output, type ScorerProto, type SentinelProto } from '@shelflife/contracts';
import { GRPC_CLIENT_OPTIONS, callUnary } from '@shelflife/service-kit';
import type { AlertView } from '../shared/api';

const CALL_TIMEOUT_MS = 3_000;

interface TimestampOutput {
  seconds: string;
  nanos: number;
}

interface AlertOutput {
  id: string;
  kind: string;
  source: string;
  field: string;
  cause: string;
  confidence: number;
  raisedAt: TimestampOutput | null;
  clearedAt: TimestampOutput | null;
  firstAffectedEventId: string;
  sampleProductIds: string[];
  detailJson: string;
  active: boolean;
  eventType: string;
}

/** The sentinel's read API: alerts (active and recent) and what it has seen. */
export class SentinelClient {
  private readonly client;

  constructor(address: string) {
    const proto = grpc.loadPackageDefinition(loadProtoDefinition(PROTO_FILES.sentinel)) as unknown as SentinelProto;
    this.client = new proto.shelflife.sentinel.v1.SentinelService(address, grpc.credentials.createInsecure(), GRPC_CLIENT_OPTIONS);
  }

  async listAlerts(includeCleared: boolean): Promise<AlertView[]> {
    const answer = (await callUnary(this.client.ListAlerts.bind(this.client), { includeCleared }, CALL_TIMEOUT_MS)) as { alerts: AlertOutput[] };
    return answer.alerts.map(toAlertView).sort((a, b) => Number(b.active) - Number(a.active) || b.raisedAt - a.raisedAt);
  }

  close(): void {
    this.client.close();
  }
}

export function toAlertView(alert: AlertOutput): AlertView {
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

function toMs(timestamp: TimestampOutput | null): number | null {
  return timestamp ? Number(timestamp.seconds) * 1000 + Math.round(timestamp.nanos / 1e6) : null;
}

/** The scorer's relations of given products: the evidence behind a recommendation. */
export class ScorerClient {
  private readonly client;

  constructor(address: string) {
    const proto = grpc.loadPackageDefinition(loadProtoDefinition(PROTO_FILES.scorer)) as unknown as ScorerProto;
    this.client = new proto.shelflife.scorer.v1.ScorerService(address, grpc.credentials.createInsecure(), GRPC_CLIENT_OPTIONS);
  }

  async relations(productIds: string[], k: number): Promise<Map<string, { productId: string; score: number }[]>> {
    const answer = (await callUnary(this.client.GetRelations.bind(this.client), { productIds, k }, CALL_TIMEOUT_MS)) as GetRelationsResponse__Output;
    return new Map(answer.relations.map((relation) => [relation.productId, relation.items.map((item) => ({ productId: item.productId, score: item.score }))]));
  }

  close(): void {
    this.client.close();
  }
}
