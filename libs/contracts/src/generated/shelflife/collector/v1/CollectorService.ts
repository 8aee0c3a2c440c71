// Original file: protos/shelflife/collector/v1/collector.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CollectBatchRequest as _shelflife_collector_v1_CollectBatchRequest, CollectBatchRequest__Output as _shelflife_collector_v1_CollectBatchRequest__Output } from '../../../shelflife/collector/v1/CollectBatchRequest';
import type { CollectBatchResponse as _shelflife_collector_v1_CollectBatchResponse, CollectBatchResponse__Output as _shelflife_collector_v1_CollectBatchResponse__Output } from '../../../shelflife/collector/v1/CollectBatchResponse';
import type { CollectRequest as _shelflife_collector_v1_CollectRequest, CollectRequest__Output as _shelflife_collector_v1_CollectRequest__Output } from '../../../shelflife/collector/v1/CollectRequest';
import type { CollectResponse as _shelflife_collector_v1_CollectResponse, CollectResponse__Output as _shelflife_collector_v1_CollectResponse__Output } from '../../../shelflife/collector/v1/CollectResponse';
import type { CollectStreamRequest as _shelflife_collector_v1_CollectStreamRequest, CollectStreamRequest__Output as _shelflife_collector_v1_CollectStreamRequest__Output } from '../../../shelflife/collector/v1/CollectStreamRequest';
import type { CollectStreamResponse as _shelflife_collector_v1_CollectStreamResponse, CollectStreamResponse__Output as _shelflife_collector_v1_CollectStreamResponse__Output } from '../../../shelflife/collector/v1/CollectStreamResponse';

/**
 * Accepts storefront events and answers only once the broker has confirmed them.
 */
export interface CollectorServiceClient extends grpc.Client {
  /**
   * One event; answers after the broker's publisher confirm.
   */
  Collect(argument: _shelflife_collector_v1_CollectRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shelflife_collector_v1_CollectResponse__Output>): grpc.ClientUnaryCall;
  Collect(argument: _shelflife_collector_v1_CollectRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shelflife_collector_v1_CollectResponse__Output>): grpc.ClientUnaryCall;
  Collect(argument: _shelflife_collector_v1_CollectRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shelflife_collector_v1_CollectResponse__Output>): grpc.ClientUnaryCall;
  Collect(argument: _shelflife_collector_v1_CollectRequest, callback: grpc.requestCallback<_shelflife_collector_v1_CollectResponse__Output>): grpc.ClientUnaryCall;
  /**
   * One event; answers after the broker's publisher confirm.
   */
  collect(argument: _shelflife_collector_v1_CollectRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shelflife_collector_v1_CollectResponse__Output>): grpc.ClientUnaryCall;
  collect(argument: _shelflife_collector_v1_CollectRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shelflife_collector_v1_CollectResponse__Output>): grpc.ClientUnaryCall;
  collect(argument: _shelflife_collector_v1_CollectRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shelflife_collector_v1_CollectResponse__Output>): grpc.ClientUnaryCall;
  collect(argument: _shelflife_collector_v1_CollectRequest, callback: grpc.requestCallback<_shelflife_collector_v1_CollectResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * A batch of events in one call; each event gets its own outcome.
   */
  CollectBatch(argument: _shelflife_collector_v1_CollectBatchRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shelflife_collector_v1_CollectBatchResponse__Output>): grpc.ClientUnaryCall;
  CollectBatch(argument: _shelflife_collector_v1_CollectBatchRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shelflife_collector_v1_CollectBatchResponse__Output>): grpc.ClientUnaryCall;
  CollectBatch(argument: _shelflife_collector_v1_CollectBatchRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shelflife_collector_v1_CollectBatchResponse__Output>): grpc.ClientUnaryCall;
  CollectBatch(argument: _shelflife_collector_v1_CollectBatchRequest, callback: grpc.requestCallback<_shelflife_collector_v1_CollectBatchResponse__Output>): grpc.ClientUnaryCall;
  /**
   * A batch of events in one call; each event gets its own outcome.
   */
  collectBatch(argument: _shelflife_collector_v1_CollectBatchRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shelflife_collector_v1_CollectBatchResponse__Output>): grpc.ClientUnaryCall;
  collectBatch(argument: _shelflife_collector_v1_CollectBatchRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shelflife_collector_v1_CollectBatchResponse__Output>): grpc.ClientUnaryCall;
  collectBatch(argument: _shelflife_collector_v1_CollectBatchRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shelflife_collector_v1_CollectBatchResponse__Output>): grpc.ClientUnaryCall;
  collectBatch(argument: _shelflife_collector_v1_CollectBatchRequest, callback: grpc.requestCallback<_shelflife_collector_v1_CollectBatchResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * A client stream of batches for bulk loaders; one summary at the end.
   */
  CollectStream(metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shelflife_collector_v1_CollectStreamResponse__Output>): grpc.ClientWritableStream<_shelflife_collector_v1_CollectStreamRequest>;
  CollectStream(metadata: grpc.Metadata, callback: grpc.requestCallback<_shelflife_collector_v1_CollectStreamResponse__Output>): grpc.ClientWritableStream<_shelflife_collector_v1_CollectStreamRequest>;
  CollectStream(options: grpc.CallOptions, callback: grpc.requestCallback<_shelflife_collector_v1_CollectStreamResponse__Output>): grpc.ClientWritableStream<_shelflife_collector_v1_CollectStreamRequest>;
  CollectStream(callback: grpc.requestCallback<_shelflife_collector_v1_CollectStreamResponse__Output>): grpc.ClientWritableStream<_shelflife_collector_v1_CollectStreamRequest>;
  /**
   * A client stream of batches for bulk loaders; one summary at the end.
   */
  collectStream(metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shelflife_collector_v1_CollectStreamResponse__Output>): grpc.ClientWritableStream<_shelflife_collector_v1_CollectStreamRequest>;
  collectStream(metadata: grpc.Metadata, callback: grpc.requestCallback<_shelflife_collector_v1_CollectStreamResponse__Output>): grpc.ClientWritableStream<_shelflife_collector_v1_CollectStreamRequest>;
  collectStream(options: grpc.CallOptions, callback: grpc.requestCallback<_shelflife_collector_v1_CollectStreamResponse__Output>): grpc.ClientWritableStream<_shelflife_collector_v1_CollectStreamRequest>;
  collectStream(callback: grpc.requestCallback<_shelflife_collector_v1_CollectStreamResponse__Output>): grpc.ClientWritableStream<_shelflife_collector_v1_CollectStreamRequest>;
  
}

/**
 * Accepts storefront events and answers only once the broker has confirmed them.
 */
export interface CollectorServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * One event; answers after the broker's publisher confirm.
   */
  Collect: grpc.handleUnaryCall<_shelflife_collector_v1_CollectRequest__Output, _shelflife_collector_v1_CollectResponse>;
  
  /**
   * A batch of events in one call; each event gets its own outcome.
   */
  CollectBatch: grpc.handleUnaryCall<_shelflife_collector_v1_CollectBatchRequest__Output, _shelflife_collector_v1_CollectBatchResponse>;
  
  /**
   * A client stream of batches for bulk loaders; one summary at the end.
   */
  CollectStream: grpc.handleClientStreamingCall<_shelflife_collector_v1_CollectStreamRequest__Output, _shelflife_collector_v1_CollectStreamResponse>;
  
}

export interface CollectorServiceDefinition extends grpc.ServiceDefinition {
  Collect: MethodDefinition<_shelflife_collector_v1_CollectRequest, _shelflife_collector_v1_CollectResponse, _shelflife_collector_v1_CollectRequest__Output, _shelflife_collector_v1_CollectResponse__Output>
  CollectBatch: MethodDefinition<_shelflife_collector_v1_CollectBatchRequest, _shelflife_collector_v1_CollectBatchResponse, _shelflife_collector_v1_CollectBatchRequest__Output, _shelflife_collector_v1_CollectBatchResponse__Output>
  CollectStream: MethodDefinition<_shelflife_collector_v1_CollectStreamRequest, _shelflife_collector_v1_CollectStreamResponse, _shelflife_collector_v1_CollectStreamRequest__Output, _shelflife_collector_v1_CollectStreamResponse__Output>
}
