import type { Logger } from '@shelflife/telemetry';
import type { ActionOutcome, ApprovalOutcome, QualityView } from '../shared/api';
import type { AggregatorClient, SentinelClient } from './grpc-clients';

const SAMPLES_PER_ALERT = 5;
const RUNS_SHOWN = 50;

/**
 * The data-quality page's server side. Every part of it belongs to a service: the alerts and the
 * quarantine to the sentinel, the batch runs to the aggregator. The console reads them and acts on them
 * through those services' gRPC APIs, never on their stores, so it works the same whoever stores what
 * (one MongoDB, the all-in-one process, or each service its own embedded store), as in Kubernetes.
 */
export class Quality {
  constructor(
    private readonly deps: {
      sentinel: SentinelClient;
      aggregator: AggregatorClient;
      actsThrough: string;
      approver: string;
      logger: Logger;
    },
  ) {}

  async view(): Promise<QualityView> {
    const view: QualityView = { alerts: [], quarantine: [], batchRuns: [], actsThrough: this.deps.actsThrough };
    // Three independent questions: one service down must not blank the others' parts of the page.
    await Promise.all([
      this.deps.sentinel.listAlerts(true).then(
        (alerts) => {
          view.alerts = alerts;
        },
        (error: Error) => {
          view.alertsError = `the sentinel did not answer ListAlerts: ${error.message}`;
        },
      ),
      this.deps.sentinel.listQuarantine(SAMPLES_PER_ALERT).then(
        (groups) => {
          view.quarantine = groups;
        },
        (error: Error) => {
          view.quarantineError = error.message;
        },
      ),
      this.deps.aggregator.listRuns(RUNS_SHOWN).then(
        (runs) => {
          view.batchRuns = runs;
        },
        (error: Error) => {
          view.batchRunsError = error.message;
        },
      ),
    ]);
    return view;
  }

  async replay(alertId: string): Promise<ActionOutcome> {
    const result = await this.deps.sentinel.replay(alertId);
    this.deps.logger.info(result, 'quarantine replayed from the console (by the sentinel)');
    return result;
  }

  async discard(alertId: string): Promise<ActionOutcome> {
    const result = await this.deps.sentinel.discard(alertId);
    this.deps.logger.info(result, 'quarantine discarded from the console (by the sentinel)');
    return result;
  }

  async approve(version: string, note: string): Promise<ApprovalOutcome> {
    const outcome = await this.deps.aggregator.approve(version, this.deps.approver, note);
    this.deps.logger.info({ ...outcome, by: this.deps.approver }, 'held batch approved by hand from the console (by the aggregator)');
    return outcome;
  }
}
