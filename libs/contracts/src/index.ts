export * from './event';
export * from './money';
export * from './event-rules';
export * from './gateway-event';
export { isCurrencyCode } from './currency-codes';
export * from './event-time';
export * from './grpc-services';
export * from './proto-mapping';
// Control messages on the bus (verdicts, model announcements, alert changes): JSON with a versioned schema.
export * from './control';
// The wire types and gRPC services, generated from protos/ by ts-proto (tools/scripts/gen-protos.sh).
export { EventType as EventTypeMessage, Event as EventMessage, Money as MoneyMessage } from './generated/shelflife/events/v1/event';
export type { Timestamp } from './generated/google/protobuf/timestamp';
export {
  Outcome,
  CollectRequest,
  CollectResponse,
  CollectBatchRequest,
  CollectBatchResponse,
  CollectStreamRequest,
  CollectStreamResponse,
  CollectorServiceService,
  CollectorServiceClient,
  type CollectorServiceServer,
} from './generated/shelflife/collector/v1/collector';
export {
  Source as RecommendationSource,
  GetRecommendationsRequest,
  GetRecommendationsResponse,
  StreamRecommendationsRequest,
  StreamRecommendationsResponse,
  GetRelationsRequest,
  GetRelationsResponse,
  ScorerServiceService,
  ScorerServiceClient,
  type ScorerServiceServer,
} from './generated/shelflife/scorer/v1/scorer';
export {
  Alert as AlertMessage,
  AuditBatchRequest,
  AuditBatchResponse,
  DailyRevenueRow as DailyRevenueRowMessage,
  ListAlertsResponse,
  WatchAlertsResponse,
  GetStreamStatsResponse,
  ListQuarantineResponse,
  QuarantineGroup as QuarantineGroupMessage,
  QuarantinedEvent as QuarantinedEventMessage,
  ReplayQuarantineResponse,
  DiscardQuarantineResponse,
  SentinelServiceService,
  SentinelServiceClient,
  type SentinelServiceServer,
} from './generated/shelflife/sentinel/v1/sentinel';
export {
  BatchRun as BatchRunMessage,
  ListRunsResponse,
  ApproveHeldRunRequest,
  ApproveHeldRunResponse,
  BatchServiceService,
  BatchServiceClient,
  type BatchServiceServer,
} from './generated/shelflife/batch/v1/batch';
