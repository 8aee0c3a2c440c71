import { BATCH_RUNS, loadModelVersion, type BatchRun } from '@shelflife/batch';
import { approveHeldBatch, type HandApprovalOutcome } from '@shelflife/batch/approve-held';
import { moneyToDecimalString } from '@shelflife/contracts';
import { routingKeys, topology, type EventBus } from '@shelflife/bus';
import { QuarantineActions, type QuarantineActionResult } from '@shelflife/service-kit';
import type { Logger } from '@shelflife/telemetry';
import { Conflict } from './http-validation';
import type { BatchRunView, QualityView, QuarantineGroup } from '../shared/api';
import type { SentinelClient } from './grpc-clients';
import type { StoreAccess } from './store-access';

const SAMPLES_PER_ALERT = 5;
const RUNS_SHOWN = 50;
/** As the aggregator does: the model travels with its announcement when small. */
const MAX_INLINE_MODEL_BYTES = 8 * 1024 * 1024;

/** The data-quality page's server side: alerts over gRPC, the quarantine and the batch audits from the store, and the actions on them. */
export class Quality {
  constructor(private readonly deps: { sentinel: SentinelClient; stores: StoreAccess; bus?: EventBus; busPrefix: string; approver: string; logger: Logger }) {}

  async view(): Promise<QualityView> {
    const view: QualityView = { alerts: [], quarantine: [], batchRuns: [], store: this.deps.stores.status };
    try {
      view.alerts = await this.deps.sentinel.listAlerts(true);
    } catch (error) {
      view.alertsError = `the sentinel did not answer ListAlerts: ${(error as Error).message}`;
    }
    try {
      view.quarantine = await this.quarantine();
      view.batchRuns = await this.batchRuns();
    } catch (error) {
      view.storeError = (error as Error).message;
    }
    return view;
  }

  private async quarantine(): Promise<QuarantineGroup[]> {
    const actions = new QuarantineActions(await this.deps.stores.sentinel());
    const groups: QuarantineGroup[] = [];
    for (const group of await actions.list()) {
      const held = await actions.sample(group.alertId, SAMPLES_PER_ALERT);
      groups.push({
        ...group,
        samples: held.map(({ event }) => ({
          eventId: event.eventId, type: event.type, productId: event.productId, occurredAt: new Date(event.occurredAt).toISOString(), source: event.source,
          price: event.price ? `${moneyToDecimalString(event.price)} ${event.price.currency}` : '',
        })),
      });
    }
    return groups;
  }

  private async batchRuns(): Promise<BatchRunView[]> {
    const store = await this.deps.stores.aggregator();
    const runs = await store.collection<BatchRun>(BATCH_RUNS).find({}, { sort: { updatedAt: -1 }, limit: RUNS_SHOWN });
    return runs.map((run) => {
      const byHand = run.approvedByHand as { by: string; note: string; at: number } | undefined;
      return {
        version: run._id, window: run.window, state: run.state, backfill: run.backfill, reason: run.audit?.reason ?? (run.state === 'computing' ? 'computing' : 'not audited'),
        findings: run.audit?.findings ?? [], updatedAt: run.updatedAt, approvedByHand: byHand ?? null,
        revenue: (run.revenue ?? []).map((row) => ({ date: row.date, currency: row.currency, revenue: row.revenueDecimal })),
      };
    });
  }

  async replay(alertId: string): Promise<QuarantineActionResult> {
    this.requireActions();
    const result = await new QuarantineActions(await this.deps.stores.sentinel()).replay(alertId, this.deps.bus, this.deps.busPrefix);
    this.deps.logger.info(result, 'quarantine replayed from the console');
    return result;
  }

  async discard(alertId: string): Promise<QuarantineActionResult> {
    this.requireActions();
    const result = await new QuarantineActions(await this.deps.stores.sentinel()).discard(alertId);
    this.deps.logger.info(result, 'quarantine discarded from the console');
    return result;
  }

  async approve(version: string, note: string): Promise<HandApprovalOutcome> {
    this.requireActions();
    const store = await this.deps.stores.aggregator();
    const outcome = await approveHeldBatch(store, version, { by: this.deps.approver, note }).catch((error: Error) => {
      throw new Conflict(error.message);
    });
    if (outcome.modelPromoted) await this.announce(version);
    await store.collection<BatchRun>(BATCH_RUNS).updateOne({ _id: version }, { $set: { announced: outcome.modelPromoted && this.deps.bus !== undefined } });
    this.deps.logger.info({ ...outcome, by: this.deps.approver }, 'held batch approved by hand from the console');
    return outcome;
  }

  /** `model.published`, as the aggregator announces it, so scorers blend the approved model now. */
  private async announce(version: string): Promise<void> {
    if (!this.deps.bus) {
      this.deps.logger.warn({ version }, 'model published without an announcement (no message bus configured): scorers load it at their next start or the next batch run announces it');
      return;
    }
    const model = await loadModelVersion(await this.deps.stores.aggregator(), version).catch(() => null);
    let body = JSON.stringify({ version, model });
    if (body.length > MAX_INLINE_MODEL_BYTES) body = JSON.stringify({ version });
    await this.deps.bus.publish({ exchange: topology(this.deps.busPrefix).exchanges.control, routingKey: routingKeys.modelPublished, body: Buffer.from(body), messageId: `model-${version}` });
  }

  private requireActions(): void {
    if (!this.deps.stores.status.canAct) throw new ActionRefused(this.deps.stores.status.why);
  }
}

export class ActionRefused extends Error {
  constructor(why: string) {
    super(`this console cannot change the store: ${why}`);
    this.name = 'ActionRefused';
  }
}
