import * as grpc from '@grpc/grpc-js';

/**
 * Options every internal client uses: keepalive so a dead peer is noticed, bounded reconnect backoff,
 * and round_robin over every address the target resolves to (a headless Service's pods through
 * `dns:///`, or a list `ipv4:a:p,b:p`), so extra replicas get calls and a replica that goes away is
 * skipped. grpc-js's default, pick_first, sends everything to the first address that answers.
 * grpcChannel (grpc-tls.ts) returns these with the credentials the TLS settings ask for.
 */
export const GRPC_CLIENT_OPTIONS: grpc.ClientOptions = {
  'grpc.service_config': JSON.stringify({ loadBalancingConfig: [{ round_robin: {} }] }),
  'grpc.keepalive_time_ms': 10_000,
  'grpc.keepalive_timeout_ms': 5_000,
  'grpc.initial_reconnect_backoff_ms': 200,
  'grpc.max_reconnect_backoff_ms': 2_000,
  'grpc.enable_retries': 0,
};

export function deadlineIn(ms: number): Date {
  return new Date(Date.now() + ms);
}

/** Promise form of a unary call with a deadline. */
export function callUnary<Req, Res>(
  method: (
    request: Req,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: (error: grpc.ServiceError | null, response?: Res) => void,
  ) => unknown,
  request: Req,
  timeoutMs: number,
): Promise<Res> {
  return new Promise<Res>((resolve, reject) => {
    method(request, new grpc.Metadata(), { deadline: deadlineIn(timeoutMs) }, (error, response) => {
      if (error) reject(error);
      else resolve(response as Res);
    });
  });
}
