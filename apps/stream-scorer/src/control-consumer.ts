import type { MessageHandler } from '@shelflife/bus';
import type { BatchModel, RecommendationModel } from '@shelflife/recs';
import type { QuarantineBroadcast, QuarantineGate } from '@shelflife/service-kit';
import type { Logger } from '@shelflife/telemetry';
import { newVerdicts, retractVerdict } from './verdict-retraction';

/** What `model.published` carries: the version, and the model itself when it is small enough to travel. */
export interface ModelAnnouncement {
  version: string;
  model?: BatchModel;
}

/**
 * Control messages every scorer replica must see: a newly published batch model (blend it) and the
 * sentinel's quarantine verdicts (stop learning from what they hold, and take back what a new verdict's
 * events taught the model before the verdict arrived).
 */
export function controlHandler(deps: {
  model: RecommendationModel;
  gate: QuarantineGate;
  loadModel: (version: string) => Promise<BatchModel | null>;
  logger: Logger;
}): MessageHandler {
  return async (message) => {
    const body = JSON.parse(message.body.toString('utf8')) as unknown;
    if (message.routingKey === 'model.published') {
      const announcement = body as ModelAnnouncement;
      const batch = announcement.model ?? (await deps.loadModel(announcement.version));
      if (!batch) {
        deps.logger.warn({ version: announcement.version }, 'announced batch model not found in the store; keeping the current one');
        return { action: 'ack' };
      }
      deps.model.loadBatchModel(batch);
      deps.logger.info({ version: batch.version, products: Object.keys(batch.relations).length }, 'batch model loaded and blended');
    } else {
      const broadcast = body as QuarantineBroadcast;
      const previous = deps.gate.current();
      const fresh = newVerdicts(previous, broadcast.verdicts);
      const lifted = newVerdicts(broadcast.verdicts, previous).length;
      deps.gate.update(broadcast.verdicts);
      // Synchronous, so no event is applied between the gate closing and the retraction.
      let retracted = 0;
      for (const verdict of fresh) retracted += retractVerdict(deps.model, verdict, deps.logger);
      // The sentinel repeats its verdicts every 10 s: only a change is worth an info line.
      const level = fresh.length > 0 || lifted > 0 ? 'info' : 'debug';
      deps.logger[level]({ verdicts: broadcast.verdicts.length, new: fresh.length, lifted, retracted }, 'quarantine verdicts updated');
    }
    return { action: 'ack' };
  };
}
