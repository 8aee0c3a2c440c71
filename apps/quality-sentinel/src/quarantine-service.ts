import * as grpc from '@grpc/grpc-js';
import { eventToProto, timestampFromMs, type SentinelServiceServer } from '@shelflife/contracts';
import type { EventBus } from '@shelflife/bus';
import { grpcError } from '@shelflife/service-kit';
import { QuarantineActions, QuarantineRefusal } from '@shelflife/quality-gates';
import type { Store } from '@shelflife/store';
import type { Logger } from '@shelflife/telemetry';

/** Enough to recognise what was held; the rest stays in the store (npm run quarantine -- list). */
const MAX_SAMPLES_PER_ALERT = 50;

export type QuarantineHandlers = Pick<SentinelServiceServer, 'listQuarantine' | 'replayQuarantine' | 'discardQuarantine'>;

/**
 * The quarantine over gRPC: the sentinel owns it (its store, its bus), so the console and anyone else act
 * through here, never on the sentinel's store, and the same QuarantineActions as `npm run quarantine` run.
 */
export function quarantineHandlers(deps: {
  store: Store;
  bus?: EventBus;
  busPrefix: string;
  maxFutureSkewMs: number;
  logger: Logger;
}): QuarantineHandlers {
  const actions = new QuarantineActions(deps.store);
  const fail = (action: string, callback: (error: grpc.ServiceError) => void) => (error: Error) => {
    if (error instanceof QuarantineRefusal) {
      return callback(
        grpcError(error.reason === 'no-alert-id' ? grpc.status.INVALID_ARGUMENT : grpc.status.FAILED_PRECONDITION, error.message),
      );
    }
    deps.logger.error({ err: error.message, action }, 'quarantine action failed');
    callback(
      grpcError(
        grpc.status.UNAVAILABLE,
        `${action} failed on the sentinel's store or bus (${error.message}); nothing was lost: the events not yet removed stay held, try again`,
      ),
    );
  };
  return {
    listQuarantine(call, callback) {
      const samples = Math.min(call.request.samplesPerAlert, MAX_SAMPLES_PER_ALERT);
      (async () => {
        const groups = await actions.list(call.request.alertId || undefined);
        return Promise.all(
          groups.map(async (group) => ({
            alertId: group.alertId,
            events: String(group.events),
            firstIngestedAt: timestampFromMs(group.from),
            lastIngestedAt: timestampFromMs(group.to),
            samples:
              samples === 0
                ? []
                : (await actions.sample(group.alertId, samples)).map((held) => ({
                    event: eventToProto(held.event),
                    ingestedAt: timestampFromMs(held.ingestedAt),
                    alertIds: held.alertIds,
                  })),
          })),
        );
      })().then((groups) => callback(null, { groups }), fail('listing the quarantine', callback));
    },
    replayQuarantine(call, callback) {
      const { alertId } = call.request;
      actions.replay(alertId, deps.bus, deps.busPrefix, { maxFutureSkewMs: deps.maxFutureSkewMs }).then(
        (result) => {
          deps.logger.info({ ...result, peer: call.getPeer() }, 'quarantine replayed over gRPC');
          callback(null, {
            alertId,
            events: String(result.events),
            removedFromQuarantine: String(result.removedFromQuarantine),
            refused: String(result.refused ?? 0),
            refusedExamples: result.refusedExamples ?? [],
          });
        },
        fail('replay', callback),
      );
    },
    discardQuarantine(call, callback) {
      const { alertId } = call.request;
      actions.discard(alertId).then(
        (result) => {
          deps.logger.info({ ...result, peer: call.getPeer() }, 'quarantine discarded over gRPC');
          callback(null, { alertId, events: String(result.events), removedFromQuarantine: String(result.removedFromQuarantine) });
        },
        fail('discard', callback),
      );
    },
  };
}
