import { MODEL_ANNOUNCEMENT_SCHEMA } from '@shelflife/contracts';
import { routingKeys, type IncomingMessage, type MessageHandler } from '@shelflife/bus';
import type { BatchModel, RecommendationModel } from '@shelflife/recs';
import { receiveVerdictBroadcast, type QuarantineGate } from '@shelflife/quality-gates';
import { receiveControlMessage, rejectedControlMessage } from '@shelflife/service-kit';
import type { Logger } from '@shelflife/telemetry';
import { newVerdicts, retractVerdict } from './verdict-retraction';

/**
 * Control messages every scorer replica must see: a newly published batch model (blend it) and the
 * sentinel's quarantine verdicts (stop learning from what they hold, and take back what a new verdict's
 * events taught the model before the verdict arrived). Each is read with its contract: one that cannot
 * be read is logged, counted and refused, and the model and the gate stay as they were.
 */
export function controlHandler(deps: {
  model: RecommendationModel;
  gate: QuarantineGate;
  loadModel: (version: string) => Promise<BatchModel | null>;
  logger: Logger;
}): MessageHandler {
  const receiver = { consumer: 'scorer', logger: deps.logger };
  const onModelPublished = async (message: IncomingMessage) => {
    const decoded = receiveControlMessage(MODEL_ANNOUNCEMENT_SCHEMA, message, receiver);
    if (!decoded.ok) return rejectedControlMessage(decoded.reason);
    const announcement = decoded.value;
    const batch = announcement.model ?? (await deps.loadModel(announcement.version));
    if (!batch) {
      deps.logger.warn({ version: announcement.version }, 'announced batch model not found in the store; keeping the current one');
      return { action: 'ack' } as const;
    }
    deps.model.loadBatchModel(batch);
    deps.logger.info({ version: batch.version, products: Object.keys(batch.relations).length }, 'batch model loaded and blended');
    return { action: 'ack' } as const;
  };
  const onVerdicts = (message: IncomingMessage) => {
    const read = receiveVerdictBroadcast(message, receiver);
    if (!read.ok) return rejectedControlMessage(read.reason);
    const previous = deps.gate.current();
    const fresh = newVerdicts(previous, read.verdicts);
    const lifted = newVerdicts(read.verdicts, previous).length;
    deps.gate.update(read.verdicts);
    // Synchronous, so no event is applied between the gate closing and the retraction.
    let retracted = 0;
    for (const verdict of fresh) retracted += retractVerdict(deps.model, verdict, deps.logger);
    // The sentinel repeats its verdicts every 10 s: only a change is worth an info line.
    const level = fresh.length > 0 || lifted > 0 ? 'info' : 'debug';
    deps.logger[level]({ verdicts: read.verdicts.length, new: fresh.length, lifted, retracted }, 'quarantine verdicts updated');
    return { action: 'ack' } as const;
  };
  return async (message) => (message.routingKey === routingKeys.modelPublished ? onModelPublished(message) : onVerdicts(message));
}
