import * as grpc from '@grpc/grpc-js';
import { Outcome, type CollectorServiceServer, type CollectResponse, type CollectStreamRequest } from '@shelflife/contracts';
import { BusUnavailableError } from '@shelflife/bus';
import { grpcError } from '@shelflife/service-kit';
import type { Logger } from '@shelflife/telemetry';
import type { EventPublisher } from './event-publisher';

const MAX_BATCH = 5_000;

function pastDeadline(deadline: grpc.Deadline): boolean {
  const at = deadline instanceof Date ? deadline.getTime() : deadline;
  return Number.isFinite(at) && at <= Date.now();
}

/** gRPC handlers: thin, everything real happens in EventPublisher. */
export function collectorHandlers(publisher: Pick<EventPublisher, 'publishAll'>, logger: Logger): CollectorServiceServer {
  const fail = (error: unknown): grpc.ServiceError => {
    if (error instanceof BusUnavailableError) return grpcError(grpc.status.UNAVAILABLE, `events not accepted: ${error.message}`);
    logger.error({ err: (error as Error).message }, 'collect failed');
    return grpcError(grpc.status.INTERNAL, `events not accepted: ${(error as Error).message}`);
  };
  return {
    collect(call, callback) {
      if (!call.request.event) return callback(grpcError(grpc.status.INVALID_ARGUMENT, 'request.event is required'));
      publisher.publishAll([call.request.event]).then(
        ([result]) => callback(null, result),
        (error) => callback(fail(error)),
      );
    },
    collectBatch(call, callback) {
      const { events, traceparents } = call.request;
      if (events.length > MAX_BATCH)
        return callback(grpcError(grpc.status.INVALID_ARGUMENT, `a batch holds at most ${MAX_BATCH} events; split it`));
      // A call that waited past its deadline (the collector fell behind) has been given up by its caller:
      // publishing it now would spend the broker on events the shop resends anyway, and that work is
      // what turns an overload into a collapse.
      if (pastDeadline(call.getDeadline()))
        return callback(
          grpcError(grpc.status.DEADLINE_EXCEEDED, 'the call reached the collector after its deadline; nothing was published, resend'),
        );
      publisher.publishAll(events, traceparents).then(
        (results) => callback(null, { results }),
        (error) => callback(fail(error)),
      );
    },
    collectStream(call, callback) {
      const totals = { accepted: 0, duplicates: 0, rejected: 0 };
      const pending: Promise<void>[] = [];
      let failed: unknown;
      const count = (results: CollectResponse[]) => {
        for (const r of results) {
          if (r.outcome === Outcome.OUTCOME_ACCEPTED) totals.accepted += 1;
          else if (r.outcome === Outcome.OUTCOME_DUPLICATE) totals.duplicates += 1;
          else totals.rejected += 1;
        }
      };
      call.on('data', (request: CollectStreamRequest) => {
        pending.push(
          publisher.publishAll(request.events, request.traceparents).then(count, (error) => {
            failed = error;
          }),
        );
      });
      call.on('end', () => {
        void Promise.all(pending).then(() => (failed ? callback(fail(failed)) : callback(null, totals)));
      });
    },
  };
}
