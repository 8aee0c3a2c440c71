import * as grpc from '@grpc/grpc-js';
import { BATCH_RUNS, type BatchRun } from '@shelflife/batch';
import { HandApprovalRefused, approveHeldBatch } from '@shelflife/batch/approve-held';
import { timestampFromMs, type BatchRunMessage, type BatchServiceServer } from '@shelflife/contracts';
import { grpcError } from '@shelflife/service-kit';
import type { Store } from '@shelflife/store';
import type { Logger } from '@shelflife/telemetry';

const DEFAULT_RUNS = 50;
const MAX_RUNS = 500;

const REFUSAL_STATUS: Record<HandApprovalRefused['reason'], grpc.status> = {
  'no-approver': grpc.status.INVALID_ARGUMENT,
  'no-such-run': grpc.status.NOT_FOUND,
  'not-held': grpc.status.FAILED_PRECONDITION,
  'input-held': grpc.status.FAILED_PRECONDITION,
};

/**
 * The aggregator's runs over gRPC: it owns batch_runs (its store), so a person's approval of a held run
 * is carried out here, on its own store, and announced on its own bus like a run it published itself.
 */
export function batchHandlers(deps: { store: Store; announce(version: string): Promise<void>; logger: Logger }): BatchServiceServer {
  const runs = deps.store.collection<BatchRun>(BATCH_RUNS);
  // One approval at a time: two at once on the same run would both find it held and both publish it.
  let approvals: Promise<unknown> = Promise.resolve();
  return {
    listRuns(call, callback) {
      const limit = Math.min(call.request.limit || DEFAULT_RUNS, MAX_RUNS);
      runs.find({}, { sort: { updatedAt: -1 }, limit }).then(
        (found) => callback(null, { runs: found.map(toRunMessage) }),
        (error: Error) => {
          callback(
            grpcError(grpc.status.UNAVAILABLE, `cannot read ${BATCH_RUNS} from the aggregator's store (${error.message}); try again`),
          );
        },
      );
    },
    approveHeldRun(call, callback) {
      const { version, by, note } = call.request;
      if (!version)
        return callback(
          grpcError(grpc.status.INVALID_ARGUMENT, 'version is required: the batch run to approve (ListRuns shows the held ones)'),
        );
      const approval = approvals.then(async () => {
        const outcome = await approveHeldBatch(deps.store, version, { by, note });
        // The model is published either way; the announcement only makes the scorers blend it now rather than at their next start.
        let announced = false;
        if (outcome.modelPromoted) {
          await deps.announce(version).then(
            () => {
              announced = true;
            },
            (error: Error) =>
              deps.logger.warn(
                { version, err: error.message },
                "approved batch published, but model.published could not be announced: scorers load it at their next start or with the next batch run's announcement",
              ),
          );
        }
        await runs.updateOne({ _id: version }, { $set: { announced } });
        return { ...outcome, announced };
      });
      approvals = approval.catch(() => undefined);
      approval.then(
        (outcome) => {
          deps.logger.info({ ...outcome, by, note, peer: call.getPeer() }, 'held batch approved by hand');
          callback(null, outcome);
        },
        (error: Error) => {
          if (error instanceof HandApprovalRefused) return callback(grpcError(REFUSAL_STATUS[error.reason], error.message));
          deps.logger.error({ version, err: error.message }, 'approval by hand failed');
          // approveHeldBatch marks the run "promoting" first: the next batch run of the window finishes an interrupted approval.
          callback(
            grpcError(
              grpc.status.UNAVAILABLE,
              `approving ${version} failed on the aggregator's store (${error.message}); ListRuns shows where it stopped: a run left "promoting" is finished by the next batch run of its window`,
            ),
          );
        },
      );
    },
  };
}

function toRunMessage(run: BatchRun): BatchRunMessage {
  const byHand = run.approvedByHand;
  return {
    version: run._id,
    window: run.window,
    state: run.state,
    backfill: run.backfill,
    reason: run.audit?.reason ?? (run.state === 'computing' ? 'computing' : 'not audited'),
    findings: run.audit?.findings ?? [],
    updatedAt: timestampFromMs(run.updatedAt),
    approvedByHand: byHand ? { by: byHand.by, note: byHand.note, at: timestampFromMs(byHand.at) } : undefined,
    revenue: (run.revenue ?? []).map((row) => ({ date: row.date, currencyCode: row.currency, revenue: row.revenueDecimal })),
  };
}
