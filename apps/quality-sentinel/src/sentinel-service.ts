import * as grpc from '@grpc/grpc-js';
import type { SentinelServiceServer } from '@shelflife/contracts';
import { batchAuditRequestFromWire, type AlertChange } from '@shelflife/quality';
import { grpcError } from '@shelflife/service-kit';
import type { Logger } from '@shelflife/telemetry';
import { toAlertMessage } from './alert-message';
import type { QuarantineHandlers } from './quarantine-service';
import type { SentinelCore } from './sentinel-core';

/** The sentinel's API: its stream statistics, alerts and audits (from the core), and the quarantine it owns. */
export function sentinelHandlers(core: SentinelCore, logger: Logger, quarantine: QuarantineHandlers): SentinelServiceServer {
  return {
    ...quarantine,
    getStreamStats(_call, callback) {
      const stats = core.streamStats();
      callback(null, {
        counts: stats.counts.map((c) => ({ type: c.type, schemaVersion: c.schemaVersion, count: String(c.count) })),
        total: String(stats.total),
      });
    },
    listAlerts(call, callback) {
      callback(null, { alerts: core.quality.alerts(call.request.includeCleared).map(toAlertMessage) });
    },
    watchAlerts(call) {
      const listener = ({ change, alert }: AlertChange) => call.write({ change, alert: toAlertMessage(alert) });
      core.changes.on('change', listener);
      // Active alerts first, so a watcher never misses one raised before it connected.
      for (const alert of core.quality.activeAlerts()) call.write({ change: 'raised', alert: toAlertMessage(alert) });
      const stop = () => core.changes.off('change', listener);
      call.on('cancelled', stop);
      call.on('close', stop);
    },
    auditBatch(call, callback) {
      let request;
      try {
        request = batchAuditRequestFromWire(call.request);
      } catch (error) {
        return callback(grpcError(grpc.status.INVALID_ARGUMENT, `price_summary_json is not valid JSON: ${(error as Error).message}`));
      }
      core.audit(request).then(
        (result) => callback(null, result),
        (error: Error) => {
          logger.error({ err: error.message }, 'audit failed');
          callback(grpcError(grpc.status.INTERNAL, `audit failed: ${error.message}`));
        },
      );
    },
  };
}
