import type { FieldProblem } from '../event-rules';
import { ObjectReader, readList, type ControlSchema } from './control-codec';

export interface ScoredItemMessage {
  productId: string;
  score: number;
}

/** A batch model as it travels: the related products of each product, and the popular ones. */
export interface BatchModelMessage {
  version: string;
  relations: Record<string, ScoredItemMessage[]>;
  popular: ScoredItemMessage[];
}

/**
 * `model.published` on the control exchange: a batch model passed its audit. The model itself travels
 * along when it is small enough; otherwise readers load the version from the store.
 */
export interface ModelAnnouncementMessage {
  version: string;
  model?: BatchModelMessage;
}

export const MODEL_ANNOUNCEMENT_SCHEMA: ControlSchema<ModelAnnouncementMessage> = {
  name: 'model announcement',
  version: 1,
  read(body, _version, problems) {
    const message = ObjectReader.of(body, '', problems);
    if (!message) return { version: '' };
    const version = message.text('version', { nonEmpty: true });
    // Absent or null: too large to travel, or the publisher could not read it back (it is in the store).
    if (!message.has('model')) return { version };
    const model = message.child('model');
    if (!model) return { version };
    const modelVersion = model.text('version', { nonEmpty: true });
    if (modelVersion && version && modelVersion !== version)
      problems.push({ field: 'model.version', problem: `must be the announced version ${version} (is ${modelVersion})` });
    return {
      version,
      model: {
        version: modelVersion,
        relations: model.map('relations', (value, path) =>
          readList(value, path, problems, (item, at) => readScoredItem(item, at, problems)),
        ),
        popular: model.list('popular', (item, path) => readScoredItem(item, path, problems)),
      },
    };
  },
};

function readScoredItem(item: unknown, path: string, problems: FieldProblem[]): ScoredItemMessage {
  const scored = ObjectReader.of(item, path, problems);
  if (!scored) return { productId: '', score: 0 };
  return { productId: scored.text('productId', { nonEmpty: true }), score: scored.number('score') };
}
