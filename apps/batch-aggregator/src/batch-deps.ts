import type * as grpc from '@grpc/grpc-js';
import {
  MODEL_ANNOUNCEMENT_SCHEMA,
  ScorerServiceClient,
  SentinelServiceClient,
  encodeControlMessage,
  type AuditBatchRequest,
} from '@shelflife/contracts';
import { loadModelVersion, type BatchDeps } from '@shelflife/batch';
import { routingKeys, type EventBus, type Topology } from '@shelflife/bus';
import { batchAuditRequestFromWire } from '@shelflife/quality';
import { callUnary, grpcChannel, type GrpcTlsSettings } from '@shelflife/service-kit';
import { BatchAuditor, type QuarantineGate } from '@shelflife/quality-gates';
import type { Store } from '@shelflife/store';
import type { ScoredItem } from '@shelflife/recs';
import type { Logger } from '@shelflife/telemetry';

const MAX_INLINE_MODEL_BYTES = 8 * 1024 * 1024;
const RELATIONS_PER_CALL = 5_000;

/**
 * The batch job's collaborators: the audit (the sentinel over gRPC, or the same code in-process when
 * no sentinel is configured: never skipped), a hold while the sentinel quarantines anything, and the
 * `model.published` announcement.
 */
export function batchDeps(options: {
  store: Store;
  logger: Logger;
  sentinelAddr?: string;
  scorerAddr?: string;
  /** TLS towards the sentinel and the scorer (the aggregator's config); plaintext when unset. */
  tls?: GrpcTlsSettings;
  auditTimeoutMs: number;
  bus?: EventBus;
  names: Topology;
  gate?: QuarantineGate;
}): BatchDeps & { close(): void } {
  let client: grpc.Client | undefined;
  let auditRemote: ((request: AuditBatchRequest) => Promise<{ approved: boolean; reason: string; findings: string[] }>) | undefined;
  if (options.sentinelAddr) {
    const channel = grpcChannel(options.tls ?? {}, options.logger);
    const sentinel = new SentinelServiceClient(options.sentinelAddr, channel.credentials, channel.options);
    client = sentinel;
    auditRemote = (request) => callUnary(sentinel.auditBatch.bind(sentinel), request, options.auditTimeoutMs);
  }
  const local = new BatchAuditor(options.store);
  let scorerClient: grpc.Client | undefined;
  let liveModel: BatchDeps['liveModel'];
  if (options.scorerAddr) {
    const channel = grpcChannel(options.tls ?? {}, options.logger);
    const scorer = new ScorerServiceClient(options.scorerAddr, channel.credentials, channel.options);
    scorerClient = scorer;
    liveModel = async (productIds) => {
      const live: Record<string, ScoredItem[]> = {};
      for (let i = 0; i < productIds.length; i += RELATIONS_PER_CALL) {
        const answer = await callUnary(
          scorer.getRelations.bind(scorer),
          { productIds: productIds.slice(i, i + RELATIONS_PER_CALL), k: 10 },
          options.auditTimeoutMs,
        );
        for (const relation of answer.relations) live[relation.productId] = relation.items;
      }
      return live;
    };
  }
  return {
    liveModel,
    async audit(request) {
      const held = options.gate?.current() ?? [];
      if (held.length > 0) {
        return {
          approved: false,
          reason: `held: the sentinel quarantines ${held.map((v) => `${v.source}/${v.kind}`).join(', ')}`,
          findings: held.map((v) => v.reason),
        };
      }
      const verdict = auditRemote ? await auditRemote(request) : await local.audit(batchAuditRequestFromWire(request));
      options.logger.info(
        {
          version: request.version,
          kind: request.kind,
          approved: verdict.approved,
          reason: verdict.reason,
          auditedBy: auditRemote ? 'sentinel' : 'in-process',
        },
        'batch audit verdict',
      );
      return verdict;
    },
    async announce(version) {
      if (!options.bus) {
        options.logger.info({ version }, 'model published (no broker configured: scorers load it from the store at start)');
        return;
      }
      // The model travels with the announcement when it is small, so scorers without access to this store can blend it too.
      const model = (await loadModelVersion(options.store, version).catch(() => null)) ?? undefined;
      let message = encodeControlMessage(MODEL_ANNOUNCEMENT_SCHEMA, { version, model });
      if (message.body.length > MAX_INLINE_MODEL_BYTES) message = encodeControlMessage(MODEL_ANNOUNCEMENT_SCHEMA, { version });
      await options.bus.publish({
        exchange: options.names.exchanges.control,
        routingKey: routingKeys.modelPublished,
        ...message,
        messageId: `model-${version}`,
      });
      options.logger.info({ version }, 'model.published announced');
    },
    close() {
      client?.close();
      scorerClient?.close();
    },
  };
}
