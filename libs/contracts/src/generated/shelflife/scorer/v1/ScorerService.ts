// Original file: protos/shelflife/scorer/v1/scorer.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { GetRecommendationsRequest as _shelflife_scorer_v1_GetRecommendationsRequest, GetRecommendationsRequest__Output as _shelflife_scorer_v1_GetRecommendationsRequest__Output } from '../../../shelflife/scorer/v1/GetRecommendationsRequest';
import type { GetRecommendationsResponse as _shelflife_scorer_v1_GetRecommendationsResponse, GetRecommendationsResponse__Output as _shelflife_scorer_v1_GetRecommendationsResponse__Output } from '../../../shelflife/scorer/v1/GetRecommendationsResponse';
import type { GetRelationsRequest as _shelflife_scorer_v1_GetRelationsRequest, GetRelationsRequest__Output as _shelflife_scorer_v1_GetRelationsRequest__Output } from '../../../shelflife/scorer/v1/GetRelationsRequest';
import type { GetRelationsResponse as _shelflife_scorer_v1_GetRelationsResponse, GetRelationsResponse__Output as _shelflife_scorer_v1_GetRelationsResponse__Output } from '../../../shelflife/scorer/v1/GetRelationsResponse';
import type { StreamRecommendationsRequest as _shelflife_scorer_v1_StreamRecommendationsRequest, StreamRecommendationsRequest__Output as _shelflife_scorer_v1_StreamRecommendationsRequest__Output } from '../../../shelflife/scorer/v1/StreamRecommendationsRequest';
import type { StreamRecommendationsResponse as _shelflife_scorer_v1_StreamRecommendationsResponse, StreamRecommendationsResponse__Output as _shelflife_scorer_v1_StreamRecommendationsResponse__Output } from '../../../shelflife/scorer/v1/StreamRecommendationsResponse';

/**
 * Serves item-to-item recommendations from the live model.
 */
export interface ScorerServiceClient extends grpc.Client {
  GetRecommendations(argument: _shelflife_scorer_v1_GetRecommendationsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shelflife_scorer_v1_GetRecommendationsResponse__Output>): grpc.ClientUnaryCall;
  GetRecommendations(argument: _shelflife_scorer_v1_GetRecommendationsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shelflife_scorer_v1_GetRecommendationsResponse__Output>): grpc.ClientUnaryCall;
  GetRecommendations(argument: _shelflife_scorer_v1_GetRecommendationsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shelflife_scorer_v1_GetRecommendationsResponse__Output>): grpc.ClientUnaryCall;
  GetRecommendations(argument: _shelflife_scorer_v1_GetRecommendationsRequest, callback: grpc.requestCallback<_shelflife_scorer_v1_GetRecommendationsResponse__Output>): grpc.ClientUnaryCall;
  getRecommendations(argument: _shelflife_scorer_v1_GetRecommendationsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shelflife_scorer_v1_GetRecommendationsResponse__Output>): grpc.ClientUnaryCall;
  getRecommendations(argument: _shelflife_scorer_v1_GetRecommendationsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shelflife_scorer_v1_GetRecommendationsResponse__Output>): grpc.ClientUnaryCall;
  getRecommendations(argument: _shelflife_scorer_v1_GetRecommendationsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shelflife_scorer_v1_GetRecommendationsResponse__Output>): grpc.ClientUnaryCall;
  getRecommendations(argument: _shelflife_scorer_v1_GetRecommendationsRequest, callback: grpc.requestCallback<_shelflife_scorer_v1_GetRecommendationsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * The live model's own relations for some products (no padding with popular items): what the
   * batch aggregator compares its full-history model with.
   */
  GetRelations(argument: _shelflife_scorer_v1_GetRelationsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shelflife_scorer_v1_GetRelationsResponse__Output>): grpc.ClientUnaryCall;
  GetRelations(argument: _shelflife_scorer_v1_GetRelationsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shelflife_scorer_v1_GetRelationsResponse__Output>): grpc.ClientUnaryCall;
  GetRelations(argument: _shelflife_scorer_v1_GetRelationsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shelflife_scorer_v1_GetRelationsResponse__Output>): grpc.ClientUnaryCall;
  GetRelations(argument: _shelflife_scorer_v1_GetRelationsRequest, callback: grpc.requestCallback<_shelflife_scorer_v1_GetRelationsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * The live model's own relations for some products (no padding with popular items): what the
   * batch aggregator compares its full-history model with.
   */
  getRelations(argument: _shelflife_scorer_v1_GetRelationsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shelflife_scorer_v1_GetRelationsResponse__Output>): grpc.ClientUnaryCall;
  getRelations(argument: _shelflife_scorer_v1_GetRelationsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shelflife_scorer_v1_GetRelationsResponse__Output>): grpc.ClientUnaryCall;
  getRelations(argument: _shelflife_scorer_v1_GetRelationsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shelflife_scorer_v1_GetRelationsResponse__Output>): grpc.ClientUnaryCall;
  getRelations(argument: _shelflife_scorer_v1_GetRelationsRequest, callback: grpc.requestCallback<_shelflife_scorer_v1_GetRelationsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * GetRecommendations, many questions over one long-lived stream: the storefront gateway's path.
   * A unary call costs the client about five times the CPU of one message on an open stream
   * (docs/benchmarks.md), more than the answer itself. Answers come back matched by id, in any
   * order; the server ends the stream when it drains, and the client opens a new one.
   */
  StreamRecommendations(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_shelflife_scorer_v1_StreamRecommendationsRequest, _shelflife_scorer_v1_StreamRecommendationsResponse__Output>;
  StreamRecommendations(options?: grpc.CallOptions): grpc.ClientDuplexStream<_shelflife_scorer_v1_StreamRecommendationsRequest, _shelflife_scorer_v1_StreamRecommendationsResponse__Output>;
  /**
   * GetRecommendations, many questions over one long-lived stream: the storefront gateway's path.
   * A unary call costs the client about five times the CPU of one message on an open stream
   * (docs/benchmarks.md), more than the answer itself. Answers come back matched by id, in any
   * order; the server ends the stream when it drains, and the client opens a new one.
   */
  streamRecommendations(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_shelflife_scorer_v1_StreamRecommendationsRequest, _shelflife_scorer_v1_StreamRecommendationsResponse__Output>;
  streamRecommendations(options?: grpc.CallOptions): grpc.ClientDuplexStream<_shelflife_scorer_v1_StreamRecommendationsRequest, _shelflife_scorer_v1_StreamRecommendationsResponse__Output>;
  
}

/**
 * Serves item-to-item recommendations from the live model.
 */
export interface ScorerServiceHandlers extends grpc.UntypedServiceImplementation {
  GetRecommendations: grpc.handleUnaryCall<_shelflife_scorer_v1_GetRecommendationsRequest__Output, _shelflife_scorer_v1_GetRecommendationsResponse>;
  
  /**
   * The live model's own relations for some products (no padding with popular items): what the
   * batch aggregator compares its full-history model with.
   */
  GetRelations: grpc.handleUnaryCall<_shelflife_scorer_v1_GetRelationsRequest__Output, _shelflife_scorer_v1_GetRelationsResponse>;
  
  /**
   * GetRecommendations, many questions over one long-lived stream: the storefront gateway's path.
   * A unary call costs the client about five times the CPU of one message on an open stream
   * (docs/benchmarks.md), more than the answer itself. Answers come back matched by id, in any
   * order; the server ends the stream when it drains, and the client opens a new one.
   */
  StreamRecommendations: grpc.handleBidiStreamingCall<_shelflife_scorer_v1_StreamRecommendationsRequest__Output, _shelflife_scorer_v1_StreamRecommendationsResponse>;
  
}

export interface ScorerServiceDefinition extends grpc.ServiceDefinition {
  GetRecommendations: MethodDefinition<_shelflife_scorer_v1_GetRecommendationsRequest, _shelflife_scorer_v1_GetRecommendationsResponse, _shelflife_scorer_v1_GetRecommendationsRequest__Output, _shelflife_scorer_v1_GetRecommendationsResponse__Output>
  GetRelations: MethodDefinition<_shelflife_scorer_v1_GetRelationsRequest, _shelflife_scorer_v1_GetRelationsResponse, _shelflife_scorer_v1_GetRelationsRequest__Output, _shelflife_scorer_v1_GetRelationsResponse__Output>
  StreamRecommendations: MethodDefinition<_shelflife_scorer_v1_StreamRecommendationsRequest, _shelflife_scorer_v1_StreamRecommendationsResponse, _shelflife_scorer_v1_StreamRecommendationsRequest__Output, _shelflife_scorer_v1_StreamRecommendationsResponse__Output>
}
