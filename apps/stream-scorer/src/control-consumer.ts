import type { MessageHandler } from '@shelflife/bus';
import type { BatchModel, RecommendationModel } from '@shelflife/recs';
import type { QuarantineBroadcast, QuarantineGate } from '@shelflife/service-kit';
import type { Logger } from '@shelflife/telemetry';

/** What `model.published` carries: the version, and the model itself when it is small enough to travel. */
export interface ModelAnnouncement {
  version: string;
  model?: BatchModel;
}

/**
 * Control messages every scorer replica must see: a newly published batch model (blend it) and the
 * sentinel's quarantine verdicts (stop learning from what they hold).
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
      deps.gate.update(broadcast.verdicts);
      deps.logger.info({ verdicts: broadcast.verdicts.length }, 'quarantine verdicts updated');
    }
    return { action: 'ack' };
  };
}
