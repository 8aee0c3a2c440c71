// Original file: protos/shelflife/sentinel/v1/sentinel.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { AuditBatchRequest as _shelflife_sentinel_v1_AuditBatchRequest, AuditBatchRequest__Output as _shelflife_sentinel_v1_AuditBatchRequest__Output } from '../../../shelflife/sentinel/v1/AuditBatchRequest';
import type { AuditBatchResponse as _shelflife_sentinel_v1_AuditBatchResponse, AuditBatchResponse__Output as _shelflife_sentinel_v1_AuditBatchResponse__Output } from '../../../shelflife/sentinel/v1/AuditBatchResponse';
import type { GetStreamStatsRequest as _shelflife_sentinel_v1_GetStreamStatsRequest, GetStreamStatsRequest__Output as _shelflife_sentinel_v1_GetStreamStatsRequest__Output } from '../../../shelflife/sentinel/v1/GetStreamStatsRequest';
import type { GetStreamStatsResponse as _shelflife_sentinel_v1_GetStreamStatsResponse, GetStreamStatsResponse__Output as _shelflife_sentinel_v1_GetStreamStatsResponse__Output } from '../../../shelflife/sentinel/v1/GetStreamStatsResponse';
import type { ListAlertsRequest as _shelflife_sentinel_v1_ListAlertsRequest, ListAlertsRequest__Output as _shelflife_sentinel_v1_ListAlertsRequest__Output } from '../../../shelflife/sentinel/v1/ListAlertsRequest';
import type { ListAlertsResponse as _shelflife_sentinel_v1_ListAlertsResponse, ListAlertsResponse__Output as _shelflife_sentinel_v1_ListAlertsResponse__Output } from '../../../shelflife/sentinel/v1/ListAlertsResponse';
import type { WatchAlertsRequest as _shelflife_sentinel_v1_WatchAlertsRequest, WatchAlertsRequest__Output as _shelflife_sentinel_v1_WatchAlertsRequest__Output } from '../../../shelflife/sentinel/v1/WatchAlertsRequest';
import type { WatchAlertsResponse as _shelflife_sentinel_v1_WatchAlertsResponse, WatchAlertsResponse__Output as _shelflife_sentinel_v1_WatchAlertsResponse__Output } from '../../../shelflife/sentinel/v1/WatchAlertsResponse';

/**
 * Watches the event stream and batch outputs for silent failures.
 */
export interface SentinelServiceClient extends grpc.Client {
  /**
   * Judge a batch result before the batch aggregator publishes it.
   */
  AuditBatch(argument: _shelflife_sentinel_v1_AuditBatchRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shelflife_sentinel_v1_AuditBatchResponse__Output>): grpc.ClientUnaryCall;
  AuditBatch(argument: _shelflife_sentinel_v1_AuditBatchRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shelflife_sentinel_v1_AuditBatchResponse__Output>): grpc.ClientUnaryCall;
  AuditBatch(argument: _shelflife_sentinel_v1_AuditBatchRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shelflife_sentinel_v1_AuditBatchResponse__Output>): grpc.ClientUnaryCall;
  AuditBatch(argument: _shelflife_sentinel_v1_AuditBatchRequest, callback: grpc.requestCallback<_shelflife_sentinel_v1_AuditBatchResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Judge a batch result before the batch aggregator publishes it.
   */
  auditBatch(argument: _shelflife_sentinel_v1_AuditBatchRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shelflife_sentinel_v1_AuditBatchResponse__Output>): grpc.ClientUnaryCall;
  auditBatch(argument: _shelflife_sentinel_v1_AuditBatchRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shelflife_sentinel_v1_AuditBatchResponse__Output>): grpc.ClientUnaryCall;
  auditBatch(argument: _shelflife_sentinel_v1_AuditBatchRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shelflife_sentinel_v1_AuditBatchResponse__Output>): grpc.ClientUnaryCall;
  auditBatch(argument: _shelflife_sentinel_v1_AuditBatchRequest, callback: grpc.requestCallback<_shelflife_sentinel_v1_AuditBatchResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Events seen so far, by type and contract version.
   */
  GetStreamStats(argument: _shelflife_sentinel_v1_GetStreamStatsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shelflife_sentinel_v1_GetStreamStatsResponse__Output>): grpc.ClientUnaryCall;
  GetStreamStats(argument: _shelflife_sentinel_v1_GetStreamStatsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shelflife_sentinel_v1_GetStreamStatsResponse__Output>): grpc.ClientUnaryCall;
  GetStreamStats(argument: _shelflife_sentinel_v1_GetStreamStatsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shelflife_sentinel_v1_GetStreamStatsResponse__Output>): grpc.ClientUnaryCall;
  GetStreamStats(argument: _shelflife_sentinel_v1_GetStreamStatsRequest, callback: grpc.requestCallback<_shelflife_sentinel_v1_GetStreamStatsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Events seen so far, by type and contract version.
   */
  getStreamStats(argument: _shelflife_sentinel_v1_GetStreamStatsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shelflife_sentinel_v1_GetStreamStatsResponse__Output>): grpc.ClientUnaryCall;
  getStreamStats(argument: _shelflife_sentinel_v1_GetStreamStatsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shelflife_sentinel_v1_GetStreamStatsResponse__Output>): grpc.ClientUnaryCall;
  getStreamStats(argument: _shelflife_sentinel_v1_GetStreamStatsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shelflife_sentinel_v1_GetStreamStatsResponse__Output>): grpc.ClientUnaryCall;
  getStreamStats(argument: _shelflife_sentinel_v1_GetStreamStatsRequest, callback: grpc.requestCallback<_shelflife_sentinel_v1_GetStreamStatsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Alerts currently raised (and, optionally, recently cleared).
   */
  ListAlerts(argument: _shelflife_sentinel_v1_ListAlertsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shelflife_sentinel_v1_ListAlertsResponse__Output>): grpc.ClientUnaryCall;
  ListAlerts(argument: _shelflife_sentinel_v1_ListAlertsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shelflife_sentinel_v1_ListAlertsResponse__Output>): grpc.ClientUnaryCall;
  ListAlerts(argument: _shelflife_sentinel_v1_ListAlertsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shelflife_sentinel_v1_ListAlertsResponse__Output>): grpc.ClientUnaryCall;
  ListAlerts(argument: _shelflife_sentinel_v1_ListAlertsRequest, callback: grpc.requestCallback<_shelflife_sentinel_v1_ListAlertsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Alerts currently raised (and, optionally, recently cleared).
   */
  listAlerts(argument: _shelflife_sentinel_v1_ListAlertsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shelflife_sentinel_v1_ListAlertsResponse__Output>): grpc.ClientUnaryCall;
  listAlerts(argument: _shelflife_sentinel_v1_ListAlertsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shelflife_sentinel_v1_ListAlertsResponse__Output>): grpc.ClientUnaryCall;
  listAlerts(argument: _shelflife_sentinel_v1_ListAlertsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shelflife_sentinel_v1_ListAlertsResponse__Output>): grpc.ClientUnaryCall;
  listAlerts(argument: _shelflife_sentinel_v1_ListAlertsRequest, callback: grpc.requestCallback<_shelflife_sentinel_v1_ListAlertsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Alerts as they are raised and cleared.
   */
  WatchAlerts(argument: _shelflife_sentinel_v1_WatchAlertsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_shelflife_sentinel_v1_WatchAlertsResponse__Output>;
  WatchAlerts(argument: _shelflife_sentinel_v1_WatchAlertsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_shelflife_sentinel_v1_WatchAlertsResponse__Output>;
  /**
   * Alerts as they are raised and cleared.
   */
  watchAlerts(argument: _shelflife_sentinel_v1_WatchAlertsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_shelflife_sentinel_v1_WatchAlertsResponse__Output>;
  watchAlerts(argument: _shelflife_sentinel_v1_WatchAlertsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_shelflife_sentinel_v1_WatchAlertsResponse__Output>;
  
}

/**
 * Watches the event stream and batch outputs for silent failures.
 */
export interface SentinelServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Judge a batch result before the batch aggregator publishes it.
   */
  AuditBatch: grpc.handleUnaryCall<_shelflife_sentinel_v1_AuditBatchRequest__Output, _shelflife_sentinel_v1_AuditBatchResponse>;
  
  /**
   * Events seen so far, by type and contract version.
   */
  GetStreamStats: grpc.handleUnaryCall<_shelflife_sentinel_v1_GetStreamStatsRequest__Output, _shelflife_sentinel_v1_GetStreamStatsResponse>;
  
  /**
   * Alerts currently raised (and, optionally, recently cleared).
   */
  ListAlerts: grpc.handleUnaryCall<_shelflife_sentinel_v1_ListAlertsRequest__Output, _shelflife_sentinel_v1_ListAlertsResponse>;
  
  /**
   * Alerts as they are raised and cleared.
   */
  WatchAlerts: grpc.handleServerStreamingCall<_shelflife_sentinel_v1_WatchAlertsRequest__Output, _shelflife_sentinel_v1_WatchAlertsResponse>;
  
}

export interface SentinelServiceDefinition extends grpc.ServiceDefinition {
  AuditBatch: MethodDefinition<_shelflife_sentinel_v1_AuditBatchRequest, _shelflife_sentinel_v1_AuditBatchResponse, _shelflife_sentinel_v1_AuditBatchRequest__Output, _shelflife_sentinel_v1_AuditBatchResponse__Output>
  GetStreamStats: MethodDefinition<_shelflife_sentinel_v1_GetStreamStatsRequest, _shelflife_sentinel_v1_GetStreamStatsResponse, _shelflife_sentinel_v1_GetStreamStatsRequest__Output, _shelflife_sentinel_v1_GetStreamStatsResponse__Output>
  ListAlerts: MethodDefinition<_shelflife_sentinel_v1_ListAlertsRequest, _shelflife_sentinel_v1_ListAlertsResponse, _shelflife_sentinel_v1_ListAlertsRequest__Output, _shelflife_sentinel_v1_ListAlertsResponse__Output>
  WatchAlerts: MethodDefinition<_shelflife_sentinel_v1_WatchAlertsRequest, _shelflife_sentinel_v1_WatchAlertsResponse, _shelflife_sentinel_v1_WatchAlertsRequest__Output, _shelflife_sentinel_v1_WatchAlertsResponse__Output>
}
