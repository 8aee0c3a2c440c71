import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from './google/protobuf/Timestamp';
import type { Alert as _shelflife_sentinel_v1_Alert, Alert__Output as _shelflife_sentinel_v1_Alert__Output } from './shelflife/sentinel/v1/Alert';
import type { AuditBatchRequest as _shelflife_sentinel_v1_AuditBatchRequest, AuditBatchRequest__Output as _shelflife_sentinel_v1_AuditBatchRequest__Output } from './shelflife/sentinel/v1/AuditBatchRequest';
import type { AuditBatchResponse as _shelflife_sentinel_v1_AuditBatchResponse, AuditBatchResponse__Output as _shelflife_sentinel_v1_AuditBatchResponse__Output } from './shelflife/sentinel/v1/AuditBatchResponse';
import type { DailyRevenueRow as _shelflife_sentinel_v1_DailyRevenueRow, DailyRevenueRow__Output as _shelflife_sentinel_v1_DailyRevenueRow__Output } from './shelflife/sentinel/v1/DailyRevenueRow';
import type { GetStreamStatsRequest as _shelflife_sentinel_v1_GetStreamStatsRequest, GetStreamStatsRequest__Output as _shelflife_sentinel_v1_GetStreamStatsRequest__Output } from './shelflife/sentinel/v1/GetStreamStatsRequest';
import type { GetStreamStatsResponse as _shelflife_sentinel_v1_GetStreamStatsResponse, GetStreamStatsResponse__Output as _shelflife_sentinel_v1_GetStreamStatsResponse__Output } from './shelflife/sentinel/v1/GetStreamStatsResponse';
import type { ListAlertsRequest as _shelflife_sentinel_v1_ListAlertsRequest, ListAlertsRequest__Output as _shelflife_sentinel_v1_ListAlertsRequest__Output } from './shelflife/sentinel/v1/ListAlertsRequest';
import type { ListAlertsResponse as _shelflife_sentinel_v1_ListAlertsResponse, ListAlertsResponse__Output as _shelflife_sentinel_v1_ListAlertsResponse__Output } from './shelflife/sentinel/v1/ListAlertsResponse';
import type { SentinelServiceClient as _shelflife_sentinel_v1_SentinelServiceClient, SentinelServiceDefinition as _shelflife_sentinel_v1_SentinelServiceDefinition } from './shelflife/sentinel/v1/SentinelService';
import type { TypeCount as _shelflife_sentinel_v1_TypeCount, TypeCount__Output as _shelflife_sentinel_v1_TypeCount__Output } from './shelflife/sentinel/v1/TypeCount';
import type { WatchAlertsRequest as _shelflife_sentinel_v1_WatchAlertsRequest, WatchAlertsRequest__Output as _shelflife_sentinel_v1_WatchAlertsRequest__Output } from './shelflife/sentinel/v1/WatchAlertsRequest';
import type { WatchAlertsResponse as _shelflife_sentinel_v1_WatchAlertsResponse, WatchAlertsResponse__Output as _shelflife_sentinel_v1_WatchAlertsResponse__Output } from './shelflife/sentinel/v1/WatchAlertsResponse';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  google: {
    protobuf: {
      Timestamp: MessageTypeDefinition<_google_protobuf_Timestamp, _google_protobuf_Timestamp__Output>
    }
  }
  shelflife: {
    sentinel: {
      v1: {
        Alert: MessageTypeDefinition<_shelflife_sentinel_v1_Alert, _shelflife_sentinel_v1_Alert__Output>
        AuditBatchRequest: MessageTypeDefinition<_shelflife_sentinel_v1_AuditBatchRequest, _shelflife_sentinel_v1_AuditBatchRequest__Output>
        AuditBatchResponse: MessageTypeDefinition<_shelflife_sentinel_v1_AuditBatchResponse, _shelflife_sentinel_v1_AuditBatchResponse__Output>
        DailyRevenueRow: MessageTypeDefinition<_shelflife_sentinel_v1_DailyRevenueRow, _shelflife_sentinel_v1_DailyRevenueRow__Output>
        GetStreamStatsRequest: MessageTypeDefinition<_shelflife_sentinel_v1_GetStreamStatsRequest, _shelflife_sentinel_v1_GetStreamStatsRequest__Output>
        GetStreamStatsResponse: MessageTypeDefinition<_shelflife_sentinel_v1_GetStreamStatsResponse, _shelflife_sentinel_v1_GetStreamStatsResponse__Output>
        ListAlertsRequest: MessageTypeDefinition<_shelflife_sentinel_v1_ListAlertsRequest, _shelflife_sentinel_v1_ListAlertsRequest__Output>
        ListAlertsResponse: MessageTypeDefinition<_shelflife_sentinel_v1_ListAlertsResponse, _shelflife_sentinel_v1_ListAlertsResponse__Output>
        /**
         * Watches the event stream and batch outputs for silent failures.
         */
        SentinelService: SubtypeConstructor<typeof grpc.Client, _shelflife_sentinel_v1_SentinelServiceClient> & { service: _shelflife_sentinel_v1_SentinelServiceDefinition }
        TypeCount: MessageTypeDefinition<_shelflife_sentinel_v1_TypeCount, _shelflife_sentinel_v1_TypeCount__Output>
        WatchAlertsRequest: MessageTypeDefinition<_shelflife_sentinel_v1_WatchAlertsRequest, _shelflife_sentinel_v1_WatchAlertsRequest__Output>
        WatchAlertsResponse: MessageTypeDefinition<_shelflife_sentinel_v1_WatchAlertsResponse, _shelflife_sentinel_v1_WatchAlertsResponse__Output>
      }
    }
  }
}

