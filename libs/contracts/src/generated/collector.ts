import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from './google/protobuf/Timestamp';
import type { CollectBatchRequest as _shelflife_collector_v1_CollectBatchRequest, CollectBatchRequest__Output as _shelflife_collector_v1_CollectBatchRequest__Output } from './shelflife/collector/v1/CollectBatchRequest';
import type { CollectBatchResponse as _shelflife_collector_v1_CollectBatchResponse, CollectBatchResponse__Output as _shelflife_collector_v1_CollectBatchResponse__Output } from './shelflife/collector/v1/CollectBatchResponse';
import type { CollectRequest as _shelflife_collector_v1_CollectRequest, CollectRequest__Output as _shelflife_collector_v1_CollectRequest__Output } from './shelflife/collector/v1/CollectRequest';
import type { CollectResponse as _shelflife_collector_v1_CollectResponse, CollectResponse__Output as _shelflife_collector_v1_CollectResponse__Output } from './shelflife/collector/v1/CollectResponse';
import type { CollectStreamRequest as _shelflife_collector_v1_CollectStreamRequest, CollectStreamRequest__Output as _shelflife_collector_v1_CollectStreamRequest__Output } from './shelflife/collector/v1/CollectStreamRequest';
import type { CollectStreamResponse as _shelflife_collector_v1_CollectStreamResponse, CollectStreamResponse__Output as _shelflife_collector_v1_CollectStreamResponse__Output } from './shelflife/collector/v1/CollectStreamResponse';
import type { CollectorServiceClient as _shelflife_collector_v1_CollectorServiceClient, CollectorServiceDefinition as _shelflife_collector_v1_CollectorServiceDefinition } from './shelflife/collector/v1/CollectorService';
import type { FieldProblem as _shelflife_collector_v1_FieldProblem, FieldProblem__Output as _shelflife_collector_v1_FieldProblem__Output } from './shelflife/collector/v1/FieldProblem';
import type { Event as _shelflife_events_v1_Event, Event__Output as _shelflife_events_v1_Event__Output } from './shelflife/events/v1/Event';
import type { Money as _shelflife_events_v1_Money, Money__Output as _shelflife_events_v1_Money__Output } from './shelflife/events/v1/Money';

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
    collector: {
      v1: {
        CollectBatchRequest: MessageTypeDefinition<_shelflife_collector_v1_CollectBatchRequest, _shelflife_collector_v1_CollectBatchRequest__Output>
        CollectBatchResponse: MessageTypeDefinition<_shelflife_collector_v1_CollectBatchResponse, _shelflife_collector_v1_CollectBatchResponse__Output>
        CollectRequest: MessageTypeDefinition<_shelflife_collector_v1_CollectRequest, _shelflife_collector_v1_CollectRequest__Output>
        CollectResponse: MessageTypeDefinition<_shelflife_collector_v1_CollectResponse, _shelflife_collector_v1_CollectResponse__Output>
        CollectStreamRequest: MessageTypeDefinition<_shelflife_collector_v1_CollectStreamRequest, _shelflife_collector_v1_CollectStreamRequest__Output>
        CollectStreamResponse: MessageTypeDefinition<_shelflife_collector_v1_CollectStreamResponse, _shelflife_collector_v1_CollectStreamResponse__Output>
        /**
         * Accepts storefront events and answers only once the broker has confirmed them.
         */
        CollectorService: SubtypeConstructor<typeof grpc.Client, _shelflife_collector_v1_CollectorServiceClient> & { service: _shelflife_collector_v1_CollectorServiceDefinition }
        FieldProblem: MessageTypeDefinition<_shelflife_collector_v1_FieldProblem, _shelflife_collector_v1_FieldProblem__Output>
        Outcome: EnumTypeDefinition
      }
    }
    events: {
      v1: {
        Event: MessageTypeDefinition<_shelflife_events_v1_Event, _shelflife_events_v1_Event__Output>
        EventType: EnumTypeDefinition
        Money: MessageTypeDefinition<_shelflife_events_v1_Money, _shelflife_events_v1_Money__Output>
      }
    }
  }
}

